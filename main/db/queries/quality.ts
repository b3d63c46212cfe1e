// The rows the data-quality checks read (main/services/quality.ts decides what is wrong with them).
import { sql } from 'kysely';
import type { Store } from '../store';
import { HEAD_RELATION } from '../../../shared/domain/household';
import type { IncomeComponents } from '../../../shared/domain/income';
import { IN_EXITED_STATUSES } from './registry';

/** A member with the 户编号 of their household and the fields the checks look at. */
export interface QualityPersonRow {
  id: string;
  householdId: string;
  hhCode: string;
  name: string;
  idNumber: string;
  birthDate: string;
  relation: string;
  schoolStatus: string | null;
  education: string | null;
  health: string | null;
  laborSkill: string | null;
}

/** A household named as the page names it: 户编号 and 户主 (null when none is registered). */
export interface QualityHouseholdRow {
  id: string;
  hhCode: string;
  headName: string | null;
}

/** A household with the required fields the checks look at. */
export interface QualityRequiredFieldsRow extends QualityHouseholdRow {
  standard: string | null;
  mainCause: string | null;
  identifiedOn: string | null;
  plannedExitYear: number | null;
}

/** A household's incomes of one year with a declared per-capita figure, and its size. */
export type QualityDeclaredIncomeRow = QualityHouseholdRow & IncomeComponents & { size: number; declaredPerCapita: number };

/** A pairing with the household's village and the helper's team (null: none) and its village. */
export interface QualityPairingRow extends QualityHouseholdRow {
  villageId: string;
  villageName: string;
  cadreId: string;
  cadreName: string;
  unitName: string;
  teamName: string | null;
  teamVillageId: string | null;
  teamVillageName: string | null;
}

export interface QualityQueries {
  /** Every member, by 户编号 and then birth date. */
  people(): QualityPersonRow[];
  /** Poor households (not exited) with no pairing (no 帮扶责任人), by 户编号. */
  householdsWithoutHelper(): QualityHouseholdRow[];
  /** Every pairing with the places the pairing rule compares (shared/domain/org.ts pairingProblem), by 户编号. */
  pairingPlaces(): QualityPairingRow[];
  /** Every household with its required fields, by 户编号. */
  householdsRequiredFields(): QualityRequiredFieldsRow[];
  /** The incomes rows of `year` that declare a per-capita figure, with their household's size, by 户编号. */
  declaredIncomes(year: number): QualityDeclaredIncomeRow[];
}

export function sqliteQualityQueries(store: Store): QualityQueries {
  return {
    people() {
      return store.all(
        store.kysely
          .selectFrom('members as m')
          .innerJoin('households as h', 'h.id', 'm.householdId')
          .select(['m.id', 'm.householdId', 'h.hhCode', 'm.name', 'm.idNumber', 'm.birthDate', 'm.relation', 'm.schoolStatus', 'm.education', 'm.health', 'm.laborSkill'])
          .orderBy('h.hhCode')
          .orderBy('m.birthDate'),
      );
    },

    householdsWithoutHelper() {
      return store.all(
        store.kysely
          .selectFrom('households as h')
          .leftJoin('pairings as p', 'p.householdId', 'h.id')
          .leftJoin('members as head', (join) => join.onRef('head.householdId', '=', 'h.id').on('head.relation', '=', HEAD_RELATION))
          .select(['h.id', 'h.hhCode', 'head.name as headName'])
          .where('p.id', 'is', null)
          // Which statuses count as exited: the one rule (shared/domain/exitStatus.ts via IN_EXITED_STATUSES).
          .where(sql<boolean>`h.exitStatus NOT ${sql.raw(IN_EXITED_STATUSES)}`)
          .orderBy('h.hhCode'),
      );
    },

    pairingPlaces() {
      return store.sqlite
        .prepare(
          `SELECT h.id, h.hhCode, head.name AS headName, h.villageId, hv.name AS villageName,
                  c.id AS cadreId, c.name AS cadreName, u.name AS unitName, t.name AS teamName, t.villageId AS teamVillageId, tv.name AS teamVillageName
           FROM pairings p
           JOIN households h ON h.id = p.householdId
           JOIN villages hv ON hv.id = h.villageId
           JOIN cadres c ON c.id = p.cadreId
           JOIN units u ON u.id = c.unitId
           LEFT JOIN teams t ON t.id = c.teamId
           LEFT JOIN villages tv ON tv.id = t.villageId
           LEFT JOIN members head ON head.householdId = h.id AND head.relation = ?
           ORDER BY h.hhCode`,
        )
        .all(HEAD_RELATION) as QualityPairingRow[];
    },

    householdsRequiredFields() {
      return store.all(
        store.kysely
          .selectFrom('households as h')
          .leftJoin('members as head', (join) => join.onRef('head.householdId', '=', 'h.id').on('head.relation', '=', HEAD_RELATION))
          .select(['h.id', 'h.hhCode', 'h.standard', 'h.mainCause', 'h.identifiedOn', 'h.plannedExitYear', 'head.name as headName'])
          .orderBy('h.hhCode'),
      );
    },

    declaredIncomes(year) {
      return store.sqlite
        .prepare(
          `SELECT h.id, h.hhCode, f.headName, coalesce(f.size, 0) AS size, i.declaredPerCapita,
                  i.wage, i.business, i.propertyDividend, i.propertyOther, i.transferFamilyPlanning, i.transferDibao,
                  i.transferWubao, i.transferPension, i.transferEco, i.transferOther, i.businessCost
           FROM incomes i
           JOIN households h ON h.id = i.householdId
           LEFT JOIN householdFacts f ON f.householdId = h.id
           WHERE i.year = ? AND i.declaredPerCapita IS NOT NULL
           ORDER BY h.hhCode`,
        )
        .all(year) as QualityDeclaredIncomeRow[];
    },
  };
}
