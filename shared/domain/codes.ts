/**
 * Code lists of the national 建档立卡 registry (see DOMAIN.md) plus the few general lists the
 * forms need. Codes are stored in the database and cross IPC, so they are short ASCII slugs that
 * never change; labels are what clerks see and type, and may be reworded without a migration.
 */
import { compactHalfWidth } from './text';

export interface CodeItem {
  readonly code: string;
  readonly label: string;
}

export const CODE_LISTS = {
  householdCategory: [
    { code: 'general', label: '一般贫困户' },
    { code: 'dibao', label: '低保贫困户' },
    { code: 'wubao', label: '特困供养贫困户' },
  ],
  exitStatus: [
    { code: 'not_exited', label: '未脱贫' },
    { code: 'exited_supported', label: '已脱贫（享受政策）' },
    { code: 'exited', label: '已脱贫（不再享受政策）' },
    { code: 'returned', label: '返贫' },
  ],
  standard: [
    { code: 'national', label: '国家标准' },
    { code: 'provincial', label: '省定标准' },
    { code: 'municipal', label: '市定标准' },
  ],
  povertyCause: [
    { code: 'illness', label: '因病' },
    { code: 'disability', label: '因残' },
    { code: 'schooling', label: '因学' },
    { code: 'disaster', label: '因灾' },
    { code: 'land', label: '缺土地' },
    { code: 'water', label: '缺水' },
    { code: 'skill', label: '缺技术' },
    { code: 'labor', label: '缺劳力' },
    { code: 'funds', label: '缺资金' },
    { code: 'transport', label: '交通条件落后' },
    { code: 'motivation', label: '自身发展动力不足' },
    { code: 'marriage', label: '因婚' },
    { code: 'funeral', label: '因丧' },
    { code: 'other', label: '其他' },
  ],
  health: [
    { code: 'healthy', label: '健康' },
    { code: 'chronic', label: '长期慢性病' },
    { code: 'serious', label: '患有大病' },
    { code: 'disabled', label: '残疾' },
  ],
  laborSkill: [
    { code: 'ordinary', label: '普通劳动力' },
    { code: 'skilled', label: '技能劳动力' },
    { code: 'lost', label: '丧失劳动力' },
    { code: 'none', label: '无劳动力' },
  ],
  workStatus: [
    { code: 'in_township', label: '乡（镇）内务工' },
    { code: 'in_county', label: '乡（镇）外县内务工' },
    { code: 'in_province', label: '县外省内务工' },
    { code: 'out_of_province', label: '省外务工' },
    { code: 'other', label: '其他' },
  ],
  education: [
    { code: 'illiterate', label: '文盲或半文盲' },
    { code: 'primary', label: '小学' },
    { code: 'junior', label: '初中' },
    { code: 'senior', label: '高中' },
    { code: 'college', label: '大专及以上' },
    { code: 'preschool', label: '学龄前儿童' },
  ],
  schoolStatus: [
    { code: 'none', label: '非在校生' },
    { code: 'preschool', label: '学前教育' },
    { code: 'primary', label: '小学' },
    { code: 'grade7', label: '七年级' },
    { code: 'grade8', label: '八年级' },
    { code: 'grade9', label: '九年级' },
    { code: 'high1', label: '高中一年级' },
    { code: 'high2', label: '高中二年级' },
    { code: 'high3', label: '高中三年级' },
    { code: 'voc1', label: '中职一年级' },
    { code: 'voc2', label: '中职二年级' },
    { code: 'voc3', label: '中职三年级' },
    { code: 'hvoc1', label: '高职一年级' },
    { code: 'hvoc2', label: '高职二年级' },
    { code: 'hvoc3', label: '高职三年级' },
    { code: 'college', label: '大专及以上' },
  ],
  relation: [
    { code: 'head', label: '户主' },
    { code: 'spouse', label: '配偶' },
    { code: 'son', label: '之子' },
    { code: 'daughter', label: '之女' },
    { code: 'daughter_in_law', label: '之儿媳' },
    { code: 'son_in_law', label: '之女婿' },
    { code: 'grandson', label: '之孙子' },
    { code: 'granddaughter', label: '之孙女' },
    { code: 'grandson_maternal', label: '之外孙子' },
    { code: 'granddaughter_maternal', label: '之外孙女' },
    { code: 'father', label: '之父' },
    { code: 'mother', label: '之母' },
    { code: 'father_in_law_w', label: '之岳父' },
    { code: 'mother_in_law_w', label: '之岳母' },
    { code: 'father_in_law_h', label: '之公公' },
    { code: 'mother_in_law_h', label: '之婆婆' },
    { code: 'grandfather', label: '之祖父' },
    { code: 'grandmother', label: '之祖母' },
    { code: 'grandfather_maternal', label: '之外祖父' },
    { code: 'grandmother_maternal', label: '之外祖母' },
    { code: 'other', label: '其他' },
  ],
  roadType: [
    { code: 'dirt', label: '泥土路' },
    { code: 'gravel', label: '砂石路' },
    { code: 'cement', label: '水泥路' },
    { code: 'asphalt', label: '沥青路' },
  ],
  fuelType: [
    { code: 'firewood', label: '柴草' },
    { code: 'dung', label: '干畜粪' },
    { code: 'coal', label: '煤炭' },
    { code: 'clean', label: '清洁能源' },
    { code: 'other', label: '其他' },
  ],
  dangerLevel: [
    { code: 'A', label: 'A级' },
    { code: 'B', label: 'B级' },
    { code: 'C', label: 'C级' },
    { code: 'D', label: 'D级' },
  ],
  memberChange: [
    { code: 'death', label: '死亡' },
    { code: 'married_out', label: '嫁出' },
    { code: 'emigrated', label: '出国定居' },
    { code: 'imprisoned', label: '判刑收监' },
    { code: 'married_in', label: '嫁入' },
    { code: 'newborn', label: '新生儿' },
    { code: 'other_in', label: '其他转入' },
    { code: 'other_out', label: '其他转出' },
  ],
  sex: [
    { code: 'male', label: '男' },
    { code: 'female', label: '女' },
  ],
  // GB 3304-1991 numeric codes, so exports to other systems need no translation table.
  ethnicity: [
    { code: '01', label: '汉族' },
    { code: '02', label: '蒙古族' },
    { code: '03', label: '回族' },
    { code: '04', label: '藏族' },
    { code: '05', label: '维吾尔族' },
    { code: '06', label: '苗族' },
    { code: '07', label: '彝族' },
    { code: '08', label: '壮族' },
    { code: '09', label: '布依族' },
    { code: '10', label: '朝鲜族' },
    { code: '11', label: '满族' },
    { code: '12', label: '侗族' },
    { code: '13', label: '瑶族' },
    { code: '14', label: '白族' },
    { code: '15', label: '土家族' },
    { code: '16', label: '哈尼族' },
    { code: '17', label: '哈萨克族' },
    { code: '18', label: '傣族' },
    { code: '19', label: '黎族' },
    { code: '20', label: '傈僳族' },
    { code: '21', label: '佤族' },
    { code: '22', label: '畲族' },
    { code: '23', label: '高山族' },
    { code: '24', label: '拉祜族' },
    { code: '25', label: '水族' },
    { code: '26', label: '东乡族' },
    { code: '27', label: '纳西族' },
    { code: '28', label: '景颇族' },
    { code: '29', label: '柯尔克孜族' },
    { code: '30', label: '土族' },
    { code: '31', label: '达斡尔族' },
    { code: '32', label: '仫佬族' },
    { code: '33', label: '羌族' },
    { code: '34', label: '布朗族' },
    { code: '35', label: '撒拉族' },
    { code: '36', label: '毛南族' },
    { code: '37', label: '仡佬族' },
    { code: '38', label: '锡伯族' },
    { code: '39', label: '阿昌族' },
    { code: '40', label: '普米族' },
    { code: '41', label: '塔吉克族' },
    { code: '42', label: '怒族' },
    { code: '43', label: '乌孜别克族' },
    { code: '44', label: '俄罗斯族' },
    { code: '45', label: '鄂温克族' },
    { code: '46', label: '德昂族' },
    { code: '47', label: '保安族' },
    { code: '48', label: '裕固族' },
    { code: '49', label: '京族' },
    { code: '50', label: '塔塔尔族' },
    { code: '51', label: '独龙族' },
    { code: '52', label: '鄂伦春族' },
    { code: '53', label: '赫哲族' },
    { code: '54', label: '门巴族' },
    { code: '55', label: '珞巴族' },
    { code: '56', label: '基诺族' },
    { code: '97', label: '其他' },
  ],
  politicalStatus: [
    { code: 'cpc', label: '中共党员' },
    { code: 'cpc_probationary', label: '中共预备党员' },
    { code: 'cyl', label: '共青团员' },
    { code: 'democratic', label: '民主党派' },
    { code: 'masses', label: '群众' },
    { code: 'other', label: '其他' },
  ],
  bank: [
    { code: 'abc', label: '中国农业银行' },
    { code: 'rcb', label: '湖北农信（农村商业银行）' },
    { code: 'psbc', label: '中国邮政储蓄银行' },
    { code: 'ccb', label: '中国建设银行' },
    { code: 'icbc', label: '中国工商银行' },
    { code: 'boc', label: '中国银行' },
    { code: 'other', label: '其他' },
  ],
  // The funding ledger (shared/domain/ledger.ts).
  ledgerKind: [
    { code: 'receive', label: '拨入' },
    { code: 'allocate', label: '拨付' },
    { code: 'spend', label: '支出' },
    { code: 'refund', label: '退回' },
    { code: 'reversal', label: '冲销' },
  ],
  // 五个一批 (DOMAIN.md), in the plan's order.
  pathway: [
    { code: 'industry', label: '产业扶持脱贫' },
    { code: 'training', label: '技能培训转移' },
    { code: 'education', label: '助学扶智' },
    { code: 'medical', label: '医疗救助' },
    { code: 'security', label: '低保政策兜底' },
  ],
  projectType: [
    { code: 'agriculture', label: '特色农业' },
    { code: 'tourism', label: '乡村旅游' },
    { code: 'ecommerce', label: '互联网+/电子商务' },
    { code: 'services', label: '现代服务业' },
    { code: 'transport', label: '交通' },
    { code: 'water', label: '水利' },
    { code: 'power', label: '电力' },
    { code: 'ecology', label: '生态环境' },
    { code: 'public', label: '公共服务' },
    { code: 'education', label: '教育' },
    { code: 'medical', label: '医疗' },
    { code: 'training', label: '技能培训' },
    { code: 'other', label: '其他' },
  ],
  projectStatus: [
    { code: 'planned', label: '规划中' },
    { code: 'ongoing', label: '实施中' },
    { code: 'done', label: '已完工' },
    { code: 'accepted', label: '已验收' },
  ],
} as const satisfies Record<string, readonly CodeItem[]>;

