import { inArray, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { AGENCY_SCOPE } from "../platform/auth/scope";
import type { Executor } from "../platform/db/client";
import { queryRows } from "../platform/db/rows";
import { AppError } from "../platform/errors";
import { HOLD_REASONS, PHASES } from "./case-lifecycle";
import { unreadCounts } from "./case-messages";
import { caseSummarySchema, moneySchema } from "./case-views";
import {
  AGE_BANDS,
  HOLD_FACTOR,
  KIND_FACTOR,
  MAX_P,
  NEXT_ACTION_COST_CENTS,
  PAID_BEFORE_FACTOR,
} from "./expected-value";
import { selectCaseRows, toSummary } from "./list-cases";
import { cases } from "./schema";

export const workQueueQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(300).optional(),
  creditorId: z.uuid().optional(),
  phase: z.enum(PHASES).optional(),
  hold: z
    .union([z.enum(["any", "none", "on_hold"]), z.enum(HOLD_REASONS)])
    .default("any")
    .meta({ description: "any, none (not on hold), on_hold (any reason) or one hold reason" }),
  agentId: z
    .union([z.uuid(), z.enum(["unassigned", "me"])])
    .optional()
    .meta({ description: "An agent's id, `me` or `unassigned`" }),
  minBalance: z.coerce.number().int().min(0).optional(),
  maxBalance: z.coerce.number().int().min(0).optional(),
  minAgeDays: z.coerce.number().int().min(0).optional(),
  maxAgeDays: z.coerce.number().int().min(0).optional(),
});

export type WorkQueueQuery = z.infer<typeof workQueueQuerySchema>;

export const workQueueItemSchema = caseSummarySchema.extend({
  score: z.object({
    expectedValue: moneySchema,
    probability: z.number().meta({ description: "Heuristic probability of a payment (docs/work-queue.md)" }),
    ageDays: z.number().int(),
    commissionRateBp: z.number().int(),
    nextActionCost: moneySchema,
  }),
});

export const workQueueSchema = z.object({
  items: z.array(workQueueItemSchema),
  nextCursor: z.string().nullable(),
});

export type WorkQueue = z.infer<typeof workQueueSchema>;

interface Ranked {
  id: string;
  p: number;
  age_days: number;
  rate_bp: number;
  cost: number;
  ev: number;
}

/** The heuristic of expected-value.ts as SQL, from the same tables. */
function probabilitySql(): SQL {
  const age = sql.join(
    AGE_BANDS.map((b) =>
      b.maxDays === null
        ? sql`else ${sql.raw(String(b.p))}`
        : sql`when age_days <= ${sql.raw(String(b.maxDays))} then ${sql.raw(String(b.p))}`,
    ),
    sql` `,
  );
  const hold = sql.join(
    Object.entries(HOLD_FACTOR).map(([reason, f]) => sql`when ${reason} then ${sql.raw(String(f))}`),
    sql` `,
  );
  return sql`least(${sql.raw(String(MAX_P))},
    (case ${age} end)::double precision
    * (case when debtor_kind = 'company' then ${sql.raw(String(KIND_FACTOR.company))} else ${sql.raw(String(KIND_FACTOR.person))} end)
    * (case when paid > 0 then ${sql.raw(String(PAID_BEFORE_FACTOR))} else 1 end)
    * (case hold_reason ${hold} else 1 end))`;
}

function costSql(): SQL {
  const arms = sql.join(
    PHASES.map((p) => sql`when ${p} then ${sql.raw(String(NEXT_ACTION_COST_CENTS[p]))}`),
    sql` `,
  );
  return sql`(case phase ${arms} else 0 end)`;
}

/**
 * Open cases ranked by expected value, highest first, with keyset paging on (value, id). The cursor
 * carries the moment the ranking was computed, so ages (and thus values) do not shift between pages.
 */
