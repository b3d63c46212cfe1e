// The national registry's household and member fields (建档立卡信息采集表), described once.
// The database columns, the IPC edit schemas, the grid columns and (later) the import headers and
// export columns are all derived from these lists, so a field is added in one place only.
import type { CodeListName } from './domain/codes';

export type FieldType =
  | 'text'
  | 'code' // one value of a code list
  | 'codes' // several values of a code list, stored comma-separated
  | 'int'
  | 'decimal'
  | 'bool'
  | 'date'
  | 'year'
  | 'idNumber'
  | 'phone'
  | 'bankAccount';

export interface FieldDef {
  readonly key: string;
  readonly label: string;
  readonly type: FieldType;
  readonly list?: CodeListName;
  readonly required?: boolean;
  /** false: derived or an identity; shown but never edited in place */
  readonly editable: boolean;
  readonly group?: 'basic' | 'living';
  readonly min?: number;
  readonly max?: number;
  /** other header names seen in exported files */
  readonly aliases?: readonly string[];
  /**
   * Changed only through its workflow (销号 for 脱贫状态), never edited in place: the message says
   * where. Still imported as the national file states it.
   */
  readonly workflow?: string;
}

export const HOUSEHOLD_FIELDS = [
  { key: 'hhCode', label: '户编号', type: 'text', required: true, editable: false, group: 'basic' },
  { key: 'villageName', label: '行政村', type: 'text', editable: false, group: 'basic', aliases: ['村', '所属村'] },
  { key: 'headName', label: '户主姓名', type: 'text', editable: false, group: 'basic' },
  { key: 'headIdNumber', label: '户主证件号码', type: 'idNumber', editable: false, group: 'basic', aliases: ['户主身份证号码', '户主身份证号', '户主公民身份号码', '户主证件号'] },
  { key: 'size', label: '家庭人口数', type: 'int', editable: false, group: 'basic', aliases: ['家庭人口', '人口数'] },
  { key: 'phone', label: '联系电话', type: 'phone', editable: true, group: 'basic', aliases: ['电话', '联系方式'] },
  { key: 'bankName', label: '开户银行', type: 'code', list: 'bank', editable: true, group: 'basic', aliases: ['开户行'] },
  { key: 'bankAccount', label: '银行卡号', type: 'bankAccount', editable: true, group: 'basic', aliases: ['银行账号', '卡号'] },
  { key: 'category', label: '贫困户属性', type: 'code', list: 'householdCategory', required: true, editable: true, group: 'basic' },
  { key: 'standard', label: '识别标准', type: 'code', list: 'standard', editable: true, group: 'basic' },
  { key: 'mainCause', label: '主要致贫原因', type: 'code', list: 'povertyCause', editable: true, group: 'basic' },
  { key: 'otherCauses', label: '其他致贫原因', type: 'codes', list: 'povertyCause', editable: true, group: 'basic' },
  { key: 'identifiedOn', label: '首次识别时间', type: 'date', editable: true, group: 'basic', aliases: ['识别时间'] },
  {
    key: 'exitStatus',
    label: '脱贫状态',
    type: 'code',
    list: 'exitStatus',
    required: true,
    editable: true,
    group: 'basic',
    workflow: '“脱贫状态”不能直接修改：请选中该户后点“销号…”办理（销号、撤销销号、返贫都要记下日期、审核人或理由）',
  },
  { key: 'plannedExitYear', label: '计划脱贫年度', type: 'year', editable: true, group: 'basic', min: 2014, max: 2030, aliases: ['(计划)脱贫年度', '脱贫年度'] },
  { key: 'exitedOn', label: '销号日期', type: 'date', editable: false, group: 'basic', aliases: ['脱贫日期', '实际脱贫日期'] },
  { key: 'militaryFamily', label: '是否军烈属', type: 'bool', editable: true, group: 'basic' },
  { key: 'onlyChild', label: '独生子女户', type: 'bool', editable: true, group: 'basic', aliases: ['是否独生子女户'] },
  { key: 'twoDaughters', label: '双女户', type: 'bool', editable: true, group: 'basic', aliases: ['是否双女户'] },
  { key: 'helperName', label: '帮扶责任人', type: 'text', editable: false, group: 'basic' },
  { key: 'arableLand', label: '耕地面积（亩）', type: 'decimal', editable: true, group: 'living', min: 0, max: 100000, aliases: ['耕地面积'] },
  { key: 'irrigatedLand', label: '有效灌溉面积（亩）', type: 'decimal', editable: true, group: 'living', min: 0, max: 100000, aliases: ['有效灌溉面积'] },
  { key: 'forestLand', label: '林地面积（亩）', type: 'decimal', editable: true, group: 'living', min: 0, max: 100000, aliases: ['林地面积'] },
  { key: 'returnedForest', label: '退耕还林面积（亩）', type: 'decimal', editable: true, group: 'living', min: 0, max: 100000, aliases: ['退耕还林面积'] },
  { key: 'orchardLand', label: '林果面积（亩）', type: 'decimal', editable: true, group: 'living', min: 0, max: 100000, aliases: ['林果面积'] },
  { key: 'pastureLand', label: '牧草地面积（亩）', type: 'decimal', editable: true, group: 'living', min: 0, max: 100000, aliases: ['牧草地面积'] },
  { key: 'waterSurface', label: '水面面积（亩）', type: 'decimal', editable: true, group: 'living', min: 0, max: 100000, aliases: ['水面面积'] },
  { key: 'productionPower', label: '是否通生产用电', type: 'bool', editable: true, group: 'living' },
  { key: 'livingPower', label: '是否通生活用电', type: 'bool', editable: true, group: 'living' },
  { key: 'drinkingDifficulty', label: '饮水是否困难', type: 'bool', editable: true, group: 'living' },
  { key: 'drinkingSafe', label: '饮水是否安全', type: 'bool', editable: true, group: 'living' },
  { key: 'broadcastTv', label: '是否通广播电视', type: 'bool', editable: true, group: 'living' },
  { key: 'distanceToRoad', label: '与村主干路距离（公里）', type: 'decimal', editable: true, group: 'living', min: 0, max: 1000, aliases: ['与村主干路距离'] },
  { key: 'roadType', label: '入户路类型', type: 'code', list: 'roadType', editable: true, group: 'living' },
  { key: 'housingArea', label: '住房面积（平方米）', type: 'decimal', editable: true, group: 'living', min: 0, max: 100000, aliases: ['住房面积'] },
  { key: 'dangerousHouse', label: '是否危房', type: 'bool', editable: true, group: 'living' },
  { key: 'dangerLevel', label: '危房级别', type: 'code', list: 'dangerLevel', editable: true, group: 'living' },
  { key: 'sanitaryToilet', label: '是否有卫生厕所', type: 'bool', editable: true, group: 'living' },
  { key: 'fuelType', label: '主要燃料类型', type: 'code', list: 'fuelType', editable: true, group: 'living' },
  { key: 'cooperative', label: '是否加入农民专业合作社', type: 'bool', editable: true, group: 'living' },
  { key: 'leadingEnterprise', label: '是否有龙头企业带动', type: 'bool', editable: true, group: 'living' },
  { key: 'richLeader', label: '是否有致富带头人带动', type: 'bool', editable: true, group: 'living' },
  { key: 'note', label: '备注', type: 'text', editable: true, group: 'basic', max: 500 },
] as const satisfies readonly FieldDef[];

