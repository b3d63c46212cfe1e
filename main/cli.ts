// Headless commands over the same services the app uses: `npm run -s cli -- <命令> [选项]`.
// Each command is one function in the table below, so later commands (import, export, verify,
// backup) are one entry each. Errors a user can fix end with exit code 2 and one Chinese line on
// stderr; nothing here prints a stack trace, since a clerk reads this output too.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Progress, Stats } from '../shared/contract';
import { codeLabel } from '../shared/domain/codes';
import type { ErrorCode } from '../shared/errors';
import { toErrorData } from './errors';
import { createDatabase, openDatabase } from './db/open';
import { createDemoDatabase } from './services/demo';
import { getStats } from './services/registry';
import { exportCommand, importCommand } from './cli/data';
import { planCommand } from './cli/plan';
import { planOverview } from './services/plan';
import { battleOverview } from './services/battle';
import { backupCommand, passwdCommand, restoreCommand, verifyCommand } from './cli/safety';
import { CLI_ACTOR } from './cli/actor';
import { defaultUserDataDir } from './services/session';
import { cleanExportJournal } from './services/leftovers';
import { fundsJson } from './cli/ledger';
import { checkLettersArgs, lettersCommand } from './cli/letters';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

const PASSWORD_ENV = 'FUPIN_PASSWORD';
const DEMO_LABEL = '虚构演示数据';

const OPTIONS = {
  db: { type: 'string' },
  password: { type: 'string' },
  json: { type: 'boolean' },
  seed: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'only-valid': { type: 'boolean' },
  year: { type: 'string' },
  what: { type: 'string' },
  out: { type: 'string' },
  from: { type: 'string' },
  'user-data': { type: 'string' },
  force: { type: 'boolean' },
  auto: { type: 'boolean' },
  apply: { type: 'boolean' },
  level: { type: 'string' },
  format: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

interface CliOptions {
  db?: string;
  password?: string;
  json?: boolean;
  seed?: string;
  'dry-run'?: boolean;
  'only-valid'?: boolean;
  year?: string;
  what?: string;
  out?: string;
  from?: string;
  'user-data'?: string;
  force?: boolean;
  auto?: boolean;
  apply?: boolean;
  level?: string;
  format?: string;
  help?: boolean;
}

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  /** Progress of long commands; only where someone watches (a terminal), never into a pipe. */
  progress?: (p: Progress) => void;
}

/**
 * Every refusal exits 2 with one Chinese line — bad input, a wrong password, a file that is
 * missing, damaged or open elsewhere, a full or read-only disk — since a script must tell "refused,
 * nothing changed" from "the data has problems" (1: import errors, verify found damage, which the
 * commands return themselves). Only an unexplained failure (a bug) is 1 here.
 */
const UNEXPLAINED: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['INTERNAL']);

class UsageError extends Error {}