export type CodeListName = keyof typeof CODE_LISTS;
export type CodeOf<L extends CodeListName> = (typeof CODE_LISTS)[L][number]['code'];

export const CODE_LIST_NAMES = Object.keys(CODE_LISTS) as CodeListName[];

export const CODE_LIST_TITLES: Record<CodeListName, string> = {
  householdCategory: '贫困户属性',
  exitStatus: '脱贫状态',
  standard: '识别标准',
  povertyCause: '致贫原因',
  health: '健康状况',
  laborSkill: '劳动技能',
  workStatus: '务工状况',
  education: '文化程度',
  schoolStatus: '在校生状况',
  relation: '与户主关系',
  roadType: '入户路类型',
  fuelType: '主要燃料类型',
  dangerLevel: '危房级别',
  memberChange: '成员变更',
  sex: '性别',
  ethnicity: '民族',
  politicalStatus: '政治面貌',
  bank: '开户银行',
  ledgerKind: '记账类型',
  pathway: '五个一批',
  projectType: '项目类型',
  projectStatus: '项目状态',
};

/**
 * Spellings found in old spreadsheets and the national system's exports. Imports must not fail on
 * them, and clerks type them from habit. Keys are compared after `normalizeLabel`.
 */
const ALIASES: { readonly [L in CodeListName]?: Readonly<Record<string, CodeOf<L>>> } = {
  householdCategory: {
    一般户: 'general',
    一般: 'general',
    一般贫困: 'general',
    低保户: 'dibao',
    低保: 'dibao',
    农村低保户: 'dibao',
    低保贫困: 'dibao',
    五保户: 'wubao',
    五保: 'wubao',
    农村五保户: 'wubao',
    五保贫困户: 'wubao',
    特困供养: 'wubao',
    特困供养户: 'wubao',
    特困户: 'wubao',
    特困供养贫困户五保户: 'wubao',
  },
  exitStatus: {
    已脱贫享受政策: 'exited_supported',
    脱贫享受政策: 'exited_supported',
    已脱贫不再享受政策: 'exited',
    脱贫不享受政策: 'exited',
    已脱贫不享受政策: 'exited',
    稳定脱贫: 'exited',
    已返贫: 'returned',
  },
  standard: {
    国家: 'national',
    国定标准: 'national',
    国家级标准: 'national',
    省定: 'provincial',
    省标准: 'provincial',
    省级标准: 'provincial',
    市定: 'municipal',
    市标准: 'municipal',
    市级标准: 'municipal',
  },
  povertyCause: {
    缺劳动力: 'labor',
    交通落后: 'transport',
    交通条件差: 'transport',
    动力不足: 'motivation',
    发展动力不足: 'motivation',
    缺乏发展动力: 'motivation',
  },
  health: {
    慢性病: 'chronic',
    长期慢性病患者: 'chronic',
    大病: 'serious',
    重大疾病: 'serious',
    残疾人: 'disabled',
  },
  education: {
    文盲: 'illiterate',
    半文盲: 'illiterate',
    中专: 'senior',
    高中中专: 'senior',
    大专: 'college',
    本科: 'college',
    大学: 'college',
    本科及以上: 'college',
    学龄前: 'preschool',
  },
  schoolStatus: {
    不在校: 'none',
    学前: 'preschool',
    幼儿园: 'preschool',
    初一: 'grade7',
    初二: 'grade8',
    初三: 'grade9',
    高一: 'high1',
    高二: 'high2',
    高三: 'high3',
    大专: 'college',
    大学: 'college',
    本科: 'college',
  },
  relation: {
    本人: 'head',
    妻子: 'spouse',
    妻: 'spouse',
    丈夫: 'spouse',
    夫: 'spouse',
    儿子: 'son',
    长子: 'son',
    次子: 'son',
    三子: 'son',
    女儿: 'daughter',
    长女: 'daughter',
    次女: 'daughter',
    三女: 'daughter',
    外孙: 'grandson_maternal',
    父亲: 'father',
    母亲: 'mother',
    爷爷: 'grandfather',
    奶奶: 'grandmother',
    外公: 'grandfather_maternal',
    外婆: 'grandmother_maternal',
  },
  roadType: {
    土路: 'dirt',
    沙石路: 'gravel',
    柏油路: 'asphalt',
  },
  fuelType: {
    柴: 'firewood',
    柴火: 'firewood',
    秸秆: 'firewood',
    畜粪: 'dung',
    煤: 'coal',
    燃气: 'clean',
    天然气: 'clean',
    液化气: 'clean',
    沼气: 'clean',
    电: 'clean',
    太阳能: 'clean',
  },
  sex: {
    男性: 'male',
    女性: 'female',
  },
  politicalStatus: {
    党员: 'cpc',
    中国共产党党员: 'cpc',
    预备党员: 'cpc_probationary',
    中国共产党预备党员: 'cpc_probationary',
    团员: 'cyl',
    中国共产主义青年团团员: 'cyl',
    民主党派成员: 'democratic',
  },
  bank: {
    农业银行: 'abc',
    农行: 'abc',
    湖北农信: 'rcb',
    农村商业银行: 'rcb',
    农商行: 'rcb',
    农商银行: 'rcb',
    武汉农村商业银行: 'rcb',
    武汉农商行: 'rcb',
    农村信用社: 'rcb',
    信用社: 'rcb',
    湖北省农村信用社: 'rcb',
    邮政储蓄银行: 'psbc',
    邮储银行: 'psbc',
    邮政储蓄: 'psbc',
    邮政: 'psbc',
    建设银行: 'ccb',
    建行: 'ccb',
    工商银行: 'icbc',
    工行: 'icbc',
    中行: 'boc',
  },
};