export const MEMBER_FIELDS = [
  { key: 'hhCode', label: '户编号', type: 'text', editable: false },
  { key: 'villageName', label: '行政村', type: 'text', editable: false },
  { key: 'name', label: '姓名', type: 'text', required: true, editable: true, max: 50 },
  { key: 'sex', label: '性别', type: 'code', list: 'sex', editable: false },
  { key: 'idNumber', label: '证件号码', type: 'idNumber', required: true, editable: true, aliases: ['身份证号码', '身份证号', '证件号', '公民身份号码', '公民身份证号码', '身份证件号码', '公民身份证号'] },
  { key: 'birthDate', label: '出生日期', type: 'date', editable: false },
  { key: 'relation', label: '与户主关系', type: 'code', list: 'relation', required: true, editable: true },
  { key: 'ethnicity', label: '民族', type: 'code', list: 'ethnicity', editable: true },
  { key: 'politicalStatus', label: '政治面貌', type: 'code', list: 'politicalStatus', editable: true },
  { key: 'education', label: '文化程度', type: 'code', list: 'education', editable: true },
  { key: 'schoolStatus', label: '在校生状况', type: 'code', list: 'schoolStatus', editable: true },
  { key: 'health', label: '健康状况', type: 'code', list: 'health', editable: true },
  { key: 'laborSkill', label: '劳动技能', type: 'code', list: 'laborSkill', editable: true },
  { key: 'workStatus', label: '务工状况', type: 'code', list: 'workStatus', editable: true },
  { key: 'workMonths', label: '务工时间（月）', type: 'int', editable: true, min: 0, max: 12, aliases: ['务工时间(月)', '务工时间'] },
  { key: 'medicalInsurance', label: '是否参加新农合/居民医保', type: 'bool', editable: true, aliases: ['是否参加新型农村合作医疗', '是否参加城乡居民基本医疗保险'] },
  { key: 'seriousIllnessInsurance', label: '是否参加大病保险', type: 'bool', editable: true, aliases: ['大病保险'] },
  { key: 'pensionInsurance', label: '是否参加城乡居民基本养老保险', type: 'bool', editable: true, aliases: ['城乡居民基本养老保险'] },
  { key: 'dibao', label: '是否享受低保', type: 'bool', editable: true },
] as const satisfies readonly FieldDef[];

