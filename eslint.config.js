// Import boundaries only (no style rules): the folder rules of DESIGN.md, checked by `npm run lint`.
//
// The repository imports by relative path only, and ESLint matches an import's text, not the file it
// resolves to. So the config walks the source folders and, for each one, spells every relative path
// that reaches a forbidden folder from there ('../main', '../../main', '../../../main'…, and the
// roundabout '../../renderer/pages' beside '../pages'). Paths that would slip past those spellings
// (non-normalized 'a/../b', leaving the repository, absolute paths) are refused outright, and inline
// `eslint-disable` comments are ignored, so the boundaries hold whatever way an import is written.
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import tseslint from 'typescript-eslint';

const ROOT = import.meta.dirname;
const SOURCE_ROOTS = ['main', 'renderer', 'shared'];
const EXTENSIONS = '{ts,tsx,mts,cts,js,jsx,mjs,cjs}';

const SERVICE_LAYERS = ['main/services', 'main/ipc', 'main/jobs', 'main/shell'];
const LOWER_RENDERER = ['renderer/grid', 'renderer/components', 'renderer/api.ts', 'renderer/charts', 'renderer/wall', 'renderer/print'];
const NODE_OR_ELECTRON = `^(?:node:|(?:${[...builtinModules.filter((m) => !m.startsWith('node:')), 'electron'].map(escapeRegex).join('|')})(?:/|$))`;

/**
 * from: folders (or single files) the rule applies to; forbid: repo folders they must not reach by
 * a relative import; bare: a pattern for package names they must not import.
 */
const BOUNDARIES = [
  { from: ['renderer'], forbid: ['main'], why: 'renderer/ runs in the sandboxed browser: reach main only through window.api (renderer/api.ts), share code through shared/' },
  { from: ['shared'], forbid: ['main', 'renderer'], why: 'shared/ is imported by both processes and must depend on neither' },
  { from: ['shared'], bare: NODE_OR_ELECTRON, why: 'shared/ runs in both processes: no Node built-ins or electron (put Node code in main/)' },
  { from: ['main/db'], forbid: SERVICE_LAYERS, why: 'main/db/ is the lowest layer of main: services, ipc, jobs and shell use it, never the reverse' },
  { from: LOWER_RENDERER, forbid: ['renderer/pages'], why: 'grid, components, api and the other shared renderer folders are used by pages/ and must not import a page' },
];

function escapeRegex(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function isFile(p) {
  return /\.[cm]?[jt]sx?$/.test(p);
}

function isWithin(p, folder) {
  return p === folder || p.startsWith(`${folder}/`);
}

/** A regex matching every normalized relative spelling, from files in `dir`, of `target` or anything inside it. */
function spellingsOf(dir, target) {
  const d = dir.split('/');
  const t = target.split('/');
  const alternatives = [];
  for (let up = 0; up <= d.length; up++) {
    const base = d.slice(0, d.length - up);
    if (base.length >= t.length || !base.every((s, i) => s === t[i])) continue;
    const prefix = up === 0 ? '\\./' : `(?:\\.\\./){${up}}`;
    alternatives.push(prefix + t.slice(base.length).map(escapeRegex).join('/'));
  }
  return `^(?:${alternatives.join('|')})(?:/|$)`;
}

/** Paths the spellings would not see: refused wherever a boundary applies. */
function hygiene(depth) {
  return [
    { regex: '^(?:/|[a-z]:|\\\\)', why: 'absolute import path: import by relative path' },
    { regex: `^(?:\\.\\./){${depth + 1}}`, why: 'this relative import leaves the repository' },
    { regex: '(?:^|/)(?!\\.\\.(?:/|$))[^/]+/\\.\\.(?:/|$)|.+/\\.(?:/|$)', why: "non-normalized relative path ('a/../b', 'a/./b'): write the shortest path" },
  ];
}

/** The restrictions, as {regex, why}, of files in `dir` (or of the single file `file` in it). */
function restrictionsFor(dir, file) {
  const out = [];
  for (const b of BOUNDARIES) {
    const applies = b.from.some((f) => (isFile(f) ? f === file : isWithin(dir, f)));
    if (!applies) continue;
    for (const target of b.forbid ?? []) {
      if (isWithin(dir, target)) throw new Error(`eslint.config.js: ${dir} is inside the folder it may not import (${target})`);
      out.push({ regex: spellingsOf(dir, target), why: `must not import ${target}/: ${b.why}` });
    }
    if (b.bare) out.push({ regex: b.bare, why: b.why });
  }
  return out.length ? [...out, ...hygiene(dir.split('/').length)] : out;
}

/** One config block (only these files are linted at all): static imports and re-exports via no-restricted-imports; import() and type-level import('…') via no-restricted-syntax. */
function block(files, restrictions) {
  const patterns = restrictions.map((r) => ({ regex: r.regex, message: r.why }));
  // esquery regex literals: '/' must not end the literal early.
  const sel = (r) => `/${r.regex.replaceAll('/', '\\x2F')}/i`;
  const syntax = restrictions.flatMap((r) => [
    { selector: `ImportExpression[source.value=${sel(r)}]`, message: `Dynamic import: ${r.why}` },
    { selector: `TSImportType[source.value=${sel(r)}]`, message: `Type import: ${r.why}` },
    { selector: `CallExpression[callee.name='require'][arguments.0.value=${sel(r)}]`, message: `require(): ${r.why}` },
    { selector: `TSExternalModuleReference[expression.value=${sel(r)}]`, message: `import = require(): ${r.why}` },
  ]);
  return {
    files,
    languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' },
    // A boundary is not waived by a comment: change this file (and say why) instead.
    linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
    rules: {
      'no-restricted-imports': ['error', { patterns }],
      'no-restricted-syntax': ['error', ...syntax],
    },
  };
}

function sourceDirs() {
  const dirs = [];
  const walk = (rel) => {
    dirs.push(rel);
    for (const e of fs.readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
      if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules') walk(`${rel}/${e.name}`);
    }
  };
  for (const r of SOURCE_ROOTS) if (fs.existsSync(path.join(ROOT, r))) walk(r);
  return dirs;
}

function boundaryBlocks() {
  const blocks = [];
  for (const dir of sourceDirs()) {
    const r = restrictionsFor(dir);
    if (r.length) blocks.push(block([`${dir}/*.${EXTENSIONS}`], r));
  }
  // Single files named in a boundary come last, so their block (a superset of their folder's) wins.
  for (const file of new Set(BOUNDARIES.flatMap((b) => b.from.filter(isFile)))) {
    blocks.push(block([file], restrictionsFor(path.posix.dirname(file), file)));
  }
  return blocks;
}

export default [
  {
    ignores: ['out/', 'dist/', 'node_modules/', '.bench/', '.tmp/', '.ci/', 'tests/', 'resources/', 'test-results/', 'playwright-report/', '*.config.*'],
  },
  ...boundaryBlocks(),
];