interface Command {
  readonly synopsis: string;
  readonly summary: string;
  /** How many positional arguments follow the command name (import takes its file). */
  readonly args?: number;
  /** Returns the exit code when it is not simply 0 (import: 1 when the file has errors). */
  run(options: CliOptions, io: CliIo, args: readonly string[]): void | number | Promise<number>;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  init: {
    synopsis: 'init --db 文件',
    summary: '新建一个空的加密数据库（文件已存在时拒绝，不会覆盖）',
    run: initCommand,
  },
  demo: {
    synopsis: 'demo --db 文件 [--seed 数字]',
    summary: `新建一个填好${DEMO_LABEL}的数据库（21个村、1097户、2469人；文件已存在时拒绝）`,
    run: demoCommand,
  },
  stats: {
    synopsis: 'stats --db 文件 [--json]',
    summary: '统计村、单位、工作队、干部、贫困户和人数；--json 只输出一个 JSON 对象',
    run: statsCommand,
  },
  import: {
    synopsis: 'import --db 文件 表格文件 [--year 年份] [--dry-run] [--only-valid] [--json]',
    summary: '导入建档立卡导出表或本系统模板（.xlsx/.xls/.csv）；有错误时不写入；退出码 1 表示文件有错误',
    args: 1,
    run: (o, io, args) => {
      if (args.length !== 1) throw new UsageError('请指定要导入的表格文件（.xlsx、.xls 或 .csv）');
      return importCommand({ db: requireDb(o), password: requirePassword(o, io), file: args[0], dryRun: o['dry-run'] === true, onlyValid: o['only-valid'] === true, json: o.json === true, year: o.year, userDataDir: userDataDir(o) }, io);
    },
  },
  export: {
    synopsis: 'export --db 文件 --what households|members|villages|ledger --out 文件.xlsx [--force]',
    summary: '导出贫困户、家庭成员（全国建档立卡逐人格式，可再导入）、贫困村或资金台账（ledger）到 .xlsx',
    run: (o, io) => exportCommand({ db: requireDb(o), password: requirePassword(o, io), what: o.what, out: o.out, force: o.force === true, userDataDir: userDataDir(o) }, io),
  },
  plan: {
    synopsis: 'plan --db 文件 [--auto [--apply]] [--json]',
    summary: '脱贫计划与各年度任务的核对；--auto 按先易后难自动编排并列出与当前计划的差别，加 --apply 写入；无法满足任务时说明原因（退出码 1）',
    run: planRun,
  },
  letters: {
    synopsis: 'letters --db 文件 --level unit|team|cadre --format docx --out 文件夹 [--force]',
    summary: '导出责任状（帮扶单位、驻村工作队或帮扶干部），每份一个 Word 文件；PDF 请在程序中导出',
    run: lettersRun,
  },
  backup: {
    synopsis: 'backup --db 文件 --out 备份文件 [--force]',
    summary: '把数据库备份到指定文件（加密，连同其 .key 密钥文件；已有文件只在加 --force 时覆盖）',
    run: (o, io) => backupCommand(requireDb(o), requirePassword(o, io), requireValue(o.out, '--out 备份文件'), io, o.force === true),
  },
  restore: {
    synopsis: 'restore --db 文件 --from 备份文件',
    summary: '用备份替换数据库；替换前把现有数据库另存在旁边，可撤销',
    run: (o, io) => restoreCommand(requireDb(o), requirePassword(o, io), requireValue(o.from, '--from 备份文件'), io),
  },
  verify: {
    synopsis: 'verify --db 文件',
    summary: '检查数据库完整性和审计链；完好输出 OK，否则指出第一处问题（退出码 1）',
    run: (o, io) => verifyCommand(requireDb(o), requirePassword(o, io), io),
  },
  passwd: {
    synopsis: 'passwd --db 文件 [--user-data 文件夹]',
    summary: `修改密码：原密码用 --password 或 ${PASSWORD_ENV}，新密码用环境变量 FUPIN_NEW_PASSWORD；该数据库的自动备份也改用新密码`,
    run: (o, io) => passwdCommand({ db: requireDb(o), password: requirePassword(o, io), newPassword: io.env.FUPIN_NEW_PASSWORD, userDataDir: userDataDir(o) }, io),
  },
};

/** Columns on a terminal: CJK characters take two. */
function displayWidth(text: string): number {
  return [...text].reduce((w, ch) => w + (/[\u2E80-\uFFEF]/.test(ch) ? 2 : 1), 0);
}

