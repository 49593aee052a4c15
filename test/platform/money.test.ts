import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  add,
  allocatePayment,
  allocateProportionally,
  type ClaimBalance,
  CurrencyMismatchError,
  compare,
  currencyCode,
  EUR,
  equals,
  format,
  isCurrencyCode,
  isNegative,
  isPositive,
  isZero,
  type Money,
  MoneyParseError,
  max,
  min,
  minorUnitExponent,
  money,
  negate,
  parseDecimal,
  percentOf,
  splitInstalments,
  subtract,
  sum,
  toDecimalString,
  zero,
} from "../../src/platform/money";

const eur = (amount: number): Money => money(amount, "EUR");
const NNBSP = "\u202f";
const NBSP = "\u00a0";

describe("currencies", () => {
  it("knows ISO 4217 codes from Intl and refuses anything else", () => {
    expect(isCurrencyCode("EUR")).toBe(true);
    expect(isCurrencyCode("XPF")).toBe(true);
    expect(isCurrencyCode("eur")).toBe(false);
    expect(isCurrencyCode("EURO")).toBe(false);
    expect(() => currencyCode("ZZZ")).toThrow(/unknown ISO 4217 currency code: "ZZZ"/);
    expect(EUR).toBe("EUR");
  });

  it("reads the minor-unit exponent of each currency", () => {
    expect(minorUnitExponent("EUR")).toBe(2);
    expect(minorUnitExponent("USD")).toBe(2);
    expect(minorUnitExponent("JPY")).toBe(0);
    expect(minorUnitExponent("XPF")).toBe(0);
    expect(minorUnitExponent("BHD")).toBe(3);
  });
});