export type HouseholdFieldKey = (typeof HOUSEHOLD_FIELDS)[number]['key'];
export type MemberFieldKey = (typeof MEMBER_FIELDS)[number]['key'];

type EditableKeys<F extends readonly FieldDef[]> = Extract<F[number], { editable: true }>['key'];
export type HouseholdEditableKey = EditableKeys<typeof HOUSEHOLD_FIELDS>;
export type MemberEditableKey = EditableKeys<typeof MEMBER_FIELDS>;

export function fieldByKey(fields: readonly FieldDef[], key: string): FieldDef | undefined {
  return fields.find((f) => f.key === key);
}

/** One year's income of a household (incomes table): integer fen in the database, yuan in files. */
export interface MoneyFieldDef {
  readonly key: 'wage' | 'business' | 'propertyDividend' | 'propertyOther' | 'transferFamilyPlanning' | 'transferDibao' | 'transferWubao' | 'transferPension' | 'transferEco' | 'transferOther' | 'businessCost';
  readonly label: string;
  readonly aliases?: readonly string[];
}

export const INCOME_YEAR_LABEL = '收入年度';
export const NET_INCOME_PER_CAPITA_LABEL = '年人均纯收入（元）';
/** What the exports write beside it: the figure the components give (shared/domain/income.ts); not imported. */
export const COMPUTED_PER_CAPITA_LABEL = '按收入构成计算的年人均纯收入（元）';

export const INCOME_FIELDS = [
  { key: 'wage', label: '工资性收入（元）', aliases: ['工资性收入'] },
  { key: 'business', label: '生产经营性收入（元）', aliases: ['生产经营性收入'] },
  { key: 'propertyDividend', label: '资产收益分红（元）', aliases: ['资产收益分红', '资产收益分红收入'] },
  { key: 'propertyOther', label: '其他财产性收入（元）', aliases: ['其他财产性收入'] },
  { key: 'transferFamilyPlanning', label: '计划生育金（元）', aliases: ['计划生育金'] },
  { key: 'transferDibao', label: '低保金（元）', aliases: ['低保金'] },
  { key: 'transferWubao', label: '特困供养金（元）', aliases: ['特困供养金', '五保金'] },
  { key: 'transferPension', label: '养老保险金（元）', aliases: ['养老保险金', '养老金'] },
  { key: 'transferEco', label: '生态补偿金（元）', aliases: ['生态补偿金'] },
  { key: 'transferOther', label: '其他转移性收入（元）', aliases: ['其他转移性收入'] },
  { key: 'businessCost', label: '生产经营性支出（元）', aliases: ['生产经营性支出'] },
] as const satisfies readonly MoneyFieldDef[];