export async function workQueue(
  db: Executor,
  query: WorkQueueQuery,
  ctx: { now: Date; userId: string },
): Promise<WorkQueue> {
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const asOf = cursor?.asOf ?? ctx.now;
  const day = asOf.toISOString().slice(0, 10);
  const where: SQL[] = [sql`c.status <> 'closed'`];
  if (query.creditorId) where.push(sql`c.creditor_id = ${query.creditorId}`);
  if (query.phase) where.push(sql`c.phase = ${query.phase}`);
  if (query.hold === "none") where.push(sql`c.hold_reason is null`);
  else if (query.hold === "on_hold") where.push(sql`c.hold_reason is not null`);
  else if (query.hold !== "any") where.push(sql`c.hold_reason = ${query.hold}`);
  if (query.agentId === "unassigned") where.push(sql`c.assigned_agent_id is null`);
  else if (query.agentId) {
    where.push(sql`c.assigned_agent_id = ${query.agentId === "me" ? ctx.userId : query.agentId}`);
  }
  if (query.minBalance !== undefined) where.push(sql`c.balance_cents >= ${query.minBalance}`);
  if (query.maxBalance !== undefined) where.push(sql`c.balance_cents <= ${query.maxBalance}`);
  const outer: SQL[] = [sql`true`];
  if (query.minAgeDays !== undefined) outer.push(sql`age_days >= ${query.minAgeDays}`);
  if (query.maxAgeDays !== undefined) outer.push(sql`age_days <= ${query.maxAgeDays}`);
  const page: SQL = cursor
    ? sql`(ev < ${cursor.ev} or (ev = ${cursor.ev} and id > ${cursor.id}::uuid))`
    : sql`true`;

  const rows = await queryRows<Ranked>(
    db,
    sql`with base as (
          select c.id, c.phase, c.hold_reason, c.balance_cents, d.kind as debtor_kind,
                 coalesce((m.commission->>'rateBp')::int, 0) as rate_bp,
                 coalesce(cl.paid, 0) as paid,
                 greatest(0, ${day}::date - coalesce(cl.oldest_unpaid, cl.oldest, ${day}::date)) as age_days
          from cases c
          join debtors d on d.id = c.debtor_id
          join mandates m on m.id = c.mandate_id
          left join lateral (
            select min(due_date) filter (where paid_cents < principal_cents) as oldest_unpaid,
                   min(due_date) as oldest, sum(paid_cents) as paid
            from claims where case_id = c.id
          ) cl on true
          where ${sql.join(where, sql` and `)}
        ), scored as (
          select base.*, ${probabilitySql()} as p, ${costSql()} as cost from base
          where ${sql.join(outer, sql` and `)}
        ), valued as (
          select scored.*, (floor(p * balance_cents * rate_bp / 10000.0))::bigint - cost as ev from scored
        )
        select id, p, age_days, rate_bp, cost, ev from valued
        where ${page}
        order by ev desc, id asc
        limit ${query.limit + 1}`,
  );
  const pageRows = rows.slice(0, query.limit);
  const ids = pageRows.map((r) => r.id);
  const summaries = ids.length ? await selectCaseRows(db).where(inArray(cases.id, ids)) : [];
  const byId = new Map(summaries.map((r) => [r.c.id, r]));
  const unread = await unreadCounts(db, AGENCY_SCOPE, ids);
  const items = pageRows.flatMap((r) => {
    const s = byId.get(r.id);
    if (!s) return [];
    const currency = s.c.currency;
    return [
      {
        ...toSummary(s.c, s.creditorName, s.debtorName, s.debtorKind, unread.get(r.id)),
        score: {
          expectedValue: { amount: Number(r.ev), currency },
          probability: Math.round(Number(r.p) * 1000) / 1000,
          ageDays: Number(r.age_days),
          commissionRateBp: Number(r.rate_bp),
          nextActionCost: { amount: Number(r.cost), currency },
        },
      },
    ];
  });
  const last = pageRows.at(-1);
  return {
    items,
    nextCursor: rows.length > query.limit && last ? encodeCursor(asOf, Number(last.ev), last.id) : null,
  };
}

function encodeCursor(asOf: Date, ev: number, id: string): string {
  return Buffer.from(`${asOf.toISOString()}|${ev}|${id}`).toString("base64url");
}

function decodeCursor(cursor: string): { asOf: Date; ev: number; id: string } {
  const [at, ev, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const asOf = new Date(at ?? "");
  const value = Number(ev);
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(asOf.getTime()) || !Number.isSafeInteger(value)) {
    throw new AppError("validation_failed", "Invalid input (cursor: is not a cursor this API returned)", {
      issues: [{ field: "cursor", message: "is not a cursor this API returned" }],
    });
  }
  return { asOf, ev: value, id };
}