function usage(): string {
  const width = Math.max(...Object.values(COMMANDS).map((c) => displayWidth(c.synopsis)));
  const lines = Object.values(COMMANDS).map((c) => `  ${c.synopsis}${' '.repeat(width + 2 - displayWidth(c.synopsis))}${c.summary}`);
  return [
    '精准扶贫台账 命令行工具',
    '',
    '用法：npm run -s cli -- <命令> [选项]',
    '',
    '命令：',
    ...lines,
    '',
    '选项：',
    '  --db 文件        数据库文件路径（.fupin）',
    `  --password 密码  数据库密码；也可用环境变量 ${PASSWORD_ENV} 提供（更安全，不会留在命令历史里）`,
    '  --json           stats、plan 以 JSON 输出',
    '  --seed 数字      demo 的随机种子（同一种子生成相同的虚构数据）',
    '  --dry-run        import 只检查并报告问题，不写入数据库',
    '  --only-valid     import 只导入没有错误的户（有错误的户列在报告中）',
    '  --year 年份      import 收入记入的年度（如 2015）；文件中有“收入年度”列的行以该列为准；不加时为上一年',
    '  --what 内容      export 导出的内容：households、members、villages 或 ledger（资金台账）',
    '  --out 文件       export 写入的 .xlsx 文件；backup 写入的备份文件',
    '  --from 文件      restore 使用的备份文件',
    '  --auto           plan 自动编排（不加 --apply 时只显示方案，不写入）',
  '  --apply          plan --auto 把方案写入数据库（一次修改，记入修改记录）',
  '  --force          export、backup 覆盖 --out 处已有的文件（backup 连同其 .key 密钥文件）；不加时拒绝，不做任何改动',
    '  --level 层级     letters 的层级：unit（帮扶单位）、team（驻村工作队）或 cadre（帮扶干部）',
    '  --format 格式    letters 的格式：docx（Word）；PDF 由程序的“责任状”页导出',
    '  --user-data 文件夹',
    `                   本机数据文件夹：import 在写入前把自动备份放在其中，passwd 让其中该数据库的自动备份也改用新密码，export 在其中登记进行中的临时文件；默认 ${defaultUserDataDir()}`,
    '                   （与 npm run start:chromium 相同），安装版软件请指明它的数据文件夹',
    '  -h, --help       显示本说明',
    '',
    '退出码：0 成功；1 导入的表格有错误、verify 发现损坏，或内部错误；2 拒绝执行（用法错误、密码错误、文件不存在或已存在、不是数据库文件、数据库已损坏或在别处打开、磁盘已满、没有写入权限等），未做任何改动',
    '',
  ].join('\n');
}

function requireDb(options: CliOptions): string {
  if (options.db === undefined || options.db.trim() === '') throw new UsageError('请用 --db 指定数据库文件');
  return path.resolve(options.db);
}

function userDataDir(options: CliOptions): string {
  return path.resolve(options['user-data'] ?? defaultUserDataDir());
}

function requireValue(value: string | undefined, what: string): string {
  if (value === undefined || value.trim() === '') throw new UsageError(`请用 ${what} 指定`);
  return value;
}

function requirePassword(options: CliOptions, io: CliIo): string {
  const password = options.password ?? io.env[PASSWORD_ENV];
  if (password === undefined || password === '') {
    throw new UsageError(`请用 --password 或环境变量 ${PASSWORD_ENV} 提供数据库密码`);
  }
  return password;
}

function parseSeed(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{1,10}$/.test(text) || Number(text) > 0xffffffff) throw new UsageError(`--seed 应为 0 至 4294967295 的整数：${text}`);
  return Number(text);
}

function statsSummary(stats: Stats): string {
  const cat = (c: keyof Stats['byCategory']) =>
    `  ${codeLabel('householdCategory', c)}：${stats.byCategory[c].households} 户 ${stats.byCategory[c].people} 人`;
  return [
    `贫困村：${stats.villages} 个`,
    `帮扶单位：${stats.units} 个`,
    `驻村工作队：${stats.teams} 支`,
    `帮扶干部：${stats.cadres} 人`,
    `贫困户：${stats.households} 户 ${stats.people} 人`,
    cat('general'),
    cat('dibao'),
    cat('wubao'),
    '',
  ].join('\n');
}

function initCommand(options: CliOptions, io: CliIo): void {
  const db = requireDb(options);
  const password = requirePassword(options, io);
  const { store, recoveryCode } = createDatabase(db, password);
  store.close();
  io.out(`已新建空数据库：${db}\n密钥文件：${db}.key（与数据库放在一起，复制、备份时一起复制）\n恢复码：${recoveryCode}\n请把恢复码抄写或打印后妥善保管：忘记密码时只能用它重设密码，它不会再次显示。\n`);
}

function demoCommand(options: CliOptions, io: CliIo): void {
  const db = requireDb(options);
  const password = requirePassword(options, io);
  const seed = parseSeed(options.seed);
  const stats = createDemoDatabase(db, password, { seed, actor: CLI_ACTOR, onProgress: io.progress });
  io.out(`已新建演示数据库（${DEMO_LABEL}，不含任何真实人员信息）：${db}\n${statsSummary(stats)}`);
}

