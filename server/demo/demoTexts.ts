import type { Rng } from './random.ts';

/**
 * Believable case texts for the demo activity, per category code (server/modules/cases/taxonomy.ts).
 * `{addr}` is replaced by a short place (e.g. 梅园新村社区12栋), `{road}` by a road name. No real
 * people: parties of disputes get synthetic names from random.ts.
 */
export const CASE_TEXTS: Record<string, readonly string[]> = {
  '0101': ['{addr}东侧空地堆放生活垃圾约2平方米，散发异味', '{road}人行道旁绿化带内有装修垃圾堆积，未清运', '{addr}楼后暴露垃圾较多，有居民反映蚊蝇滋生'],
  '0102': ['{road}路面有大量泥沙散落，疑似渣土车遗撒', '{addr}门口道路油污明显，行人易滑倒'],
  '0103': ['{addr}垃圾分类投放点桶满溢，周边散落袋装垃圾', '{road}公交站旁垃圾箱满溢未及时清运'],
  '0104': ['{addr}附近空地有人焚烧落叶和废纸，烟雾较大'],
  '0201': ['{addr}单元门及电表箱张贴大量开锁、通下水道小广告', '{road}灯杆上喷涂办证小广告'],
  '0202': ['{road}沿街商铺新设店招未经审批，尺寸超出规定'],
  '0301': ['{road}工地夜间23点后仍在浇筑混凝土，噪声扰民', '{addr}旁在建项目凌晨施工，居民多次反映'],
  '0302': ['{road}工地出入口未设置冲洗设施，车辆带泥上路', '{addr}附近工地裸土未覆盖，大风天扬尘明显'],
  '0303': ['{addr}楼顶有住户违规搭建彩钢板房', '{addr}一楼住户私自扩建院墙占用公共绿地'],
  '0401': ['{road}非机动车道出现约半米直径塌陷坑'],
  '0402': ['暴雨后{road}下穿通道积水约30厘米，车辆涉水通行'],
  '0403': ['{addr}单元楼道内闻到明显燃气味，已通知居民开窗通风'],
  '0501': ['{road}人行道上有流动摊贩占道销售水果', '{addr}门口早点摊占用人行道经营'],
  '0502': ['{road}沿街餐馆在门外摆放桌椅经营', '{road}便利店在店外堆放货物经营'],
  '0503': ['{addr}楼道口堆放建材影响通行', '{road}人行道上堆放废旧家具'],
  '0504': ['{road}地铁站出口共享单车大量堆积，堵塞盲道', '{addr}门口电动车乱停放阻碍通行'],
  '0601': ['{road}人行道雨水井盖破损，存在安全隐患', '{addr}内通道污水井盖缺失，已临时摆放警示锥'],
  '0602': ['{road}有三盏路灯夜间不亮', '{addr}小区主干道路灯闪烁'],
  '0603': ['{road}人行道下供水管道破裂，地面冒水'],
  '2001': ['{addr}地下车库监控探头损坏多日', '{road}背街小巷路灯缺失，夜间照明不足'],
  '2002': ['{road}学校门口放学时段流动摊贩聚集，影响交通秩序'],
  '2101': ['{addr}消防通道被私家车长期占用', '{road}商场安全出口被货物堵塞'],
  '2102': ['{addr}楼道内有电动车停放充电，飞线充电', '{addr}住户将电瓶带回家中充电'],
  '2103': ['{addr}楼道灭火器已过期，压力表指针在红区', '{addr}室内消火栓箱内水带缺失'],
  '2201': ['{road}一家五金店在店内存放多桶油漆稀料，未按规定存放'],
  '2202': ['{addr}一处“三合一”场所，住人区与经营区未分隔', '{road}沿街小餐饮使用瓶装液化气，未安装报警装置'],
  '3001': ['{addr}装修工程完工后，包工头拖欠{n}名工人工资，金额约{amount}元', '{road}一家餐饮店停业，拖欠员工两个月工资'],
  '3002': ['{addr}楼上住户装修漏水至楼下，双方协商未果', '{addr}两户居民因楼道堆物发生争执'],
  '3003': ['{addr}一户居民因老人赡养问题家庭矛盾激化，请求社区调解'],
  '3004': ['{addr}业主因停车收费标准与物业公司发生纠纷', '{addr}多户业主反映物业长期不维修电梯，拒交物业费'],
  '3101': ['{road}有人在小区门口发放高息理财传单，宣称年化收益20%', '{addr}有老年人反映参加“保健品讲座”被动员投资'],
  '3102': ['{addr}老旧住宅楼外墙出现明显裂缝，有墙皮脱落', '{addr}阳台底板钢筋外露，存在坠落风险'],
  '4001': ['{road}酒吧夜间音响声音过大，影响周边居民休息', '{addr}楼下广场舞音响音量过大'],
  '4002': ['居民反映{addr}健身器材损坏，希望尽快维修', '居民咨询{addr}适老化改造加装电梯政策'],
};

const ROADS = ['中山路', '珠江路', '北京东路', '龙蟠中路', '太平北路', '洪武北路', '中央路', '汉中路', '长江路', '丹凤街', '进香河路', '碑亭巷', '网巾市', '峨嵋路', '红山路', '玄武大道', '黄埔路', '后宰门街', '樱驼村路', '虎踞路'];

/** A road with a number, e.g. 珠江路88号附近. */
export function roadName(rng: Rng): string {
  return `${rng.pick(ROADS)}${rng.int(1, 300)}号附近`;
}

/** The case description for a category, with place and road filled in. */
export function caseText(rng: Rng, categoryCode: string, place: string, road: string): string {
  const texts = CASE_TEXTS[categoryCode] ?? ['{addr}居民反映的问题'];
  return rng
    .pick(texts)
    .replace('{addr}', place)
    .replace('{road}', road.replace(/附近$/, ''))
    .replace('{n}', String(rng.int(4, 18)))
    .replace('{amount}', String(rng.int(3, 40) * 1000));
}

export const REWORK_REASONS = ['现场核查仍有垃圾残留，未清运彻底', '照片与现场不符，问题未解决', '整改不到位，居民仍有反映', '仅临时处理，需彻底修复'];
export const REJECT_REASONS = ['不属于网格化受理范围，已告知通过12345热线反映', '经核实问题不存在', '与已立案件重复'];
export const EXTENSION_REASONS = ['需协调供电部门停电后施工', '需采购专用配件，到货约需一周', '涉及多个产权单位，需联合处置'];
export const SUSPENSION_REASONS = ['当事人已提起诉讼，等待法院判决', '涉及规划调整，等待上级部门答复'];
export const EVALUATE_NOTES = ['处置及时，群众满意', '处置规范', '效果良好，群众认可'];

export const HAZARD_PLANS = [
  '责令限期整改，落实专人负责，整改期间设置警示标志，每日巡查',
  '联合属地街道约谈责任单位，制定整改清单，逐项销号',
  '委托第三方检测鉴定，根据鉴定结论加固或拆除，期间疏散周边人员',
];

export const MEDIATION_SUMMARIES = [
  '社区调委会组织双方面对面协商，明确责任，当场达成一致意见',
  '网格员与人民调解员共同主持调解，双方各让一步，达成口头一致',
];
