/**
 * Responsibility letters (责任状), signed level by level (层层签订): the district's leading group
 * with each unit, a unit with its work team, a work team with each cadre. One home for what a
 * letter says: the levels, the default templates, the placeholders each level knows, and the
 * renderer of a template and its values into blocks (title, lines, headings, signature block)
 * that the print route (PDF) and the DOCX writer both lay out. Also the 公示 roster's fixed text.
 *
 * Template syntax, one line per block (kept to what a clerk can read and edit in a text box):
 *   # 标题            the title (22 pt bold Song)
 *   = 文字            a centred line (the letter's number)
 *   - 文字            a line without first-line indent (the parties: 甲方：…)
 *   一、文字           a level-1 heading (黑体)
 *   （一）文字         a level-2 heading (楷体) when it has no 。; otherwise an ordinary paragraph
 *   文字              an ordinary paragraph, indented two characters
 *   [签章]            everything after it is the signature and seal block: each line one row,
 *                    " | " between the left (甲方) and the right (乙方) column
 * {名称} is a placeholder; a name the level does not know is an error naming it and the line.
 * A value with several lines (六不准, the duties) becomes one block per line.
 */
import { parseIsoDate } from './dates';
import { CAMPAIGN_YEARS } from './plan';

export type LetterLevel = 'unit' | 'team' | 'cadre';
export const LETTER_LEVELS: readonly LetterLevel[] = ['unit', 'team', 'cadre'];

export const LETTER_LEVEL_LABELS: Record<LetterLevel, string> = {
  unit: '区领导小组与帮扶单位',
  team: '帮扶单位与驻村工作队',
  cadre: '驻村工作队与帮扶干部',
};

/** What the party list and the file names call one letter's 乙方. */
export const LETTER_PARTY_LABELS: Record<LetterLevel, string> = { unit: '帮扶单位', team: '驻村工作队', cadre: '帮扶干部' };

/** The term of every letter: the campaign's years. */
export const LETTER_TERM = `${CAMPAIGN_YEARS[0]}年至${CAMPAIGN_YEARS[CAMPAIGN_YEARS.length - 1]}年`;

/** 六不准: the work discipline of resident teams (DOMAIN.md, Accountability). */
export const SIX_PROHIBITIONS: readonly string[] = Object.freeze([
  '不准向基层提出不合理要求，增加基层负担；',
  '不准接受基层宴请，不准在基层报销任何费用；',
  '不准收受基层赠送的礼金、礼品（含土特产）；',
  '不准参与打牌赌博，不准用公款进行娱乐消费；',
  '不准做违背群众意愿、损害群众利益的事情；',
  '不准层层陪同、迎来送往。',
]);

/** The six items numbered as a letter and the roster print them: "1. 不准…". */
export function sixProhibitionLines(): string[] {
  return SIX_PROHIBITIONS.map((text, i) => `${i + 1}. ${text}`);
}

/** The duties of a resident work team, as the letters and the roster state them unless edited. */
export const DEFAULT_TEAM_DUTIES: readonly string[] = Object.freeze([
  '宣传落实党和政府的扶贫政策，协助村“两委”开展贫困户精准识别和动态管理；',
  '逐户分析致贫原因，制定村、户脱贫规划和年度帮扶计划，建立帮扶台账；',
  '争取和落实扶贫项目与资金，发展村级主导产业，壮大村集体经济；',
  '落实“一对一”结对帮扶，每月走访帮扶户不少于一次，帮助解决实际困难；',
  '配合做好脱贫销号、出列验收和资金使用监管，如实报送扶贫数据。',
]);

/** 2016年3月8日: Arabic numerals without zero padding (GB/T 9704). */
export function chineseDate(iso: string): string {
  const d = parseIsoDate(iso);
  if (!d) throw new Error(`日期无效：${iso}`);
  return `${d.year}年${d.month}月${d.day}日`;
}

// =============================================================================================
// Placeholders
// =============================================================================================

export interface PlaceholderDef {
  name: string;
  description: string;
}