function statsCommand(options: CliOptions, io: CliIo): void {
  const db = requireDb(options);
  const password = requirePassword(options, io);
  const store = openDatabase(db, password);
  type PerYear = Record<string, { households: number; people: number; villages: number }>;
  let stats: Stats & { plan: PerYear; exited: PerYear; funds: ReturnType<typeof fundsJson> };
  try {
    // The plan per year, as the 脱贫计划 page checks it; what was struck off (销号) and went out
    // (出列) per year, as the battle map counts it; the money per year, in fen.
    const check = planOverview(store).check;
    stats = {
      ...getStats(store),
      plan: Object.fromEntries(check.years.map((y) => [String(y.year), { households: y.households, people: y.people.planned, villages: y.villages.planned }])),
      exited: Object.fromEntries(battleOverview(store).years.map((y) => [String(y.year), { households: y.achieved.households, people: y.achieved.people, villages: y.achievedVillages }])),
      funds: fundsJson(store),
    };
  } finally {
    store.close();
  }
  io.out(options.json ? `${JSON.stringify(stats)}\n` : `数据库：${db}\n${statsSummary(stats)}`);
}

function planRun(options: CliOptions, io: CliIo): number {
  if (options.apply && !options.auto) throw new UsageError('--apply 只能与 --auto 一起使用');
  const store = openDatabase(requireDb(options), requirePassword(options, io));
  try {
    return planCommand(store, { auto: options.auto === true, apply: options.apply === true, json: options.json === true }, io);
  } finally {
    store.close();
  }
}

async function lettersRun(options: CliOptions, io: CliIo): Promise<number> {
  const args = { level: options.level, format: options.format, out: options.out, force: options.force === true };
  checkLettersArgs(args);
  const store = openDatabase(requireDb(options), requirePassword(options, io));
  try {
    return await lettersCommand(store, args, io);
  } finally {
    store.close();
  }
}

/** node:util's messages are English; a clerk gets the offending option named in Chinese. */
function parseArgsMessage(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const message = error instanceof Error ? error.message : String(error);
  const token = /'([^']+)'/.exec(message)?.[1] ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `无法识别的选项：${token}（用 --help 查看用法）`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return `选项 ${token.split(' ')[0]} 的用法不对：${/--json|--help|-h/.test(token) ? '它不带值' : '它需要一个值'}（用 --help 查看用法）`;
    default:
      return `命令行参数有误（用 --help 查看用法）`;
  }
}

/** Runs one command line; returns the exit code. Never throws. */
export function runCli(argv: readonly string[], io: CliIo): number | Promise<number> {
  let options: CliOptions;
  let positionals: string[];
  try {
    ({ values: options, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true }));
  } catch (error) {
    io.err(`${parseArgsMessage(error)}\n`);
    return EXIT_USAGE;
  }
  const [name, ...extra] = positionals;
  if (options.help || name === 'help') {
    io.out(usage());
    return EXIT_OK;
  }
  if (name === undefined) {
    io.err(usage());
    return EXIT_USAGE;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    io.err(`未知命令：${name}（可用命令：${Object.keys(COMMANDS).join('、')}；用 --help 查看用法）\n`);
    return EXIT_USAGE;
  }
  // Plaintext temp files of exports killed with an earlier run, wherever they were saved.
  cleanExportJournal(userDataDir(options));
  try {
    if (extra.length > (command.args ?? 0)) throw new UsageError(`多余的参数：${extra.join(' ')}（用 --help 查看用法）`);
    const result = command.run(options, io, extra);
    if (result instanceof Promise) return result.catch((error: unknown) => reportError(error, io));
    return typeof result === 'number' ? result : EXIT_OK;
  } catch (error) {
    return reportError(error, io);
  }
}

/** The same message the app shows for the same error (errors.ts), on one line, without a stack. */
function reportError(error: unknown, io: CliIo): number {
  if (error instanceof UsageError) {
    io.err(`${error.message}\n`);
    return EXIT_USAGE;
  }
  const { code, message } = toErrorData(error);
  io.err(`${oneLine(message)}\n`);
  return UNEXPLAINED.has(code) ? EXIT_FAILURE : EXIT_USAGE;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  return script !== undefined && import.meta.url === pathToFileURL(path.resolve(script)).href;
}

if (isEntryPoint()) {
  const io: CliIo = {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    env: process.env,
    progress: process.stderr.isTTY ? (p) => process.stderr.write(`\r${p.message}${p.done === p.total ? '\n' : ''}`) : undefined,
  };
  void Promise.resolve(runCli(process.argv.slice(2), io)).then((code) => {
    process.exitCode = code;
  });
}
