/**
 * The shipped case taxonomy (案件分类). Urban-management classes follow the event classes of the
 * digital urban-management standard (GB/T 30428.2: 市容环境, 宣传广告, 施工管理, 突发事件, 街面秩序, 其他)
 * plus public-facility parts (部件); social-governance classes cover 治安, 消防, 安全生产, disputes and
 * risks. Seeded into case_categories on migration-free first use; operators edit the table afterwards.
 *
 * Stage limits use the SLA notation of shared/sla: `Nwh` working hours, `Nwd` working days, `Nh` natural hours.
 */
import type { SlaPolicy } from './stages.ts';

export type CaseKind = 'event' | 'hazard' | 'dispute';
export type DepartmentKind = 'urban_management' | 'housing' | 'labour' | 'market_regulation' | 'fire' | 'utilities';

export interface StageLimits {
  /** 立案: from report to filing decision. */
  filing: string;
  /** 派遣: from filing to dispatch. */
  dispatch: string;
  /** 处置: from dispatch to handled. */
  handling: string;
  /** 核查: from handled to verified. */
  verification: string;
}

export interface CategoryDef {
  code: string;
  parentCode: string | null;
  nameZh: string;
  nameEn: string;
  kind: CaseKind;
  departmentKind: DepartmentKind;
  /** Level of the default handling department: district (county) or city. */
  departmentLevel: 'county' | 'city';
  limits: StageLimits;
  /** Override of the server's warning share / escalation delay for this category (stored in limits_json). */
  sla?: Partial<SlaPolicy>;
  filingCriteria: string;
  closingCriteria: string;
  /** Extra questions residents and Open311 clients are asked for this category (its service definition). */
  attributes?: readonly CategoryAttribute[];
}

/** One Open311 service attribute of a category; the answer is written to the case's details under `detailsKey`. */
export interface CategoryAttribute {
  variable: boolean;
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  /** For list types: key sent by the client, name shown, value stored in the details. */
  values: { key: string; name: string; stored: string }[];
  detailsKey: string;
}

const URGENT: StageLimits = { filing: '1h', dispatch: '1h', handling: '4h', verification: '2h' };
const NORMAL: StageLimits = { filing: '2wh', dispatch: '2wh', handling: '3wd', verification: '1wd' };
const SLOW: StageLimits = { filing: '4wh', dispatch: '4wh', handling: '10wd', verification: '2wd' };
const DISPUTE: StageLimits = { filing: '1wd', dispatch: '1wd', handling: '15wd', verification: '3wd' };
const HAZARD: StageLimits = { filing: '1wd', dispatch: '1wd', handling: '20wd', verification: '3wd' };

function major(code: string, nameZh: string, nameEn: string, kind: CaseKind, departmentKind: DepartmentKind): CategoryDef {
  return {
    code, parentCode: null, nameZh, nameEn, kind, departmentKind, departmentLevel: 'county', limits: NORMAL,
    filingCriteria: '', closingCriteria: '',
  };
}

function minor(
  parent: CategoryDef,
  suffix: string,
  nameZh: string,
  nameEn: string,
  limits: StageLimits,
  filingCriteria: string,
  closingCriteria: string,
  overrides: Partial<CategoryDef> = {},
): CategoryDef {
  return {
    ...parent, code: `${parent.code}${suffix}`, parentCode: parent.code, nameZh, nameEn, limits,
    filingCriteria, closingCriteria, ...overrides,
  };
}