function yearly(what: string, description: (year: number) => string): PlaceholderDef[] {
  return CAMPAIGN_YEARS.map((year) => ({ name: `${year}年${what}`, description: description(year) }));
}

const COMMON: PlaceholderDef[] = [
  { name: '编号', description: '责任状编号，如 扶贫责〔2016〕1号' },
  { name: '签订日期', description: '签订日期，如 2016年3月8日' },
  { name: '责任期限', description: LETTER_TERM },
  { name: '六不准', description: '六不准工作纪律（六行）' },
  { name: '监督电话', description: '监督举报电话' },
];

const PLACE: PlaceholderDef[] = [
  { name: '单位名称', description: '帮扶单位名称' },
  { name: '单位负责人', description: '帮扶单位负责人' },
  { name: '工作队名称', description: '驻村工作队名称' },
  { name: '第一书记', description: '驻村第一书记姓名' },
  { name: '工作队队长', description: '工作队队长姓名' },
  { name: '村名', description: '帮扶的行政村' },
  { name: '镇街', description: '行政村所在乡镇（街道）' },
  { name: '出列年度', description: '村计划出列年度' },
  { name: '贫困户数', description: '村建档立卡贫困户户数' },
  { name: '贫困人口数', description: '村建档立卡贫困人口人数' },
  ...yearly('脱贫户数', (y) => `村${y}年计划脱贫户数`),
  ...yearly('脱贫人数', (y) => `村${y}年计划脱贫人数`),
  { name: '年度承诺资金', description: '每年承诺帮扶资金（各年相同时为一个数，否则逐年列出）' },
  ...yearly('承诺资金', (y) => `${y}年承诺帮扶资金`),
  { name: '工作队职责', description: '工作队工作职责（多行）' },
];

const CADRE: PlaceholderDef[] = [
  { name: '干部姓名', description: '帮扶干部姓名' },
  { name: '干部职务', description: '在工作队中的职责（第一书记、队员、帮扶责任人…）' },
  { name: '干部职级', description: '干部职务职级' },
  { name: '干部职责', description: '干部在工作队中的职责（未填写时按其职务）' },
  { name: '帮扶户数', description: '结对帮扶的贫困户户数' },
  { name: '帮扶人数', description: '结对帮扶的贫困人口人数' },
  ...yearly('帮扶脱贫户数', (y) => `结对户中${y}年计划脱贫户数`),
  ...yearly('帮扶脱贫人数', (y) => `结对户中${y}年计划脱贫人数`),
];

/** The placeholders each level's letters fill. */
export const LETTER_PLACEHOLDERS: Record<LetterLevel, readonly PlaceholderDef[]> = {
  unit: [...COMMON, ...PLACE],
  team: [...COMMON, ...PLACE],
  cadre: [...COMMON, ...PLACE, ...CADRE],
};

/** A letter's values by placeholder name; a value may have several lines. */
export type LetterValues = Record<string, string>;

// =============================================================================================
// Default templates
// =============================================================================================

const CLOSING = [
  '五、考核办法与责任追究',
  '（一）本责任状执行情况纳入年度精准扶贫工作考核，考核结果作为领导班子和领导干部综合考评、评先评优和选拔任用的重要依据。',
  '（二）对完成目标任务、成效突出的，给予通报表扬；对未完成年度目标任务、弄虚作假、搞“数字脱贫”的，予以通报批评、约谈问责；情节严重的，依纪依规追究有关人员责任。',
  '六、工作纪律',
  '严格执行驻村工作“六不准”纪律：',
  '{六不准}',
  '欢迎群众监督，监督电话：{监督电话}。',
  '七、责任期限',
  '本责任状责任期限为{责任期限}，自签订之日起生效。',
  '本责任状一式两份，甲乙双方各执一份。',
];

