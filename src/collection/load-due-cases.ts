import { sql } from "drizzle-orm";
import type { ContactOptOut } from "../cases/schema";
import { pgArray } from "../platform/db/bulk";
import type { Executor } from "../platform/db/client";
import { queryRows } from "../platform/db/rows";
import type { StepOutcome } from "./scenario";

export interface DueCase {
  id: string;
  creditorId: string;
  creditorRef: string;
  reference: string;
  externalRef: string | null;
  status: string;
  phase: string;
  holdReason: string | null;
  holdUntil: Date | null;
  balanceCents: number;
  placedAt: Date;
  debtorKind: "person" | "company";
  timeZone: string;
  lawRegion: string;
  jurisdiction: "FR" | "US";
  scenarioId: string | null;
  oldestDueDate: string;
  prescriptionDate: string | null;
  history: {
    stepId: string | null;
    attempt: number;
    at: Date;
    outcome: StepOutcome | null;
    channel: string;
    state: string;
    /** A reminder of the debtor's own commitment (outbox payload `duringHold`): not an amicable demand. */
    requested: boolean;
  }[];
  contacts: {
    kind: "phone" | "email" | "postal";
    phoneType: string | null;
    status: string;
    optOuts: ContactOptOut[];
  }[];
}

/** Cases the amicable engine works: open, in an amicable phase. Holds expire through next_action_at. */
export const WORKABLE = sql.raw(
  `status in ('new', 'active', 'on_hold') and phase in ('amicable', 'pre_litigation')`,
);

/**
 * Claims up to `limit` due cases for this transaction. SKIP LOCKED lets any number of workers run the
 * same query at once: each case is planned by exactly one of them.
 */
export async function claimDueCases(tx: Executor, now: Date, limit: number): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`select id from cases
        where next_action_at <= ${now.toISOString()}::timestamptz and ${WORKABLE}
        order by next_action_at
        limit ${limit}
        for update skip locked`,
  );
  return rows.map((r) => r.id);
}

type Row = Omit<DueCase, "holdUntil" | "placedAt" | "history"> & {
  holdUntil: string | null;
  placedAt: string;
  history: (Omit<DueCase["history"][number], "at"> & { at: string })[];
};

/**
 * Everything the planner needs for a batch of cases. Set-based: one statement per kind of fact over
 * the whole batch (`= any(ids)`), not a subquery per case, so the cost stays flat as the batch grows.
 */
export async function loadDueCases(tx: Executor, ids: string[]): Promise<DueCase[]> {
  if (ids.length === 0) return [];
  const idArray = pgArray(ids);
  // One after the other: a transaction runs on one connection, which takes one statement at a time.
  const rows = await queryRows<
    Omit<Row, "history" | "contacts" | "oldestDueDate" | "prescriptionDate"> & { debtorId: string }
  >(
    tx,
    sql`select c.id, c.creditor_id as "creditorId", cr.ref as "creditorRef", c.reference, c.external_ref as "externalRef", c.status, c.phase, c.debtor_id as "debtorId",
                 c.hold_reason as "holdReason", c.hold_until as "holdUntil", c.balance_cents::float8 as "balanceCents",
                 c.created_at as "placedAt", d.kind as "debtorKind", d.time_zone as "timeZone",
                 d.law_region as "lawRegion", d.jurisdiction, s.scenario_id as "scenarioId"
          from cases c
          join debtors d on d.id = c.debtor_id
          join creditors cr on cr.id = c.creditor_id
          left join case_sequences s on s.case_id = c.id
          where c.id = any(${idArray}::uuid[])`,
  );
  const claimRows = await queryRows<{
    caseId: string;
    oldestDueDate: string;
    prescriptionDate: string | null;
  }>(
    tx,
    sql`select case_id as "caseId", min(due_date)::text as "oldestDueDate",
                 (min(out_of_statute_date) filter (where paid_cents < principal_cents))::text as "prescriptionDate"
          from claims where case_id = any(${idArray}::uuid[]) group by case_id`,
  );
  const historyRows = await queryRows<DueCase["history"][number] & { caseId: string }>(
    tx,
    sql`select case_id as "caseId", step_id as "stepId", attempt, coalesce(sent_at, scheduled_at) as at, outcome, channel, state,
                 (payload ? 'duringHold') as requested
          from outbox where case_id = any(${idArray}::uuid[]) and (state <> 'cancelled' or outcome = 'skipped')`,
  );
  const contactRows = await queryRows<DueCase["contacts"][number] & { debtorId: string }>(
    tx,
    sql`select p.debtor_id as "debtorId", p.kind, p.phone_type as "phoneType", p.status, p.opt_outs as "optOuts"
          from contact_points p join cases c on c.debtor_id = p.debtor_id where c.id = any(${idArray}::uuid[])`,
  );
  const claimsByCase = new Map(claimRows.map((r) => [r.caseId, r]));
  const historyByCase = groupBy(historyRows, (h) => h.caseId);
  const contactsByDebtor = groupBy(contactRows, (p) => p.debtorId);
  return rows.map((r) => {
    const claims = claimsByCase.get(r.id);
    return {
      ...r,
      balanceCents: Number(r.balanceCents),
      holdUntil: r.holdUntil ? new Date(r.holdUntil) : null,
      placedAt: new Date(r.placedAt),
      oldestDueDate: claims?.oldestDueDate ?? new Date(r.placedAt).toISOString().slice(0, 10),
      prescriptionDate: claims?.prescriptionDate ?? null,
      history: (historyByCase.get(r.id) ?? []).map((h) => ({ ...h, at: new Date(h.at) })),
      contacts: contactsByDebtor.get(r.debtorId) ?? [],
    };
  });
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
