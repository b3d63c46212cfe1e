/**
 * Compulsory education (义务教育): nine years, from primary school to 九年级, for children of 7 to
 * 15 (as on the day that matters: the end of the data year for the registry's checks, the exit
 * day for 销号). One rule for the data-quality lists and the exit criteria (三保障: 义务教育有保障).
 */
export const COMPULSORY_SCHOOL_AGE = { from: 7, to: 15 } as const;

/** The 在校生状况 codes of the nine compulsory years. */
export const COMPULSORY_STAGES: ReadonlySet<string> = new Set(['primary', 'grade7', 'grade8', 'grade9']);

export function isCompulsorySchoolAge(age: number): boolean {
  return age >= COMPULSORY_SCHOOL_AGE.from && age <= COMPULSORY_SCHOOL_AGE.to;
}

/** A child of compulsory-school age recorded as not in school (非在校生, or nothing recorded). */
export function missesCompulsorySchool(age: number, schoolStatus: string | null): boolean {
  return isCompulsorySchoolAge(age) && (schoolStatus ?? 'none') === 'none';
}