const UNIT_TEMPLATE = [
  '# 精准扶贫结对帮扶责任状',
  '= 编号：{编号}',
  '- 甲方：区精准扶贫工作领导小组',
  '- 乙方：{单位名称}',
  '为深入贯彻落实精准扶贫、精准脱贫基本方略，坚持“党政同责，一级抓一级、层层抓落实”，明确工作任务，强化责任落实，确保{镇街}{村名}如期实现脱贫目标，经甲乙双方协商，签订本责任状。',
  '一、责任目标',
  '乙方结对帮扶{镇街}{村名}，该村现有建档立卡贫困户{贫困户数}户、贫困人口{贫困人口数}人。乙方确保：2016年脱贫{2016年脱贫户数}户{2016年脱贫人数}人，2017年脱贫{2017年脱贫户数}户{2017年脱贫人数}人，2018年脱贫{2018年脱贫户数}户{2018年脱贫人数}人；{村名}{出列年度}年脱贫出列，2018年底前全部贫困户稳定脱贫。',
  '二、工作职责',
  '（一）乙方主要负责人为本单位帮扶工作第一责任人，选派得力干部参加{工作队名称}，保证驻村时间和工作力量。',
  '（二）督促指导工作队履行以下职责：',
  '{工作队职责}',
  '三、保障措施',
  '（一）资金保障：乙方承诺筹措帮扶资金2016年{2016年承诺资金}、2017年{2017年承诺资金}、2018年{2018年承诺资金}，专款用于帮扶村产业发展和贫困户脱贫，纳入区扶贫资金台账统一监管。',
  '（二）人员保障：乙方保障驻村干部的工作经费和生活补助，驻村期间原单位职务、待遇不变。',
  '四、甲方职责',
  '甲方负责统筹协调、政策指导和督办检查，及时研究解决帮扶工作中的重大问题。',
  ...CLOSING,
  '[签章]',
  '甲方（盖章）：区精准扶贫工作领导小组 | 乙方（盖章）：{单位名称}',
  '组长（签字）： | 负责人（签字）：{单位负责人}',
  '{签订日期} | {签订日期}',
].join('\n');

const TEAM_TEMPLATE = [
  '# 驻村帮扶工作责任状',
  '= 编号：{编号}',
  '- 甲方：{单位名称}',
  '- 乙方：{工作队名称}',
  '为落实区精准扶贫工作领导小组与甲方签订的结对帮扶责任状，坚持“党政同责，一级抓一级、层层抓落实”，把帮扶任务落实到工作队、落实到人，经甲乙双方协商，签订本责任状。',
  '一、责任目标',
  '乙方驻{镇街}{村名}开展精准扶贫工作。该村现有建档立卡贫困户{贫困户数}户、贫困人口{贫困人口数}人。乙方确保：2016年脱贫{2016年脱贫户数}户{2016年脱贫人数}人，2017年脱贫{2017年脱贫户数}户{2017年脱贫人数}人，2018年脱贫{2018年脱贫户数}户{2018年脱贫人数}人；{村名}{出列年度}年脱贫出列。',
  '二、工作职责',
  '工作队队长{工作队队长}、第一书记{第一书记}对本村脱贫工作负直接责任。乙方履行以下职责：',
  '{工作队职责}',
  '三、保障措施',
  '（一）资金保障：工作队各成员单位每年承诺帮扶资金合计{年度承诺资金}，由工作队统筹用于本村脱贫项目，按规定入账、公示，接受监督。',
  '（二）人员保障：甲方保障驻村干部驻村时间、工作经费和生活补助。',
  '四、甲方职责',
  '甲方主要负责人每季度到村调研督办不少于一次，帮助工作队解决困难和问题。',
  ...CLOSING,
  '[签章]',
  '甲方（盖章）：{单位名称} | 乙方：{工作队名称}',
  '负责人（签字）：{单位负责人} | 队长（签字）：{工作队队长}',
  '{签订日期} | {签订日期}',
].join('\n');

