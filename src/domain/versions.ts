// Names valid at a date: agencies and blocs keep dated versions (2025 reorganisation).

type Dated = { validFrom: Date; validTo: Date | null };

/** The version valid on `at`, else the latest one that started before it, else the first. */
export function versionAt<T extends Dated>(versions: readonly T[], at: Date): T | undefined {
  const sorted = [...versions].sort((a, b) => a.validFrom.getTime() - b.validFrom.getTime());
  const valid = sorted.filter((v) => v.validFrom <= at && (v.validTo === null || v.validTo >= at));
  if (valid.length) return valid[valid.length - 1];
  const before = sorted.filter((v) => v.validFrom <= at);
  return before[before.length - 1] ?? sorted[0];
}

/** Mid-year of a year: the date whose names a year's pages show. */
export function midYear(year: number): Date {
  return new Date(Date.UTC(year, 6, 1, 12));
}