describe("money()", () => {
  it("holds integer minor units with their currency, frozen", () => {
    const m = eur(12_345);
    expect(m).toEqual({ amount: 12_345, currency: "EUR" });
    expect(Object.isFrozen(m)).toBe(true);
  });

  it("refuses floats, NaN, infinities and unsafe integers", () => {
    expect(() => eur(10.5)).toThrow(RangeError);
    expect(() => eur(Number.NaN)).toThrow(RangeError);
    expect(() => eur(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => eur(Number.MAX_SAFE_INTEGER + 1)).toThrow(RangeError);
    expect(eur(Number.MAX_SAFE_INTEGER).amount).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("refuses an unknown currency", () => {
    expect(() => money(1, "ABC")).toThrow(RangeError);
  });

  it("never produces a negative zero", () => {
    expect(Object.is(eur(-0).amount, 0)).toBe(true);
    expect(Object.is(negate(eur(0)).amount, 0)).toBe(true);
    expect(Object.is(subtract(eur(5), eur(5)).amount, 0)).toBe(true);
  });
});

describe("arithmetic", () => {
  it("adds, subtracts and negates", () => {
    expect(add(eur(150), eur(250))).toEqual(eur(400));
    expect(subtract(eur(150), eur(250))).toEqual(eur(-100));
    expect(negate(eur(150))).toEqual(eur(-150));
  });

  it("sums a list, and an empty list to zero in the given currency", () => {
    expect(sum([eur(1), eur(2), eur(3)], "EUR")).toEqual(eur(6));
    expect(sum([], "JPY")).toEqual(money(0, "JPY"));
  });

  it("throws a clear error when currencies differ", () => {
    const usd = money(100, "USD");
    expect(() => add(eur(100), usd)).toThrow(CurrencyMismatchError);
    expect(() => add(eur(100), usd)).toThrow("currency mismatch: expected EUR, got USD");
    expect(() => subtract(eur(100), usd)).toThrow(CurrencyMismatchError);
    expect(() => compare(eur(100), usd)).toThrow(CurrencyMismatchError);
    expect(() => sum([usd], "EUR")).toThrow(CurrencyMismatchError);
    expect(() => min(eur(1), usd)).toThrow(CurrencyMismatchError);
  });

  it("throws rather than leave the safe-integer range", () => {
    expect(() => add(eur(Number.MAX_SAFE_INTEGER), eur(1))).toThrow(RangeError);
  });

  it("compares, and picks the least and the greatest", () => {
    expect(compare(eur(1), eur(2))).toBe(-1);
    expect(compare(eur(2), eur(2))).toBe(0);
    expect(compare(eur(3), eur(2))).toBe(1);
    expect(equals(eur(2), eur(2))).toBe(true);
    expect(min(eur(5), eur(-2), eur(3))).toEqual(eur(-2));
    expect(max(eur(5), eur(-2), eur(7))).toEqual(eur(7));
    expect(min(eur(5))).toEqual(eur(5));
  });

  it("tells zero, negative and positive apart", () => {
    expect(isZero(zero("EUR"))).toBe(true);
    expect(isZero(eur(1))).toBe(false);
    expect(isNegative(eur(-1))).toBe(true);
    expect(isPositive(eur(1))).toBe(true);
    expect(isPositive(eur(0))).toBe(false);
  });
});

describe("parseDecimal and toDecimalString", () => {
  it("reads plain decimal strings exactly", () => {
    expect(parseDecimal("1234.56", "EUR")).toEqual(eur(123_456));
    expect(parseDecimal("-0.5", "EUR")).toEqual(eur(-50));
    expect(parseDecimal("+12", "EUR")).toEqual(eur(1200));
    expect(parseDecimal("0.07", "EUR")).toEqual(eur(7));
    expect(parseDecimal(" 42.10 ", "EUR")).toEqual(eur(4210));
    expect(parseDecimal("007.5", "EUR")).toEqual(eur(750));
    expect(parseDecimal("1234", "JPY")).toEqual(money(1234, "JPY"));
    expect(parseDecimal("1.234", "BHD")).toEqual(money(1234, "BHD"));
  });

  it("does not suffer float artefacts (0.1 + 0.2, 1.005)", () => {
    expect(add(parseDecimal("0.1", "EUR"), parseDecimal("0.2", "EUR"))).toEqual(parseDecimal("0.3", "EUR"));
    expect(parseDecimal("1.005", "BHD").amount).toBe(1005);
    expect(parseDecimal("90071992547409.91", "EUR").amount).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("rejects more decimals than the currency allows, but accepts harmless trailing zeros", () => {
    expect(() => parseDecimal("1.234", "EUR")).toThrow(MoneyParseError);
    expect(() => parseDecimal("10.5", "JPY")).toThrow(/more than 0 decimal/);
    expect(parseDecimal("1.500", "EUR")).toEqual(eur(150));
    expect(parseDecimal("10.0", "JPY")).toEqual(money(10, "JPY"));
  });

  it("rejects what is not a plain decimal, with a reason", () => {
    for (const text of ["", "abc", "1,5", "1 234.56", "1e3", ".5", "5.", "--1", "0x10", "1.2.3", "€12"]) {
      let caught: unknown;
      try {
        parseDecimal(text, "EUR");
      } catch (error) {
        caught = error;
      }
      expect(caught, text).toBeInstanceOf(MoneyParseError);
      expect((caught as MoneyParseError).reason, text).toBe("format");
    }
  });

  it("rejects amounts too large to hold exactly", () => {
    expect(() => parseDecimal("90071992547409.92", "EUR")).toThrow(
      expect.objectContaining({ reason: "range" }),
    );
    expect(() => parseDecimal("1".repeat(30), "EUR")).toThrow(expect.objectContaining({ reason: "range" }));
  });

  it("writes exactly the currency's number of decimals", () => {
    expect(toDecimalString(eur(123_456))).toBe("1234.56");
    expect(toDecimalString(eur(-50))).toBe("-0.50");
    expect(toDecimalString(eur(7))).toBe("0.07");
    expect(toDecimalString(eur(0))).toBe("0.00");
    expect(toDecimalString(money(1234, "JPY"))).toBe("1234");
    expect(toDecimalString(money(-5, "BHD"))).toBe("-0.005");
  });

  it("round-trips every amount through its decimal string", () => {
    const currencies = fc.constantFrom("EUR", "JPY", "BHD", "USD");
    fc.assert(
      fc.property(fc.maxSafeInteger(), currencies, (amount, currency) => {
        const m = money(amount, currency);
        expect(parseDecimal(toDecimalString(m), currency)).toEqual(m);
      }),
    );
  });
});

describe("format", () => {
  it("writes French amounts with Intl's narrow no-break space and the euro sign after", () => {
    expect(format(eur(123_456), "fr")).toBe(`1${NNBSP}234,56${NBSP}€`);
    expect(format(eur(-123_456), "fr")).toBe(`-1${NNBSP}234,56${NBSP}€`);
    expect(format(eur(5), "fr")).toBe(`0,05${NBSP}€`);
    expect(format(eur(4000), "fr")).toBe(`40,00${NBSP}€`);
  });

  it("writes English amounts the British way, euro sign first", () => {
    expect(format(eur(123_456), "en")).toBe("€1,234.56");
    expect(format(eur(-123_456), "en")).toBe("-€1,234.56");
  });

  it("follows the currency's precision", () => {
    expect(format(money(1234, "JPY"), "en")).toBe("JP¥1,234");
    expect(format(money(1234, "BHD"), "en")).toBe(`BHD${NBSP}1.234`);
  });

  it("prints the largest amounts exactly", () => {
    expect(format(eur(Number.MAX_SAFE_INTEGER), "en")).toBe("€90,071,992,547,409.91");
  });
});

describe("percentOf", () => {
  it("computes VAT and commission in basis points", () => {
    expect(percentOf(eur(10_000), 2000, "half-up")).toEqual(eur(2000));
    expect(percentOf(eur(123_456), 1250, "half-up")).toEqual(eur(15_432));
    expect(percentOf(eur(999), 550, "half-even")).toEqual(eur(55));
  });

  it("rounds halves away from zero with half-up", () => {
    expect(percentOf(eur(50), 100, "half-up")).toEqual(eur(1)); // 0.5 → 1
    expect(percentOf(eur(150), 100, "half-up")).toEqual(eur(2)); // 1.5 → 2
    expect(percentOf(eur(250), 100, "half-up")).toEqual(eur(3)); // 2.5 → 3
    expect(percentOf(eur(-250), 100, "half-up")).toEqual(eur(-3));
    expect(percentOf(eur(249), 100, "half-up")).toEqual(eur(2)); // 2.49 → 2
  });

  it("rounds halves to even with half-even", () => {
    expect(percentOf(eur(50), 100, "half-even")).toEqual(eur(0)); // 0.5 → 0
    expect(percentOf(eur(150), 100, "half-even")).toEqual(eur(2)); // 1.5 → 2
    expect(percentOf(eur(250), 100, "half-even")).toEqual(eur(2)); // 2.5 → 2
    expect(percentOf(eur(-250), 100, "half-even")).toEqual(eur(-2));
    expect(percentOf(eur(251), 100, "half-even")).toEqual(eur(3)); // 2.51 → 3
  });

  it("stays exact when the product exceeds the safe-integer range", () => {
    expect(percentOf(eur(Number.MAX_SAFE_INTEGER), 10_000, "half-up")).toEqual(eur(Number.MAX_SAFE_INTEGER));
    expect(percentOf(eur(9_007_199_254_740_990), 5000, "half-up")).toEqual(eur(4_503_599_627_370_495));
  });

  it("refuses fractional basis points", () => {
    expect(() => percentOf(eur(100), 12.5, "half-up")).toThrow(RangeError);
  });

  it("never differs from the exact value by more than half a unit, and is symmetric", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e12, max: 1e12 }),
        fc.integer({ min: 0, max: 20_000 }),
        fc.constantFrom("half-up", "half-even"),
        (amount, bp, rounding) => {
          const result = percentOf(eur(amount), bp, rounding).amount;
          const error = BigInt(result) * 10_000n - BigInt(amount) * BigInt(bp);
          expect(error <= 5000n && error >= -5000n).toBe(true);
          expect(percentOf(eur(-amount), bp, rounding).amount).toBe(-result || 0);
        },
      ),
    );
  });
});