const CADRE_TEMPLATE = [
  '# 精准扶贫结对帮扶责任状',
  '= 编号：{编号}',
  '- 甲方：{工作队名称}',
  '- 乙方：{干部姓名}（{单位名称}，{干部职级}）',
  '为落实“一对一”结对帮扶，做到每户有帮扶责任人、每人有脱贫措施，明确工作任务，强化责任落实，经甲乙双方协商，签订本责任状。',
  '一、责任目标',
  '乙方在{镇街}{村名}担任{干部职务}，结对帮扶贫困户{帮扶户数}户、贫困人口{帮扶人数}人。乙方确保：结对户2016年脱贫{2016年帮扶脱贫户数}户{2016年帮扶脱贫人数}人，2017年脱贫{2017年帮扶脱贫户数}户{2017年帮扶脱贫人数}人，2018年脱贫{2018年帮扶脱贫户数}户{2018年帮扶脱贫人数}人，脱贫后帮扶不脱钩。',
  '二、工作职责',
  '乙方在工作队中的职责：{干部职责}。',
  '（一）每月走访结对户不少于一次，摸清家庭情况和致贫原因，帮助制定并落实“一户一策”脱贫计划。',
  '（二）宣传扶贫政策，帮助结对户落实产业、就业、教育、健康、低保等帮扶措施，如实填写帮扶手册。',
  '（三）服从工作队统一安排，完成工作队交办的其他任务。',
  '三、保障措施',
  '甲方为乙方开展帮扶工作提供必要的工作条件，协调落实帮扶项目和资金；{单位名称}每年承诺帮扶资金{年度承诺资金}，统筹用于{村名}脱贫。',
  '四、甲方职责',
  '甲方负责对乙方的帮扶工作进行指导、督促和考核，每季度通报一次帮扶进展。',
  ...CLOSING,
  '[签章]',
  '甲方：{工作队名称} | 乙方（签字）：{干部姓名}',
  '队长（签字）：{工作队队长} | ',
  '{签订日期} | {签订日期}',
].join('\n');

export const DEFAULT_TEMPLATES: Record<LetterLevel, string> = { unit: UNIT_TEMPLATE, team: TEAM_TEMPLATE, cadre: CADRE_TEMPLATE };

/** The longest template taken (the settings' and the IPC's limit). */
export const TEMPLATE_MAX_CHARS = 20_000;

// =============================================================================================
// Rendering
// =============================================================================================

export type LetterBlock =
  | { kind: 'title'; text: string }
  | { kind: 'centre'; text: string }
  | { kind: 'plain'; text: string }
  | { kind: 'heading'; level: 1 | 2; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'signature'; rows: { left: string; right: string }[] };

export interface TemplateProblem {
  /** The template's line, from 1. */
  line: number;
  /** The placeholder named, when the problem is one. */
  placeholder?: string;
  message: string;
}

export type RenderResult = { ok: true; blocks: LetterBlock[] } | { ok: false; problems: TemplateProblem[] };

const SIGNATURE_MARK = '[签章]';
const LEVEL1 = /^[一二三四五六七八九十]+、/;
const LEVEL2 = /^（[一二三四五六七八九十]+）/;

/** The placeholders a line names, with the braces' problems found on the way. */
function scanLine(text: string, line: number, known: ReadonlySet<string>, problems: TemplateProblem[]): void {
  let at = 0;
  for (;;) {
    const open = text.indexOf('{', at);
    const close = text.indexOf('}', at);
    if (open < 0 && close < 0) return;
    if (open < 0 || (close >= 0 && close < open)) {
      problems.push({ line, message: `第${line}行：“}”前面缺少“{”` });
      return;
    }
    const end = text.indexOf('}', open + 1);
    const nextOpen = text.indexOf('{', open + 1);
    if (end < 0 || (nextOpen >= 0 && nextOpen < end)) {
      problems.push({ line, message: `第${line}行：“{”后面缺少“}”` });
      return;
    }
    const name = text.slice(open + 1, end).trim();
    if (!known.has(name)) problems.push({ line, placeholder: name, message: `第${line}行：没有名为“{${name}}”的占位符` });
    at = end + 1;
  }
}