/**
 * Makes '乡(镇)内务工', '乡（镇）内务工' and ' 乡镇内务工 ' the same key: brackets and spacing differ
 * between the national system's exports, Excel templates and what clerks type.
 */
/**
 * Labels repeat: a registry file spells 一般贫困户 or 健康 hundreds of thousands of times, so the
 * normal forms are remembered (a bounded memo: a file of all-different texts just stops adding).
 */
const LABEL_MEMO_MAX = 20_000;
const labelMemo = new Map<string, string>();

export function normalizeLabel(label: string): string {
  const known = labelMemo.get(label);
  if (known !== undefined) return known;
  const normal = compactHalfWidth(label)
    .replace(/[()[\]【】〔〕]/g, '')
    .toLowerCase();
  if (labelMemo.size < LABEL_MEMO_MAX) labelMemo.set(label, normal);
  return normal;
}

const lookupCache = new Map<CodeListName, Map<string, string>>();

function lookupFor(list: CodeListName): Map<string, string> {
  const cached = lookupCache.get(list);
  if (cached) return cached;
  const map = new Map<string, string>();
  const items: readonly CodeItem[] = CODE_LISTS[list];
  // Labels and codes win over aliases, so an alias can never shadow a real entry.
  const aliases: Readonly<Record<string, string>> = ALIASES[list] ?? {};
  for (const [alias, code] of Object.entries(aliases)) map.set(normalizeLabel(alias), code);
  for (const item of items) map.set(normalizeLabel(item.code), item.code);
  for (const item of items) map.set(normalizeLabel(item.label), item.code);
  lookupCache.set(list, map);
  return map;
}