const SR = major('01', '市容环境', 'City appearance and environment', 'event', 'urban_management');
const AD = major('02', '宣传广告', 'Advertising', 'event', 'urban_management');
const CM = major('03', '施工管理', 'Construction management', 'event', 'housing');
const EM = major('04', '突发事件', 'Emergencies', 'event', 'urban_management');
const JM = major('05', '街面秩序', 'Street order', 'event', 'urban_management');
const PF = major('06', '公用设施', 'Public facilities', 'event', 'utilities');
const ZA = major('20', '治安', 'Public order', 'event', 'urban_management');
const XF = major('21', '消防', 'Fire safety', 'hazard', 'fire');
const AQ = major('22', '安全生产', 'Work safety', 'hazard', 'market_regulation');
const MD = major('30', '矛盾纠纷', 'Disputes', 'dispute', 'labour');
const FX = major('31', '风险隐患', 'Risks', 'hazard', 'market_regulation');
const SQ = major('40', '群众诉求', 'Residents’ requests', 'event', 'urban_management');

export const CATEGORIES: readonly CategoryDef[] = [
  SR,
  minor(SR, '01', '暴露垃圾', 'Exposed rubbish', NORMAL, '公共区域可见垃圾堆积超过0.5平方米', '垃圾清运完毕，现场无残留'),
  minor(SR, '02', '道路不洁', 'Dirty road', NORMAL, '路面有明显污渍、泥沙或散落物', '路面清洁'),
  minor(SR, '03', '垃圾满溢', 'Overflowing bins', NORMAL, '垃圾桶/箱满溢或周边散落', '清运完毕，容器归位'),
  minor(SR, '04', '违规焚烧', 'Open burning', URGENT, '露天焚烧垃圾、落叶、秸秆等', '明火扑灭并清理现场'),
  AD,
  minor(AD, '01', '违规张贴小广告', 'Illegal flyers', NORMAL, '墙面、设施上张贴或喷涂小广告', '清除干净，无残留痕迹'),
  minor(AD, '02', '违规户外广告', 'Unauthorised billboard', SLOW, '未经审批设置的户外广告或店招', '拆除或补办审批'),
  CM,
  minor(CM, '01', '施工扰民', 'Construction noise', NORMAL, '夜间（22:00–6:00）未经许可施工', '停止违规施工'),
  minor(CM, '02', '工地扬尘', 'Construction dust', NORMAL, '工地未覆盖、未冲洗、扬尘明显', '落实覆盖、冲洗、喷淋措施'),
  minor(CM, '03', '违法建设', 'Illegal construction', SLOW, '未取得规划许可的在建建筑物、构筑物', '拆除或依法处理完毕'),
  EM,
  minor(EM, '01', '路面塌陷', 'Road collapse', URGENT, '路面出现塌陷或明显沉降', '设置围挡并修复', { departmentKind: 'housing' }),
  minor(EM, '02', '道路积水', 'Flooded road', URGENT, '路面积水影响通行', '积水排除'),
  minor(EM, '03', '燃气泄漏', 'Gas leak', URGENT, '闻到燃气味或发现燃气泄漏', '关阀、抢修完成并检测合格', { departmentKind: 'utilities' }),
  JM,
  minor(JM, '01', '占道经营', 'Street vending', NORMAL, '占用道路、人行道经营', '经营者撤离，现场恢复'),
  minor(JM, '02', '店外经营', 'Trading outside shop', NORMAL, '超出门窗外墙经营', '物品收回店内'),
  minor(JM, '03', '乱堆物料', 'Materials dumped', NORMAL, '公共区域堆放物料影响通行', '清理完毕'),
  minor(JM, '04', '非机动车乱停放', 'Bicycles badly parked', NORMAL, '共享单车等阻碍通行或盲道', '整理归位'),
  PF,
  minor(PF, '01', '井盖破损缺失', 'Broken or missing manhole cover', URGENT, '井盖破损、缺失、移位', '更换或复位，设置警示'),
  minor(PF, '02', '路灯不亮', 'Street light out', NORMAL, '路灯夜间不亮或闪烁', '修复点亮', {
    attributes: [
      { variable: true, code: 'pole_number', datatype: 'string', required: false, datatype_description: '灯杆上喷涂的编号，如 XW-0123 / the number painted on the pole', order: 1, description: '灯杆编号 / Pole number', values: [], detailsKey: 'poleNumber' },
      { variable: true, code: 'pattern', datatype: 'singlevaluelist', required: false, datatype_description: null, order: 2, description: '故障情况 / What is wrong', values: [{ key: 'out', name: '不亮 Out', stored: '不亮' }, { key: 'flicker', name: '闪烁 Flickering', stored: '闪烁' }, { key: 'day', name: '白天常亮 On by day', stored: '白天常亮' }], detailsKey: 'pattern' },
    ],
  }),
  minor(PF, '03', '供水管道破裂', 'Burst water main', URGENT, '供水管道破裂、漏水', '抢修完成，恢复供水'),
  ZA,
  minor(ZA, '01', '治安隐患', 'Public-order hazard', NORMAL, '可能引发治安问题的场所或设施缺陷', '隐患消除'),
  minor(ZA, '02', '流动摊贩聚集', 'Crowding of vendors', NORMAL, '流动摊贩聚集影响秩序', '秩序恢复'),
  XF,
  minor(XF, '01', '消防通道堵塞', 'Blocked fire lane', URGENT, '消防车通道、安全出口被占用或锁闭', '通道畅通'),
  minor(XF, '02', '电动车违规充电', 'E-bike charging indoors', URGENT, '楼道、室内违规停放充电电动车', '清理并落实集中充电'),
  minor(XF, '03', '消防设施损坏', 'Fire equipment broken', NORMAL, '灭火器过期、消火栓损坏', '更换或修复合格', { limits: SLOW }),
  AQ,
  minor(AQ, '01', '危化品违规存放', 'Hazardous chemicals misstored', HAZARD, '危险化学品未按规定存放', '整改到位并复查合格', { departmentLevel: 'city' }),
  minor(AQ, '02', '小场所安全隐患', 'Small-venue safety hazard', HAZARD, '“三合一”场所、群租房等安全隐患', '整改到位并复查合格'),
  MD,
  minor(MD, '01', '劳资纠纷', 'Wage dispute', DISPUTE, '拖欠工资、劳动报酬引发的纠纷', '达成协议并履行，或依法转入仲裁', {
    attributes: [
      { variable: true, code: 'amount', datatype: 'number', required: false, datatype_description: '金额（元），非负数 / amount in CNY, a non-negative number', order: 1, description: '拖欠金额（元） / Amount owed (CNY)', values: [], detailsKey: 'amount' },
      { variable: true, code: 'workers', datatype: 'number', required: false, datatype_description: '人数，非负整数 / number of people', order: 2, description: '涉及人数 / Workers involved', values: [], detailsKey: 'workersInvolved' },
    ],
  }),
  minor(MD, '02', '邻里纠纷', 'Neighbour dispute', DISPUTE, '邻里之间噪音、漏水、占用等纠纷', '双方达成调解协议', { departmentKind: 'urban_management' }),
  minor(MD, '03', '家庭纠纷', 'Family dispute', DISPUTE, '婚姻、赡养、继承等家庭纠纷', '双方达成调解协议', { departmentKind: 'urban_management' }),
  minor(MD, '04', '物业纠纷', 'Property-management dispute', DISPUTE, '业主与物业之间的纠纷', '达成协议', { departmentKind: 'housing' }),
  FX,
  minor(FX, '01', '非法集资风险', 'Illegal fundraising risk', HAZARD, '高息揽储、虚假理财宣传等线索', '核查处置完毕，风险提示到位'),
  minor(FX, '02', '房屋安全隐患', 'Unsafe building', HAZARD, '房屋开裂、倾斜等安全隐患', '鉴定并整改完毕', { departmentKind: 'housing' }),
  SQ,
  minor(SQ, '01', '噪声扰民', 'Noise nuisance', NORMAL, '商业、娱乐噪声影响居民休息', '噪声消除'),
  minor(SQ, '02', '其他诉求', 'Other request', NORMAL, '居民提出的其他公共服务诉求', '答复并办结'),
];
