// Schema drift: the tables a fresh database really has (built by the migrations) against Kysely's
// view of them (main/db/schema.ts, types only, so read with the TypeScript compiler) and against the
// registry's field lists (shared/fields.ts). Each failure lists every difference, in both directions.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../main/db/store';
import { HOUSEHOLD_FIELDS, INCOME_FIELDS, MEMBER_FIELDS } from '../../../shared/fields';
import { freshStore, tempDir } from './helpers';

const SCHEMA_FILE = path.resolve(__dirname, '../../../main/db/schema.ts');

/** table → its columns, as the database has them. */
function databaseColumns(store: Store): Map<string, Set<string>> {
  const tables = store.sqlite
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
    .pluck()
    .all() as string[];
  const out = new Map<string, Set<string>>();
  for (const t of tables) {
    // table_xinfo, not table_info: it also lists generated columns, which Kysely sees too
    // (hidden = 1 is only a virtual table's hidden column).
    const cols = store.sqlite.prepare('SELECT name, hidden FROM pragma_table_xinfo(?)').all(t) as { name: string; hidden: number }[];
    out.set(t, new Set(cols.filter((c) => c.hidden !== 1).map((c) => c.name)));
  }
  return out;
}

function propertyName(name: ts.PropertyName, file: ts.SourceFile): string {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  throw new Error(`schema.ts: computed property name ${name.getText(file)} cannot be read statically`);
}