export function codeValues<L extends CodeListName>(list: L): [CodeOf<L>, ...CodeOf<L>[]] {
  const items: readonly CodeItem[] = CODE_LISTS[list];
  return items.map((item) => item.code) as [CodeOf<L>, ...CodeOf<L>[]];
}

export function isCode<L extends CodeListName>(list: L, code: unknown): code is CodeOf<L> {
  const items: readonly CodeItem[] = CODE_LISTS[list];
  return typeof code === 'string' && items.some((item) => item.code === code);
}

export function codeLabel(list: CodeListName, code: string | null | undefined): string {
  if (code == null) return '';
  const items: readonly CodeItem[] = CODE_LISTS[list];
  return items.find((item) => item.code === code)?.label ?? '';
}

/**
 * The text of a several-codes value as clerks see it: the labels joined by '、' ('illness,disability'
 * → '因病、因残'); a code outside the list shows as itself.
 */
export function codesLabel(list: CodeListName, value: string | null | undefined): string {
  return typeof value === 'string' && value !== '' ? value.split(',').map((c) => codeLabel(list, c) || c).join('、') : '';
}

export function codeFromLabel(list: CodeListName, label: string): string | undefined {
  const key = normalizeLabel(label);
  if (key === '') return undefined;
  const map = lookupFor(list);
  const direct = map.get(key);
  if (direct !== undefined) return direct;
  return fallbackLookup(list, key, map);
}

/** Rule-based variants, cheaper to state once than to list for every entry. */
function fallbackLookup(list: CodeListName, key: string, map: Map<string, string>): string | undefined {
  switch (list) {
    case 'povertyCause':
      // '因病致贫', '缺资金致贫'
      return key.endsWith('致贫') ? map.get(key.slice(0, -2)) : undefined;
    case 'relation':
      // The registry writes '之子', clerks write '子' or '岳父'.
      return key.startsWith('之') ? map.get(key.slice(1)) : map.get(`之${key}`);
    case 'ethnicity':
      if (/^\d$/.test(key)) return map.get(`0${key}`);
      return key.endsWith('族') ? undefined : map.get(`${key}族`);
    case 'dangerLevel':
      return map.get(key.replace(/级$/, ''));
    default:
      return undefined;
  }
}
