import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findPersonalData, scrubPersonalData, type PersonalDataKind } from './scrub.ts';

/** The kinds and texts found, in order: what the tests compare. */
function found(text: string): [PersonalDataKind, string][] {
  return findPersonalData(text).map((h) => [h.kind, h.text]);
}

describe('findPersonalData / scrubPersonalData (shared/privacy/scrub.ts)', () => {
  test('mobile numbers in the ways residents type them', () => {
    assert.deepEqual(found('楼道堆满杂物，请联系我13812345678，谢谢'), [['phone', '13812345678']]);
    assert.deepEqual(found('电话：138 1234 5678'), [['phone', '138 1234 5678']]);
    assert.deepEqual(found('手机138-1234-5678。'), [['phone', '138-1234-5678']]);
    assert.deepEqual(found('打+86 13912345678找我'), [['phone', '+86 13912345678']]);
    assert.deepEqual(found('号码１３８１２３４５６７８'), [['phone', '１３８１２３４５６７８']], 'full-width digits from the IME');
    assert.equal(scrubPersonalData('请联系我13812345678，谢谢'), '请联系我[电话]，谢谢');
  });

  test('landlines with and without area code; service numbers stay', () => {
    assert.deepEqual(found('物业电话025-84561234'), [['phone', '025-84561234']]);
    assert.deepEqual(found('座机（025）84561234'), [['phone', '（025）84561234']]);
    assert.deepEqual(found('打0510 8123456也行'), [['phone', '0510 8123456']]);
    assert.deepEqual(found('联系电话：84561234'), [['phone', '84561234']], 'a bare local number right after a phone word');
    assert.deepEqual(found('已拨打110和12345热线'), [], 'service numbers are not personal data');
    assert.deepEqual(found('欠薪84561234元'), [], 'an amount without a phone word is not a phone');
  });

  test('18-digit ID numbers (checksum not required), not grid codes or case numbers', () => {
    assert.deepEqual(found('身份证号320102198507154321'), [['idNumber', '320102198507154321']]);
    assert.deepEqual(found('身份证32010219850715432X，'), [['idNumber', '32010219850715432X']]);
    assert.equal(scrubPersonalData('身份证号320102198507154321'), '身份证号[身份证号]');
    assert.deepEqual(found('网格320102003001001的井盖'), [], 'a 15-digit grid code');
    assert.deepEqual(found('案件AJ20261127-7KQ2MX已办结'), []);
  });

  test('vehicle plates, new-energy plates included', () => {
    assert.deepEqual(found('苏A12345长期占用消防通道'), [['plate', '苏A12345']]);
    assert.deepEqual(found('一辆苏AD12345新能源车'), [['plate', '苏AD12345']]);
    assert.deepEqual(found('车牌京B·6K3Q2'), [['plate', '京B·6K3Q2']]);
    assert.deepEqual(found('车牌 粤 B 12345'), [['plate', '粤 B 12345']]);
    assert.deepEqual(found('货车浙a1234挂停在路口'), [['plate', '浙a1234挂']]);
    assert.deepEqual(found('新ABCDE小区'), [], 'a province character before letters only is not a plate');
    assert.equal(scrubPersonalData('苏A12345长期占用消防通道'), '[车牌]长期占用消防通道');
  });

  test('names where a cue makes them detectable', () => {
    assert.deepEqual(found('楼下王先生家的狗每天叫'), [['name', '王']]);
    assert.deepEqual(found('请欧阳女士来一趟'), [['name', '欧阳']]);
    assert.deepEqual(found('张伟先生反映路灯不亮'), [['name', '张伟']]);
    assert.deepEqual(found('我叫张三，住在3栋'), [['name', '张三']]);
    assert.deepEqual(found('我叫李小红住在5栋'), [['name', '李小红']]);
    assert.deepEqual(found('联系人：欧阳娜娜'), [['name', '欧阳娜娜']]);
    assert.deepEqual(found('联系人：张先生'), [['name', '张']]);
    assert.equal(scrubPersonalData('楼下王先生家的狗每天叫，我叫张三'), '楼下某先生家的狗每天叫，我叫某');
    assert.deepEqual(found('小区门口垃圾堆放三天无人清理'), [], 'no cue, no name');
    assert.deepEqual(found('当事人双方已到场'), []);
  });

  test('a realistic complaint with everything in it, and emails', () => {
    const text = '我叫刘建国，身份证320102196803120019，电话13951234567。邻居陈女士的车苏A8K2M7天天堵在单元门口，物业何师傅（025-83216789）不管。邮箱 ljg@example.cn';
    assert.deepEqual(found(text), [
      ['name', '刘建国'],
      ['idNumber', '320102196803120019'],
      ['phone', '13951234567'],
      ['name', '陈'],
      ['plate', '苏A8K2M7'],
      ['name', '何'],
      ['phone', '025-83216789'],
      ['email', 'ljg@example.cn'],
    ]);
    assert.equal(
      scrubPersonalData(text),
      '我叫某，身份证[身份证号]，电话[电话]。邻居某女士的车[车牌]天天堵在单元门口，物业某师傅（[电话]）不管。邮箱 [邮箱]',
    );
    // What is left has nothing the scrubber would find again.
    assert.deepEqual(findPersonalData(scrubPersonalData(text)), []);
  });

  test('an ordinary notice has nothing to scrub (no false positives on dates, times, amounts, addresses)', () => {
    const notice = '因管网维修，2026年12月8日8:00至17:30玄武区中山路18号至珠江路段停水，请居民提前储水。咨询热线12345，另有补贴3000元/户，详见第2026-118号通知。';
    assert.deepEqual(findPersonalData(notice), []);
    assert.equal(scrubPersonalData(notice), notice);
  });

  test('probe (issue #12): phones typed with dots, a space between every digit, Chinese numerals', () => {
    assert.deepEqual(found('电话138.1234.5678'), [['phone', '138.1234.5678']]);
    assert.deepEqual(found('打1 3 8 1 2 3 4 5 6 7 8找我'), [['phone', '1 3 8 1 2 3 4 5 6 7 8']]);
    assert.deepEqual(found('联系我一三八一二三四五六七八'), [['phone', '一三八一二三四五六七八']]);
    assert.deepEqual(found('手机幺三九零零幺二三四五六'), [['phone', '幺三九零零幺二三四五六']]);
    assert.deepEqual(found('号码１３８.１２３４.５６７８'), [['phone', '１３８.１２３４.５６７８']]);
    assert.equal(scrubPersonalData('请打138.1234.5678或一三八一二三四五六七八'), '请打[电话]或[电话]');
  });

  test('probe (issue #12): a full name before a form of address after any preceding text', () => {
    assert.deepEqual(found('请联系李红女士'), [['name', '李红']]);
    assert.deepEqual(found('物业找了欧阳娜娜女士处理'), [['name', '欧阳娜娜']]);
    assert.deepEqual(found('楼上住的张建国老师'), [['name', '张建国']]);
    assert.deepEqual(found('门卫说陈大爷摔倒了'), [['name', '陈']]);
    assert.equal(scrubPersonalData('请联系李红女士'), '请联系某女士');
  });

  test('no false positives on codes, numbers, amounts and counts in realistic case text', () => {
    const texts = [
      '网格320102003001001内3 栋楼外墙脱落，案件AJ20261207-7KQ2MX已派遣',
      '拖欠工资 12000 元，涉及工人 15 名，区划代码320102001，街道代码320102001001',
      '2026-12-07 13:45 巡查发现，2026.12.07 复查，查询码 Q7K2-M9XP',
      '一二三四五六七八九十号楼都停电了，共 1 3 户受影响',
      '维修师傅说需要三天，共计 13812 元',
    ];
    for (const t of texts) assert.deepEqual(found(t), [], t);
  });

  test('probe 2 (issue #12): phones with any run of separators, and upper-case numerals', () => {
    for (const t of ['138 - 1234 - 5678', '138/1234/5678', '138--1234--5678', '138_1234_5678', '138，1234，5678', '壹叁捌壹贰叁肆伍陆柒捌']) {
      assert.deepEqual(found(`请打${t}找我`), [['phone', t]], t);
    }
    assert.equal(scrubPersonalData('电话138，1234，5678，谢谢'), '电话[电话]，谢谢');
  });

  test('probe 2 (issue #12): ID numbers and plates typed with separators', () => {
    assert.deepEqual(found('身份证320102 19900101 1234'), [['idNumber', '320102 19900101 1234']]);
    assert.deepEqual(found('身份证号320102-1990-0101-1234。'), [['idNumber', '320102-1990-0101-1234']]);
    assert.deepEqual(found('苏A-12345停在消防通道'), [['plate', '苏A-12345']]);
    assert.deepEqual(found('苏A·12345停在消防通道'), [['plate', '苏A·12345']]);
    assert.deepEqual(found('车牌苏A 1234 5停着'), [['plate', '苏A 1234 5']]);
  });

  test('probe 2 (issue #12): names with the form of address in brackets, after a space, or the name spaced', () => {
    assert.deepEqual(found('李红(女士)反映'), [['name', '李红']]);
    assert.deepEqual(found('请联系李红（女士）'), [['name', '李红']]);
    assert.deepEqual(found('找李红 女士'), [['name', '李红']]);
    assert.deepEqual(found('联系人 李 红'), [['name', '李 红']]);
    assert.equal(scrubPersonalData('请联系李红（女士）'), '请联系某（女士）');
  });

  test('probe 2 (issue #12): QQ numbers, WeChat IDs and bank card numbers', () => {
    assert.deepEqual(found('QQ 12345678'), [['qq', '12345678']]);
    assert.deepEqual(found('qq号：987654321'), [['qq', '987654321']]);
    assert.deepEqual(found('微信号wang_li-88'), [['wechat', 'wang_li-88']]);
    assert.deepEqual(found('加微信 abc123'), [['wechat', 'abc123']]);
    assert.deepEqual(found('wx: zhang_san'), [['wechat', 'zhang_san']]);
    assert.deepEqual(found('卡号6222021234567890123'), [['bankCard', '6222021234567890123']], '19 digits after a cue');
    assert.deepEqual(found('银行卡 6222 0212 3456 7890'), [['bankCard', '6222 0212 3456 7890']], '16 digits in groups');
    assert.deepEqual(found('钱转到4111111111111111了'), [['bankCard', '4111111111111111']], 'standalone, passes Luhn');
    assert.equal(scrubPersonalData('QQ 12345678，微信号wang_li-88'), 'QQ [QQ号]，微信号[微信号]');
  });

  test('probe 2 (issue #12): the flat-level tail of an address inside free text is cut, the street number stays', () => {
    assert.equal(scrubPersonalData('地址南京市玄武区中山路18号1102房'), '地址南京市玄武区中山路18号…');
    assert.equal(scrubPersonalData('住在中山路18号3栋2单元1102室，漏水'), '住在中山路18号…，漏水');
    assert.equal(scrubPersonalData('中山路十八号一一零二室'), '中山路十八号…');
    assert.equal(scrubPersonalData('中山路18号之1102'), '中山路18号…');
    assert.equal(scrubPersonalData('中山路18号5号楼3单元'), '中山路18号…');
    assert.equal(scrubPersonalData('中山路18号 3栋2单元'), '中山路18号…');
    assert.equal(scrubPersonalData('18号3-2-501门口'), '18号…门口');
  });

  test('probe 2 (issue #12): realistic negatives stay untouched', () => {
    const texts = [
      '中山路18号门口垃圾',
      '共3栋楼，每栋18层',
      '中山路18号 3辆车堵路',
      '第118号 2026-12-07发布',
      '12月18号2户居民反映',
      '12月18号上午9:30',
      'QQ群123456789里有通知',
      '微信群里有人说，加了微信支付50元',
      '快递单号SF1234567890123',
      '订单号 2026120712345678',
      '流水号20261207000012345',
      '13、14、15、16、17、18、19号楼停电',
      '网格320102003001001，区划代码320102001001，案件AJ20261207-7KQ2MX',
      '2026-12-07 13:45 至 2026-12-08 17:30，补贴 3,000 元/户',
    ];
    for (const t of texts) assert.deepEqual(found(t), [], t);
  });

  test('hits carry their offsets into the original text', () => {
    const text = '电话13812345678';
    const [hit] = findPersonalData(text);
    assert.deepEqual(hit, { kind: 'phone', text: '13812345678', start: 2, end: 13 });
    assert.equal(text.slice(hit!.start, hit!.end), hit!.text);
  });
});
