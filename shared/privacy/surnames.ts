/**
 * Chinese surnames (姓) used to recognise names in free text and to mask names: the compound
 * surnames (复姓) in use today, and the commonest single surnames (the top of the 2020 census list,
 * which cover well over 85% of people). Characters that are far more often ordinary words than
 * surnames in complaint text (e.g. 区 in 小区, 于 "at", 和 "and", 时 "time", 明 "bright") are left out of the single list on purpose:
 * a surname is only ever matched next to a name cue (先生, 我叫…), so leaving one out costs little.
 */
export const COMPOUND_SURNAMES: readonly string[] = [
  '欧阳', '司马', '诸葛', '上官', '东方', '皇甫', '尉迟', '公孙', '慕容', '令狐', '宇文', '长孙', '夏侯', '司徒',
  '端木', '南宫', '独孤', '澹台', '公冶', '轩辕', '闻人', '万俟', '呼延', '赫连', '申屠', '濮阳', '太史', '钟离',
  '百里', '东郭', '西门', '左丘', '司空', '淳于', '单于', '拓跋', '完颜',
];

export const SINGLE_SURNAMES: readonly string[] = Array.from(
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤向常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝',
);

/** The surname at the start of a name, compound first (欧阳娜娜 → 欧阳), or null when none is recognised. */
export function surnameOf(name: string): string | null {
  for (const s of COMPOUND_SURNAMES) if (name.startsWith(s) && name.length > s.length) return s;
  const first = Array.from(name)[0];
  return first !== undefined && SINGLE_SURNAMES.includes(first) ? first : null;
}
