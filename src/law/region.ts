// Where a debtor lives decides which public holidays apply: Alsace-Moselle keeps the local law
// holidays of 1919 (Good Friday, 26 December) and each overseas department marks the abolition of
// slavery on its own date. Overseas places are named by their INSEE department or collectivity code.

export const OVERSEAS_CODES = [
  "971",
  "972",
  "973",
  "974",
  "975",
  "976",
  "977",
  "978",
  "986",
  "987",
  "988",
] as const;
export type OverseasCode = (typeof OVERSEAS_CODES)[number];

export const LAW_REGIONS = ["metropole", "alsace-moselle", ...OVERSEAS_CODES, "abroad"] as const;

/**
 * The holiday calendar that applies at the debtor's address. `abroad` covers every place outside
 * the French Republic (Monaco included): Relance knows no foreign holiday calendar, so the French
 * national holidays stand in for it, which can only remove contact slots, never add any.
 */
export type LawRegion = (typeof LAW_REGIONS)[number];

export function isOverseas(region: LawRegion): region is OverseasCode {
  return (OVERSEAS_CODES as readonly string[]).includes(region);
}
