import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  accrueInterest,
  FR_RATE_TABLES,
  halfYearOf,
  legalRateBp,
  mroOn,
  penaltyRateBp,
} from "../../src/law/fr/late-interest";

const penalties = (
  principalCents: number,
  startDate: string,
  asOf: string,
  repayments = [] as { date: string; cents: number }[],
) => accrueInterest({ principalCents, startDate, asOf, repayments, rateBp: (d) => penaltyRateBp(d) });

describe("L441-10 rates from the dated tables", () => {
  it("takes the MRO in force on 1 January or 1 July, plus ten points", () => {
    expect(halfYearOf("2026-06-30")).toBe("2026-H1");
    expect(halfYearOf("2026-07-01")).toBe("2026-H2");
    expect(mroOn("2025-06-10")).toBe(240);
    expect(mroOn("2025-06-11")).toBe(215);
    // H2 2025: the 2.15 % of 11/06/2025 was in force on 1 July.
    expect(penaltyRateBp("2025-09-15")).toBe(1215);
    // H1 2025: 1 January 2025 is before the table's first date, so the rate is not known.
    expect(penaltyRateBp("2025-05-01")).toBeNull();
    // A mid-half-year change of the MRO does not move the half-year's rate.
    const tables = { ...FR_RATE_TABLES, ecbMro: [...FR_RATE_TABLES.ecbMro, { from: "2026-03-01", bp: 300 }] };
    expect(penaltyRateBp("2026-04-01", tables)).toBe(1215);
    expect(penaltyRateBp("2026-07-01", tables)).toBe(1300);
  });

  it("reads the legal rate of the half-year by the creditor's status", () => {
    expect(legalRateBp("2026-03-01")).toBe(262);
    expect(legalRateBp("2026-03-01", "private")).toBe(667);
    expect(legalRateBp("2025-10-01")).toBe(276);
    expect(legalRateBp("2026-09-01")).toBeNull();
  });
});

describe("accruing late interest in cents", () => {
  it("counts 30 days on 1 000 € at 12.15 %: 1 000 × 12.15 % × 30/365 = 9.99 €", () => {
    // 100 000 × 1215 × 30 / 3 650 000 = 998.63 → 999 cents.
    expect(penalties(100_000, "2026-07-01", "2026-07-31")).toEqual({
      cents: 999,
      days: 30,
      unknownRateDays: 0,
    });
  });

  it("owes nothing on the due date itself and one day's worth the day after", () => {
    expect(penalties(100_000, "2026-07-01", "2026-07-01").cents).toBe(0);
    // 100 000 × 1215 / 3 650 000 = 33.29 → 33 cents.
    expect(penalties(100_000, "2026-07-01", "2026-07-02")).toMatchObject({ cents: 33, days: 1 });
  });

  it("stops interest on the part paid from the day after the payment", () => {
    // 10 days on 1 000 € (2–11 July) then 20 days on 500 €: 1215 × 2 000 000 / 3 650 000 = 665.75 → 666.
    expect(
      penalties(100_000, "2026-07-01", "2026-07-31", [{ date: "2026-07-11", cents: 50_000 }]).cents,
    ).toBe(666);
    // A reversal (negative) puts the principal back.
    const reversed = penalties(100_000, "2026-07-01", "2026-07-31", [
      { date: "2026-07-11", cents: 50_000 },
      { date: "2026-07-11", cents: -50_000 },
    ]);
    expect(reversed.cents).toBe(999);
    expect(
      penalties(100_000, "2026-07-01", "2026-07-31", [{ date: "2026-07-05", cents: 100_000 }]),
    ).toMatchObject({
      cents: 133,
      days: 4,
    });
  });

  it("earns nothing for days whose half-year rate is unknown, and says so", () => {
    // 21–30 June 2025 unknown (H1 2025), 1–10 July at 12.15 %: 1215 × 1 000 000 / 3 650 000 = 332.88 → 333.
    expect(penalties(100_000, "2025-06-20", "2025-07-10")).toEqual({
      cents: 333,
      days: 10,
      unknownRateDays: 10,
    });
  });

  it("never decreases as days pass and stays within half a cent of the exact pro rata", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50_000_000 }),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 400 }),
        (principal, a, b) => {
          const day = (n: number) =>
            new Date(Date.UTC(2025, 6, 1) + n * 86_400_000).toISOString().slice(0, 10);
          const early = penalties(principal, "2025-07-01", day(Math.min(a, b)));
          const late = penalties(principal, "2025-07-01", day(Math.max(a, b)));
          expect(late.cents).toBeGreaterThanOrEqual(early.cents);
          // Within one rate, the total is the exact pro rata rounded once: |Σ − exact| ≤ 0.5 cent.
          const exact = (principal * 1215 * late.days) / 3_650_000;
          expect(Math.abs(late.cents - exact)).toBeLessThanOrEqual(0.5);
        },
      ),
    );
  });
});