describe("allocateProportionally", () => {
  it("splits without losing a cent, giving leftovers to the largest remainders", () => {
    expect(allocateProportionally(eur(100), [1, 1, 1])).toEqual([eur(34), eur(33), eur(33)]);
    expect(allocateProportionally(eur(1000), [50, 30, 20])).toEqual([eur(500), eur(300), eur(200)]);
    // 10 × 3/7 = 4.29, 10 × 4/7 = 5.71: the larger remainder takes the spare cent.
    expect(allocateProportionally(eur(10), [3, 4])).toEqual([eur(4), eur(6)]);
    expect(allocateProportionally(eur(5), [0, 1, 0])).toEqual([eur(0), eur(5), eur(0)]);
  });

  it("splits a negative total like its opposite", () => {
    expect(allocateProportionally(eur(-100), [1, 1, 1])).toEqual([eur(-34), eur(-33), eur(-33)]);
  });

  it("refuses empty, all-zero, negative or fractional weights", () => {
    expect(() => allocateProportionally(eur(100), [])).toThrow(RangeError);
    expect(() => allocateProportionally(eur(100), [0, 0])).toThrow(RangeError);
    expect(() => allocateProportionally(eur(100), [1, -1])).toThrow(RangeError);
    expect(() => allocateProportionally(eur(100), [1.5])).toThrow(RangeError);
  });

  it("always adds up to the total, each share within one unit of its exact part", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e13, max: 1e13 }),
        fc.array(fc.integer({ min: 0, max: 1e12 }), { minLength: 1, maxLength: 20 }),
        (total, weights) => {
          fc.pre(weights.some((w) => w > 0));
          const shares = allocateProportionally(eur(total), weights);
          expect(sum(shares, "EUR").amount).toBe(total);
          const totalWeight = weights.reduce((a, b) => a + BigInt(b), 0n);
          shares.forEach((share, i) => {
            const diff = BigInt(share.amount) * totalWeight - BigInt(total) * BigInt(weights[i] ?? 0);
            expect(diff < totalWeight && diff > -totalWeight).toBe(true);
          });
        },
      ),
    );
  });
});