/** table → its columns, as main/db/schema.ts declares them: the `DB` interface maps each table to an interface. */
function schemaColumns(source: string): Map<string, Set<string>> {
  const file = ts.createSourceFile('schema.ts', source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  for (const s of file.statements) if (ts.isInterfaceDeclaration(s)) interfaces.set(s.name.text, s);

  const membersOf = (name: string, seen: string[] = []): Set<string> => {
    const decl = interfaces.get(name);
    if (!decl) throw new Error(`schema.ts: no interface ${name} in the file (a table's type must be a local interface)`);
    if (seen.includes(name)) throw new Error(`schema.ts: interface ${name} extends itself`);
    const out = new Set<string>();
    for (const clause of decl.heritageClauses ?? []) {
      for (const t of clause.types) {
        if (!ts.isIdentifier(t.expression)) throw new Error(`schema.ts: ${name} extends ${t.getText(file)}, which is not a local interface`);
        for (const m of membersOf(t.expression.text, [...seen, name])) out.add(m);
      }
    }
    for (const m of decl.members) {
      if (!ts.isPropertySignature(m)) throw new Error(`schema.ts: ${name} has a member that is not a property: ${m.getText(file)}`);
      out.add(propertyName(m.name, file));
    }
    return out;
  };

  const db = interfaces.get('DB');
  if (!db) throw new Error('schema.ts: no `interface DB`');
  const out = new Map<string, Set<string>>();
  for (const m of db.members) {
    if (!ts.isPropertySignature(m) || !m.type || !ts.isTypeReferenceNode(m.type) || !ts.isIdentifier(m.type.typeName)) {
      throw new Error(`schema.ts: DB member ${m.getText(file)} is not \`table: SomeInterface\``);
    }
    out.set(propertyName(m.name, file), membersOf(m.type.typeName.text));
  }
  return out;
}

/** Every difference between two table → columns maps, in words; [] when they agree. */
function drift(leftName: string, left: Map<string, Set<string>>, rightName: string, right: Map<string, Set<string>>): string[] {
  const problems: string[] = [];
  for (const t of [...new Set([...left.keys(), ...right.keys()])].sort()) {
    const l = left.get(t);
    const r = right.get(t);
    if (!l) problems.push(`table ${t}: only in ${rightName}`);
    else if (!r) problems.push(`table ${t}: only in ${leftName}`);
    else {
      for (const c of [...l].filter((c) => !r.has(c)).sort()) problems.push(`${t}.${c}: only in ${leftName}`);
      for (const c of [...r].filter((c) => !l.has(c)).sort()) problems.push(`${t}.${c}: only in ${rightName}`);
    }
  }
  return problems;
}

// fields.ts has no marker for a field that is not stored (`editable: false` also covers stored
// identities such as hhCode, sex and birthDate), so the derived keys are listed here. They are the
// ones main/services/registry.ts computes in SQL (its `derived` maps) instead of reading a column.
const DERIVED: Record<'households' | 'members' | 'incomes', Record<string, string>> = {
  households: {
    villageName: 'villages.name, through villageId',
    headName: "the 户主 member's name",
    headIdNumber: "the 户主 member's idNumber",
    size: 'count of the members',
    helperName: "the paired cadre's name (pairings → cadres)",
  },
  members: {
    hhCode: "the household's hhCode, through householdId",
    villageName: "the household's village name",
  },
  incomes: {},
};

// Columns of these tables that are not fields of fields.ts, each with the reason.
const NOT_FIELDS: Record<'households' | 'members' | 'incomes', Record<string, string>> = {
  households: {
    id: 'primary key',
    villageId: 'foreign key to villages; shown as the derived villageName field',
    importBatchId: 'the import batch that inserted the row (audit bookkeeping, main/db/audit.ts)',
    createdAt: 'system timestamp',
    updatedAt: 'system timestamp (optimistic concurrency)',
  },
  members: {
    id: 'primary key',
    householdId: 'foreign key to households; shown as the derived hhCode field',
    importBatchId: 'the import batch that inserted the row (audit bookkeeping, main/db/audit.ts)',
    createdAt: 'system timestamp',
    updatedAt: 'system timestamp (optimistic concurrency)',
  },
  incomes: {
    id: 'primary key',
    householdId: 'foreign key to households',
    year: 'the row key with householdId (UNIQUE); its file header is INCOME_YEAR_LABEL, not an INCOME_FIELDS entry',
    declaredPerCapita: 'the declared 年人均纯收入 (schema 6); its file header is NET_INCOME_PER_CAPITA_LABEL, beside the components INCOME_FIELDS lists',
    importBatchId: 'the import batch that inserted the row (audit bookkeeping, main/db/audit.ts)',
    createdAt: 'system timestamp',
    updatedAt: 'system timestamp',
  },
};

const FIELD_LISTS = {
  households: HOUSEHOLD_FIELDS.map((f) => f.key as string),
  members: MEMBER_FIELDS.map((f) => f.key as string),
  incomes: INCOME_FIELDS.map((f) => f.key as string),
};

let dir: string;
let store: Store;
let actual: Map<string, Set<string>>;

beforeAll(() => {
  dir = tempDir('fupin-drift-');
  store = freshStore(dir);
  actual = databaseColumns(store);
});

afterAll(() => {
  store?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('schema drift', () => {
  it('main/db/schema.ts declares exactly the tables and columns the migrations create', () => {
    const declared = schemaColumns(fs.readFileSync(SCHEMA_FILE, 'utf8'));
    expect(declared.size).toBeGreaterThan(0);
    expect(drift('main/db/schema.ts', declared, 'the database', actual)).toEqual([]);
  });

  for (const table of ['households', 'members', 'incomes'] as const) {
    it(`shared/fields.ts and the ${table} table agree`, () => {
      const columns = actual.get(table);
      expect(columns, `no ${table} table`).toBeDefined();
      const fields = new Set(FIELD_LISTS[table]);
      const problems: string[] = [];
      for (const key of fields) {
        if (!(key in DERIVED[table]) && !columns!.has(key)) problems.push(`field ${key}: no ${table} column (or add it to DERIVED with its reason)`);
      }
      for (const c of columns!) {
        if (!(c in NOT_FIELDS[table]) && !fields.has(c)) problems.push(`column ${table}.${c}: not a field in shared/fields.ts (or add it to NOT_FIELDS with its reason)`);
      }
      // The exception lists must stay true, or they would hide drift.
      for (const key of Object.keys(DERIVED[table])) {
        if (!fields.has(key)) problems.push(`DERIVED.${table}.${key}: no such field any more`);
        if (columns!.has(key)) problems.push(`DERIVED.${table}.${key}: is now a column, so not derived`);
      }
      for (const c of Object.keys(NOT_FIELDS[table])) {
        if (!columns!.has(c)) problems.push(`NOT_FIELDS.${table}.${c}: no such column any more`);
        if (fields.has(c)) problems.push(`NOT_FIELDS.${table}.${c}: is now a field`);
      }
      expect(problems).toEqual([]);
    });
  }
});
