// The portfolio audit a creditor reads right after an import: open cases by amount band, by age of
// the oldest unpaid due date, and business vs consumer debtors, with the recovery the agency can
// expect from a configurable table (rate per segment and age band).

import { readFile } from "node:fs/promises";
import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "../platform/db/client";
import { queryRows } from "../platform/db/rows";
import { AppError } from "../platform/errors";

export const AMOUNT_BANDS = ["under_1k", "1k_to_10k", "over_10k"] as const;
export const AGE_BANDS = ["under_3_months", "3_to_12_months", "over_12_months"] as const;
export const SEGMENTS = ["b2b", "b2c"] as const;
type AgeBand = (typeof AGE_BANDS)[number];
type Segment = (typeof SEGMENTS)[number];

const percent = z.number().min(0).max(100);
const ratesByAge = z.object({ under_3_months: percent, "3_to_12_months": percent, over_12_months: percent });

/** Expected recovery, in percent of the amount owed, per debtor segment and age band. */
export const recoveryRatesSchema = z.object({ b2b: ratesByAge, b2c: ratesByAge }).strict();
export type RecoveryRates = z.infer<typeof recoveryRatesSchema>;

// Orders of magnitude for amicable collection in France: recovery falls with the age of the debt
// and is higher against businesses. An agency sets its own figures (RELANCE_RECOVERY_RATES).
export const DEFAULT_RECOVERY_RATES: RecoveryRates = {
  b2b: { under_3_months: 70, "3_to_12_months": 45, over_12_months: 20 },
  b2c: { under_3_months: 55, "3_to_12_months": 35, over_12_months: 12 },
};

export async function loadRecoveryRates(file: string | undefined): Promise<RecoveryRates> {
  if (!file) return DEFAULT_RECOVERY_RATES;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new AppError(
      "unprocessable",
      `The recovery table ${file} cannot be read: ${(error as Error).message}`,
    );
  }
  const parsed = recoveryRatesSchema.safeParse(json);
  if (!parsed.success) {
    throw new AppError("unprocessable", `The recovery table ${file} is not valid`, {
      issues: parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })),
    });
  }
  return parsed.data;
}

const bucket = z.object({
  band: z.string(),
  count: z.number().int(),
  amountCents: z.number().int(),
  expectedRecoveryCents: z.number().int(),
});

export const portfolioAuditSchema = z.object({
  asOf: z.string(),
  currency: z.string().meta({ description: "Amounts of every currency are summed in minor units" }),
  total: bucket.omit({ band: true }),
  byAmount: z.array(bucket),
  byAge: z.array(bucket),
  bySegment: z.array(bucket),
  rates: recoveryRatesSchema,
});
export type PortfolioAudit = z.infer<typeof portfolioAuditSchema>;
type Bucket = z.infer<typeof bucket>;

export async function portfolioAudit(
  db: Executor,
  creditorId: string,
  now: Date,
  rates: RecoveryRates = DEFAULT_RECOVERY_RATES,
): Promise<PortfolioAudit> {
  const at = now.toISOString();
  const groups = await queryRows<{
    amount: string;
    age: AgeBand;
    segment: Segment;
    n: number;
    cents: string;
  }>(
    db,
    sql`with open_cases as (
          select k.balance_cents, d.kind,
                 (select min(c.due_date) from claims c where c.case_id = k.id) as due
            from cases k join debtors d on d.id = k.debtor_id
           where k.creditor_id = ${creditorId} and k.status <> 'closed' and k.balance_cents > 0)
        select case when balance_cents < 100000 then 'under_1k'
                    when balance_cents <= 1000000 then '1k_to_10k' else 'over_10k' end as amount,
               case when due > (${at}::timestamptz - interval '3 months')::date then 'under_3_months'
                    when due > (${at}::timestamptz - interval '12 months')::date then '3_to_12_months'
                    else 'over_12_months' end as age,
               case when kind = 'company' then 'b2b' else 'b2c' end as segment,
               count(*)::int as n, sum(balance_cents)::text as cents
          from open_cases group by 1, 2, 3`,
  );
  const empty = (band: string): Bucket => ({ band, count: 0, amountCents: 0, expectedRecoveryCents: 0 });
  const byAmount = new Map(AMOUNT_BANDS.map((b) => [b, empty(b)]));
  const byAge = new Map(AGE_BANDS.map((b) => [b, empty(b)]));
  const bySegment = new Map(SEGMENTS.map((b) => [b, empty(b)]));
  const total = empty("total");
  for (const g of groups) {
    const cents = Number(g.cents);
    const expected = Math.round((cents * rates[g.segment][g.age]) / 100);
    for (const b of [byAmount.get(g.amount as never)!, byAge.get(g.age)!, bySegment.get(g.segment)!, total]) {
      b.count += g.n;
      b.amountCents += cents;
      b.expectedRecoveryCents += expected;
    }
  }
  const { band: _band, ...totals } = total;
  return {
    asOf: at,
    currency: "EUR",
    total: totals,
    byAmount: [...byAmount.values()],
    byAge: [...byAge.values()],
    bySegment: [...bySegment.values()],
    rates,
  };
}