describe("splitInstalments", () => {
  it("puts the remainder on the first instalment", () => {
    expect(splitInstalments(eur(10_000), 3)).toEqual([eur(3334), eur(3333), eur(3333)]);
    expect(splitInstalments(eur(100_002), 4)).toEqual([eur(25_002), eur(25_000), eur(25_000), eur(25_000)]);
    expect(splitInstalments(eur(900), 3)).toEqual([eur(300), eur(300), eur(300)]);
    expect(splitInstalments(eur(5), 1)).toEqual([eur(5)]);
  });

  it("refuses a count that is not a positive integer or a total too small to split", () => {
    expect(() => splitInstalments(eur(100), 0)).toThrow(RangeError);
    expect(() => splitInstalments(eur(100), 2.5)).toThrow(RangeError);
    expect(() => splitInstalments(eur(2), 3)).toThrow(RangeError);
    expect(() => splitInstalments(eur(-300), 3)).toThrow(RangeError);
  });

  it("adds up to the total, with equal instalments after the first", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e13 }), fc.integer({ min: 1, max: 60 }), (total, n) => {
        fc.pre(total >= n);
        const parts = splitInstalments(eur(total), n);
        expect(parts).toHaveLength(n);
        expect(sum(parts, "EUR").amount).toBe(total);
        const [first, ...rest] = parts;
        for (const p of rest) expect(p).toEqual(rest[0]);
        expect(first!.amount - (rest[0]?.amount ?? first!.amount)).toBeLessThan(n);
        expect(first!.amount).toBeGreaterThanOrEqual(rest[0]?.amount ?? 0);
      }),
    );
  });
});

function claim(
  claimId: string,
  dueDate: string,
  owed: Partial<Record<"interest" | "penalties" | "indemnity" | "principal", number>>,
  issueDate = "2025-01-01",
): ClaimBalance {
  return {
    claimId,
    dueDate,
    issueDate,
    owed: Object.fromEntries(Object.entries(owed).map(([k, v]) => [k, eur(v)])),
  };
}