/** Every problem of a template for a level: unknown placeholders, unpaired braces, a second [签章]. */
export function checkTemplate(template: string, level: LetterLevel): TemplateProblem[] {
  const known = new Set(LETTER_PLACEHOLDERS[level].map((p) => p.name));
  const problems: TemplateProblem[] = [];
  let marks = 0;
  template.split(/\r?\n/).forEach((text, i) => {
    if (text.trim() === SIGNATURE_MARK && ++marks > 1) problems.push({ line: i + 1, message: `第${i + 1}行：“${SIGNATURE_MARK}”只能有一处` });
    scanLine(text, i + 1, known, problems);
  });
  if (template.length > TEMPLATE_MAX_CHARS) problems.push({ line: 1, message: `模板过长：不能超过${TEMPLATE_MAX_CHARS}个字` });
  return problems;
}

function fill(text: string, values: LetterValues): string {
  return text.replace(/\{([^{}]*)\}/g, (_m, name: string) => values[name.trim()] ?? '');
}

function blockOf(line: string): LetterBlock | null {
  const text = line.trim();
  if (text === '') return null;
  if (text.startsWith('# ')) return { kind: 'title', text: text.slice(2).trim() };
  if (text.startsWith('= ')) return { kind: 'centre', text: text.slice(2).trim() };
  if (text.startsWith('- ')) return { kind: 'plain', text: text.slice(2).trim() };
  if (LEVEL1.test(text)) return { kind: 'heading', level: 1, text };
  if (LEVEL2.test(text) && !text.includes('。')) return { kind: 'heading', level: 2, text };
  return { kind: 'paragraph', text };
}

/**
 * The blocks of a letter: the template's lines with the values put in. A template with problems
 * renders nothing: the problems say which placeholder on which line (never a silent blank).
 * Values are checked against the level's placeholders too, so a value missing for a known
 * placeholder is a bug, reported as such.
 */
export function renderLetter(template: string, level: LetterLevel, values: LetterValues): RenderResult {
  const problems = checkTemplate(template, level);
  if (problems.length > 0) return { ok: false, problems };
  const missing = LETTER_PLACEHOLDERS[level].find((p) => values[p.name] === undefined);
  if (missing) throw new Error(`责任状缺少占位符“${missing.name}”的取值`);
  const blocks: LetterBlock[] = [];
  let signature: { left: string; right: string }[] | null = null;
  for (const raw of template.split(/\r?\n/)) {
    if (raw.trim() === SIGNATURE_MARK) {
      signature = [];
      continue;
    }
    if (signature) {
      if (raw.trim() === '') continue;
      const [left, ...right] = raw.split('|');
      signature.push({ left: fill(left, values).trim(), right: fill(right.join('|'), values).trim() });
      continue;
    }
    // A placeholder with several lines (六不准, the duties) gives one block per line, each
    // classified as its own line would be; the first keeps the template line's prefix.
    const filled = fill(raw, values).split('\n');
    const prefix = /^(#|=|-) /.exec(raw.trim())?.[0] ?? '';
    filled.forEach((text, i) => {
      const block = blockOf(i === 0 ? text : `${prefix}${text}`);
      if (block) blocks.push(block);
    });
  }
  if (signature && signature.length > 0) blocks.push({ kind: 'signature', rows: signature });
  return { ok: true, blocks };
}

/** The letter's text as lines (for searching it in tests and for the CLI's summary). */
export function blocksText(blocks: readonly LetterBlock[]): string {
  return blocks
    .map((b) => (b.kind === 'signature' ? b.rows.map((r) => `${r.left}  ${r.right}`.trim()).join('\n') : b.text))
    .join('\n');
}

/** 扶贫责〔2016〕1号 … numbered per level in the parties' order. */
export function letterNumber(level: LetterLevel, year: number, index: number): string {
  const prefix: Record<LetterLevel, string> = { unit: '扶贫责', team: '扶贫队责', cadre: '扶贫帮责' };
  return `${prefix[level]}〔${year}〕${index + 1}号`;
}

/** A file name for a letter: its level, its party and its number, without characters Windows refuses. */
export function letterFileName(level: LetterLevel, party: string, index: number, ext: 'docx' | 'pdf'): string {
  const safe = party.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 60);
  return `${String(index + 1).padStart(3, '0')}_责任状_${LETTER_PARTY_LABELS[level]}_${safe}.${ext}`;
}

