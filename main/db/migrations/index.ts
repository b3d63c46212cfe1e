// A static, ordered list: bundlers cannot scan a folder, and the order is the schema's history.
import { m001Initial } from './m001_initial';
import { m002KeyedAudit } from './m002_keyed_audit';
import { m003ImportBatches } from './m003_import_batches';
import { m004NameSearch } from './m004_name_search';
import { m005HouseholdFacts } from './m005_household_facts';
import { m006DeclaredIncome } from './m006_declared_income';
import { m007ExitWorkflow } from './m007_exit_workflow';
import { m008BattleFacts } from './m008_battle_facts';
import { m009Ledger } from './m009_ledger';
import { m010BattleBoard } from './m010_battle_board';
import { m011OrgDuty } from './m011_org_duty';
import type { Migration } from './migration';

export type { Migration };

export const MIGRATIONS: readonly Migration[] = [m001Initial, m002KeyedAudit, m003ImportBatches, m004NameSearch, m005HouseholdFacts, m006DeclaredIncome, m007ExitWorkflow, m008BattleFacts, m009Ledger, m010BattleBoard, m011OrgDuty];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
