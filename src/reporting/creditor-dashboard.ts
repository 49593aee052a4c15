import { type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { B2B_INDEMNITY_CENTS } from "../cases/create-case";
import type { Scope } from "../platform/auth/scope";
import type { Executor } from "../platform/db/client";
import { queryRows } from "../platform/db/rows";

// A creditor's portfolio at a glance: what was collected, what is in progress, on hold or closed,
// and how recovery varies with the age of the debt at placement and with its amount. One currency
// at a time: amounts in different currencies are never added together.

export const dashboardQuerySchema = z.object({
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default("EUR"),
  creditorId: z.uuid().optional().meta({ description: "Agency only: one creditor's portfolio" }),
});

const money = z.object({ amount: z.number().int(), currency: z.string() });
const bucket = z.object({ count: z.number().int(), balance: money });
const band = z.object({
  band: z.string(),
  cases: z.number().int(),
  placed: money,
  collected: money,
  rate: z.number().meta({ description: "collected / placed, 0 to 1" }),
});

export const dashboardSchema = z.object({
  currency: z.string(),
  collected: money,
  placed: money,
  inProgress: bucket,
  onHold: bucket,
  awaitingCreditor: bucket,
  closed: bucket,
  byAgeBand: z.array(band),
  byAmountBand: z.array(band),
  recent: z.array(
    z.object({
      caseId: z.uuid(),
      reference: z.string(),
      type: z.string(),
      at: z.string(),
      data: z.record(z.string(), z.unknown()),
    }),
  ),
});

export type Dashboard = z.infer<typeof dashboardSchema>;

/** Age of the oldest invoice when the case was placed, in days. */
export const AGE_BANDS = [
  { band: "0-30", max: 30 },
  { band: "31-90", max: 90 },
  { band: "91-180", max: 180 },
  { band: "181-365", max: 365 },
  { band: "365+", max: null },
] as const;

/** Amount placed, in cents. */
export const AMOUNT_BANDS = [
  { band: "0-500", max: 50_000 },
  { band: "500-2000", max: 200_000 },
  { band: "2000-10000", max: 1_000_000 },
  { band: "10000+", max: null },
] as const;

function bandSql(column: SQL, bands: readonly { band: string; max: number | null }[]): SQL {
  const arms = bands.map((b) =>
    b.max === null ? sql`else ${b.band}` : sql`when ${column} <= ${sql.raw(String(b.max))} then ${b.band}`,
  );
  return sql`(case ${sql.join(arms, sql` `)} end)`;
}

export async function creditorDashboard(
  db: Executor,
  scope: Scope,
  query: z.infer<typeof dashboardQuerySchema>,
): Promise<Dashboard> {
  const creditorId = scope.kind === "creditor" ? scope.creditorId : query.creditorId;
  const own = creditorId ? sql`c.creditor_id = ${creditorId}` : sql`true`;
  const currency = query.currency;
  const perCase = sql`select c.id, c.status, c.balance_cents,
      greatest(0, c.created_at::date - min(cl.due_date)) as age_days,
      sum(cl.principal_cents) + ${B2B_INDEMNITY_CENTS} * count(*) filter (where cl.b2b_indemnity) as placed,
      sum(cl.paid_cents) as paid
    from cases c join claims cl on cl.case_id = c.id
    where ${own} and c.currency = ${currency}
    group by c.id`;
  const statusRows = await queryRows<{ status: string; n: number; balance: number }>(
    db,
    sql`select status, count(*)::int as n, coalesce(sum(balance_cents), 0)::bigint as balance
        from cases c where ${own} and c.currency = ${currency} group by status`,
  );
  const bandRows = async (column: SQL, bands: readonly { band: string; max: number | null }[]) => {
    const rows = await queryRows<{ band: string; n: number; placed: number; paid: number }>(
      db,
      sql`select ${bandSql(column, bands)} as band, count(*)::int as n,
            coalesce(sum(placed), 0)::bigint as placed, coalesce(sum(paid), 0)::bigint as paid
          from (${perCase}) pc group by 1`,
    );
    const byBand = new Map(rows.map((r) => [r.band, r]));
    return bands.map((b) => {
      const r = byBand.get(b.band);
      const placed = Number(r?.placed ?? 0);
      const paid = Number(r?.paid ?? 0);
      return {
        band: b.band,
        cases: Number(r?.n ?? 0),
        placed: { amount: placed, currency },
        collected: { amount: paid, currency },
        rate: placed > 0 ? Math.round((paid / placed) * 1000) / 1000 : 0,
      };
    });
  };
  const byAgeBand = await bandRows(sql`age_days`, AGE_BANDS);
  const byAmountBand = await bandRows(sql`placed`, AMOUNT_BANDS);
  const recent = await queryRows<{
    case_id: string;
    reference: string;
    type: string;
    at: Date | string;
    data: unknown;
  }>(
    db,
    sql`select e.case_id, c.reference, e.type, e.at, e.data
        from timeline_events e join cases c on c.id = e.case_id
        where ${own} and e.visible_to_creditor
        order by e.seq desc limit 10`,
  );
  const bucketOf = (statuses: string[]) => {
    const rows = statusRows.filter((r) => statuses.includes(r.status));
    return {
      count: rows.reduce((s, r) => s + Number(r.n), 0),
      balance: { amount: rows.reduce((s, r) => s + Number(r.balance), 0), currency },
    };
  };
  const sum = (rows: typeof byAgeBand, key: "placed" | "collected") =>
    rows.reduce((s, r) => s + r[key].amount, 0);
  return {
    currency,
    collected: { amount: sum(byAgeBand, "collected"), currency },
    placed: { amount: sum(byAgeBand, "placed"), currency },
    inProgress: bucketOf(["new", "active"]),
    onHold: bucketOf(["on_hold"]),
    awaitingCreditor: bucketOf(["awaiting_creditor"]),
    closed: bucketOf(["closed"]),
    byAgeBand,
    byAmountBand,
    recent: recent.map((r) => ({
      caseId: r.case_id,
      reference: r.reference,
      type: r.type,
      at: new Date(r.at).toISOString(),
      data: (typeof r.data === "string" ? JSON.parse(r.data) : r.data) as Record<string, unknown>,
    })),
  };
}