// =============================================================================================
// GB/T 9704 page geometry, shared by the print route's CSS and the DOCX writer
// =============================================================================================

export const PAGE_GEOMETRY = {
  widthMm: 210,
  heightMm: 297,
  marginTopMm: 37,
  marginBottomMm: 35,
  marginLeftMm: 28,
  marginRightMm: 26,
  linesPerPage: 22,
  charsPerLine: 28,
  titlePt: 22,
  bodyPt: 16,
  pageNumberPt: 14,
} as const;

/** The text block is 156 × 225 mm; 28 characters of 16 pt across and 22 lines down fill it. */
export function bodyMetrics(): { lineHeightPt: number; letterSpacingPt: number } {
  const g = PAGE_GEOMETRY;
  const mmToPt = 72 / 25.4;
  const blockWidthPt = (g.widthMm - g.marginLeftMm - g.marginRightMm) * mmToPt;
  const blockHeightPt = (g.heightMm - g.marginTopMm - g.marginBottomMm) * mmToPt;
  return {
    lineHeightPt: blockHeightPt / g.linesPerPage,
    letterSpacingPt: (blockWidthPt - g.charsPerLine * g.bodyPt) / g.charsPerLine,
  };
}

/** "— 1 —": the page number as official documents print it. */
export function pageNumberText(n: number): string {
  return `— ${n} —`;
}

// =============================================================================================
// The 公示 roster of a work team
// =============================================================================================

export const ROSTER_TITLE_SUFFIX = '驻村工作队公示';

/** What each role in a work team answers for, as the roster prints it (the role itself otherwise). */
export const ROLE_DUTIES: Readonly<Record<string, string>> = Object.freeze({
  第一书记: '抓党建促脱贫，全面负责驻村帮扶工作',
  工作队队长: '统筹工作队和成员单位的帮扶力量，组织落实帮扶计划',
  队员: '落实村级帮扶项目，做好结对户帮扶和台账',
  帮扶责任人: '结对帮扶贫困户，落实“一户一策”',
});

export function roleDuty(role: string): string {
  return ROLE_DUTIES[role] ?? role;
}

export const ROSTER_INTRO =
  '根据区委、区政府精准扶贫工作部署，现将驻村工作队成员及职责予以公示。工作队严格遵守驻村工作“六不准”纪律，欢迎社会各界和广大群众监督。';

// =============================================================================================
// The print route: renderer/index.html#print?… (a hidden print window, or a test's page)
// =============================================================================================

export interface PrintRequest {
  doc: 'letters' | 'roster';
  level: LetterLevel;
  /** Absent: all of the level (all teams for the roster). */
  ids?: string[];
}

export const PRINT_HASH_PREFIX = '#print?';

export function printRouteHash(req: PrintRequest): string {
  const params = new URLSearchParams({ doc: req.doc, level: req.level });
  if (req.ids) params.set('ids', req.ids.join(','));
  return `${PRINT_HASH_PREFIX}${params.toString()}`;
}

/** The request a #print?… hash names; null when it names none. */
export function parsePrintHash(hash: string): PrintRequest | null {
  if (!hash.startsWith(PRINT_HASH_PREFIX)) return null;
  const params = new URLSearchParams(hash.slice(PRINT_HASH_PREFIX.length));
  const doc = params.get('doc');
  const level = params.get('level') as LetterLevel | null;
  if ((doc !== 'letters' && doc !== 'roster') || !level || !LETTER_LEVELS.includes(level)) return null;
  const ids = params.get('ids');
  return { doc, level, ...(ids ? { ids: ids.split(',').filter((id) => id !== '') } : {}) };
}

/** What a page says where there is no browser engine to make a PDF (the CLI, the Chromium runner). */
export const PDF_NEEDS_APP = 'PDF 由桌面程序生成（需要浏览器引擎排版）：请在程序的“责任状”页点“导出PDF”；命令行可用 --format docx 导出 Word 文件';