describe("allocatePayment", () => {
  it("pays interest and accessories before principal within a claim (FR-19)", () => {
    const result = allocatePayment(eur(5000), [
      claim("F1", "2025-03-01", { principal: 100_000, interest: 1200, penalties: 2500, indemnity: 4000 }),
    ]);
    expect(result.lines).toEqual([
      { claimId: "F1", component: "interest", amount: eur(1200) },
      { claimId: "F1", component: "penalties", amount: eur(2500) },
      { claimId: "F1", component: "indemnity", amount: eur(1300) },
    ]);
    const [f1] = result.claims;
    expect(f1?.applied.principal).toEqual(eur(0));
    expect(f1?.remaining).toEqual({
      interest: eur(0),
      penalties: eur(0),
      indemnity: eur(2700),
      principal: eur(100_000),
    });
    expect(f1?.settled).toBe(false);
    expect(result.allocated).toEqual(eur(5000));
    expect(result.overpayment).toEqual(eur(0));
  });

  it("settles the oldest claim first, by due date then issue date", () => {
    const result = allocatePayment(eur(15_000), [
      claim("late", "2025-06-30", { principal: 10_000 }),
      claim("old-issued-later", "2025-01-31", { principal: 10_000 }, "2025-01-10"),
      claim("old-issued-first", "2025-01-31", { principal: 10_000 }, "2025-01-02"),
    ]);
    expect(result.claims.map((c) => [c.claimId, c.total.amount, c.settled])).toEqual([
      ["old-issued-first", 10_000, true],
      ["old-issued-later", 5000, false],
      ["late", 0, false],
    ]);
  });

  it("settles a claim entirely, accessories included, before touching the next one", () => {
    const result = allocatePayment(eur(12_000), [
      claim("A", "2025-01-31", { principal: 10_000, indemnity: 4000 }),
      claim("B", "2025-02-28", { principal: 10_000, interest: 300 }),
    ]);
    expect(result.lines.map((l) => [l.claimId, l.component, l.amount.amount])).toEqual([
      ["A", "indemnity", 4000],
      ["A", "principal", 8000],
    ]);
  });

  it("puts the claims the debtor designates first, in the debtor's order", () => {
    const result = allocatePayment(
      eur(25_000),
      [
        claim("oldest", "2024-12-31", { principal: 10_000 }),
        claim("middle", "2025-03-31", { principal: 10_000, interest: 500 }),
        claim("newest", "2025-06-30", { principal: 10_000 }),
      ],
      { designatedClaimIds: ["newest", "middle"] },
    );
    expect(result.lines.map((l) => [l.claimId, l.component, l.amount.amount])).toEqual([
      ["newest", "principal", 10_000],
      ["middle", "interest", 500],
      ["middle", "principal", 10_000],
      ["oldest", "principal", 4500],
    ]);
  });

  it("returns what exceeds the total owed as overpayment", () => {
    const result = allocatePayment(eur(20_000), [
      claim("A", "2025-01-31", { principal: 10_000, interest: 150 }),
      claim("B", "2025-02-28", { principal: 5000 }),
    ]);
    expect(result.allocated).toEqual(eur(15_150));
    expect(result.overpayment).toEqual(eur(4850));
    expect(result.claims.every((c) => c.settled)).toBe(true);
  });

  it("handles a zero payment, no claims and claims that owe nothing", () => {
    expect(allocatePayment(eur(0), [claim("A", "2025-01-31", { principal: 100 })]).lines).toEqual([]);
    const none = allocatePayment(eur(700), []);
    expect(none.claims).toEqual([]);
    expect(none.overpayment).toEqual(eur(700));
    const empty = allocatePayment(eur(100), [claim("A", "2025-01-31", {})]);
    expect(empty.claims[0]?.settled).toBe(true);
    expect(empty.overpayment).toEqual(eur(100));
  });

  it("refuses inconsistent input", () => {
    const a = claim("A", "2025-01-31", { principal: 100 });
    expect(() => allocatePayment(eur(-1), [a])).toThrow(/cannot be negative/);
    expect(() => allocatePayment(eur(1), [a, a])).toThrow(/appears twice/);
    expect(() => allocatePayment(eur(1), [a], { designatedClaimIds: ["Z"] })).toThrow(/not among/);
    expect(() => allocatePayment(eur(1), [a], { designatedClaimIds: ["A", "A"] })).toThrow(/named twice/);
    expect(() => allocatePayment(eur(1), [claim("B", "31/01/2025", { principal: 1 })])).toThrow(/ISO/);
    expect(() => allocatePayment(eur(1), [claim("C", "2025-01-31", { principal: -1 })])).toThrow(/negative/);
    expect(() => allocatePayment(money(1, "USD"), [a])).toThrow(CurrencyMismatchError);
  });

  describe("properties", () => {
    const component = fc.integer({ min: 0, max: 1_000_000 });
    const date = fc
      .date({ min: new Date("2020-01-01"), max: new Date("2026-12-31"), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    const claimsArb = fc
      .array(
        fc.record({
          dueDate: date,
          issueDate: date,
          interest: component,
          penalties: component,
          indemnity: fc.constantFrom(0, 4000),
          principal: component,
        }),
        { maxLength: 8 },
      )
      .map((rows) =>
        rows.map(
          (r, i): ClaimBalance => ({
            claimId: `C${i}`,
            dueDate: r.dueDate,
            issueDate: r.issueDate,
            owed: {
              interest: eur(r.interest),
              penalties: eur(r.penalties),
              indemnity: eur(r.indemnity),
              principal: eur(r.principal),
            },
          }),
        ),
      );
    const scenario = claimsArb.chain((claims) =>
      fc.record({
        claims: fc.constant(claims),
        payment: fc.integer({ min: 0, max: 10_000_000 }),
        designated: fc.shuffledSubarray(claims.map((c) => c.claimId)),
      }),
    );
    const owedOf = (c: ClaimBalance, k: "interest" | "penalties" | "indemnity" | "principal") =>
      c.owed[k]?.amount ?? 0;

    it("allocated + overpayment = payment, and the overpayment is never negative", () => {
      fc.assert(
        fc.property(scenario, ({ claims, payment, designated }) => {
          const r = allocatePayment(eur(payment), claims, { designatedClaimIds: designated });
          expect(r.allocated.amount + r.overpayment.amount).toBe(payment);
          expect(r.overpayment.amount).toBeGreaterThanOrEqual(0);
          expect(
            sum(
              r.lines.map((l) => l.amount),
              "EUR",
            ),
          ).toEqual(r.allocated);
          expect(
            sum(
              r.claims.map((c) => c.total),
              "EUR",
            ),
          ).toEqual(r.allocated);
          const totalOwed = claims.reduce(
            (acc, c) =>
              acc +
              owedOf(c, "interest") +
              owedOf(c, "penalties") +
              owedOf(c, "indemnity") +
              owedOf(c, "principal"),
            0,
          );
          // An overpayment only exists once every claim is settled.
          expect(r.overpayment.amount).toBe(Math.max(0, payment - totalOwed));
        }),
      );
    });

    it("never gives a component more than it owes, and applied + remaining = owed", () => {
      fc.assert(
        fc.property(scenario, ({ claims, payment, designated }) => {
          const r = allocatePayment(eur(payment), claims, { designatedClaimIds: designated });
          const byId = new Map(claims.map((c) => [c.claimId, c]));
          expect(r.claims).toHaveLength(claims.length);
          for (const c of r.claims) {
            const input = byId.get(c.claimId)!;
            for (const k of ["interest", "penalties", "indemnity", "principal"] as const) {
              expect(c.applied[k].amount).toBeGreaterThanOrEqual(0);
              expect(c.applied[k].amount).toBeLessThanOrEqual(owedOf(input, k));
              expect(c.applied[k].amount + c.remaining[k].amount).toBe(owedOf(input, k));
            }
          }
          for (const line of r.lines) expect(line.amount.amount).toBeGreaterThan(0);
        }),
      );
    });

    it("respects the order: nothing reaches a later item while an earlier one is unpaid", () => {
      fc.assert(
        fc.property(scenario, ({ claims, payment, designated }) => {
          const r = allocatePayment(eur(payment), claims, { designatedClaimIds: designated });
          // Claims come designated-first in the debtor's order, then by due date and issue date.
          const position = (id: string) => {
            const i = designated.indexOf(id);
            return i === -1 ? designated.length : i;
          };
          const ordered = r.claims.map((c) => byIdOf(claims, c.claimId));
          for (let i = 1; i < ordered.length; i++) {
            const prev = ordered[i - 1]!;
            const next = ordered[i]!;
            const key = (c: ClaimBalance) => [position(c.claimId), c.dueDate, c.issueDate] as const;
            const [pa, pb, pc] = key(prev);
            const [na, nb, nc] = key(next);
            if (pa === designated.length && na === designated.length) {
              expect(`${pb}${pc}` <= `${nb}${nc}`).toBe(true);
            } else {
              expect(pa).toBeLessThan(na);
            }
          }
          // Flattened over claims and components, every item that received money is preceded
          // only by items that are fully paid.
          const flat = r.claims.flatMap((c) =>
            (["interest", "penalties", "indemnity", "principal"] as const).map((k) => ({
              applied: c.applied[k].amount,
              remaining: c.remaining[k].amount,
            })),
          );
          let sawUnpaid = false;
          for (const item of flat) {
            if (sawUnpaid) expect(item.applied).toBe(0);
            if (item.remaining > 0) sawUnpaid = true;
          }
        }),
      );
    });
  });
});

function byIdOf(claims: readonly ClaimBalance[], id: string): ClaimBalance {
  const found = claims.find((c) => c.claimId === id);
  if (!found) throw new Error(`no claim ${id}`);
  return found;
}
