import { type SQL, sql } from "drizzle-orm";
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

/** The due cases' rows, oldest due first, locked for this transaction; already-locked ones are skipped. */
function dueRows(now: Date, limit: number): SQL {
  return sql`select id, debtor_id from cases
        where next_action_at <= ${now.toISOString()}::timestamptz and ${WORKABLE}
        order by next_action_at
        limit ${limit}
        for update skip locked`;
}

/**
 * Claims up to `limit` due cases for this transaction and returns everything the planner needs about them,
 * in one statement. SKIP LOCKED lets any number of workers run it at once: each case is planned by exactly
 * one of them.
 */
export async function claimAndLoadDueCases(tx: Executor, now: Date, limit: number): Promise<DueCase[]> {
  return loadFacts(tx, dueRows(now, limit));
}

/** Everything the planner needs about the given cases (no lock taken). */
export async function loadDueCases(tx: Executor, ids: string[]): Promise<DueCase[]> {
  if (ids.length === 0) return [];
  return loadFacts(tx, sql`select id, debtor_id from cases where id = any(${pgArray(ids)}::uuid[])`);
}

interface Row {
  id: string;
  creditorId: string;
  creditorRef: string;
  reference: string;
  externalRef: string | null;
  status: string;
  phase: string;
  holdReason: string | null;
  holdUntil: string | Date | null;
  balanceCents: number;
  placedAt: string | Date;
  debtorKind: DueCase["debtorKind"];
  timeZone: string;
  lawRegion: string;
  jurisdiction: DueCase["jurisdiction"];
  scenarioId: string | null;
  oldestDueDate: string | null;
  prescriptionDate: string | null;
  /** json_agg of [step_id, attempt, at, outcome, channel, state, requested]. */
  history: Json<[string | null, number, string, StepOutcome | null, string, string, boolean][]> | null;
  /** json_agg of [kind, phone_type, status, opt_outs]. */
  contacts: Json<[DueCase["contacts"][number]["kind"], string | null, string, ContactOptOut[]][]> | null;
}

/** A json column: parsed by node-postgres and PGlite alike, kept as a string by a driver that does not. */
type Json<T> = T | string;
const parsed = <T>(v: Json<T> | null): T | null => (typeof v === "string" ? (JSON.parse(v) as T) : v);

/**
 * The facts of the cases `targets` yields (`id, debtor_id`), in one statement. Each kind of fact is read
 * set-based over the whole batch (`= any(ids)`, one index scan), not by a subquery per case, so the cost
 * stays flat as the batch grows; the ids go through one array so that every table is reached by its index
 * whatever the planner guesses of the batch's size.
 */
async function loadFacts(tx: Executor, targets: SQL): Promise<DueCase[]> {
  const rows = await queryRows<Row>(
    tx,
    sql`with targets as materialized (${targets}),
          ids as materialized (select array_agg(id) as cases, array_agg(distinct debtor_id) as debtors from targets),
          claim_facts as (
            select case_id, min(due_date)::text as oldest,
                   (min(out_of_statute_date) filter (where paid_cents < principal_cents))::text as prescription
            from claims where case_id = any((select cases from ids)::uuid[]) group by case_id),
          history as (
            select case_id, json_agg(json_build_array(step_id, attempt, coalesce(sent_at, scheduled_at), outcome,
                                                      channel, state, payload ? 'duringHold')) as items
            from outbox where case_id = any((select cases from ids)::uuid[]) and (state <> 'cancelled' or outcome = 'skipped')
            group by case_id),
          contacts as (
            select debtor_id, json_agg(json_build_array(kind, phone_type, status, opt_outs)) as items
            from contact_points where debtor_id = any((select debtors from ids)::uuid[]) group by debtor_id)
        select c.id, c.creditor_id as "creditorId", (select ref from creditors where id = c.creditor_id) as "creditorRef",
               c.reference, c.external_ref as "externalRef", c.status, c.phase,
               c.hold_reason as "holdReason", c.hold_until as "holdUntil", c.balance_cents::float8 as "balanceCents",
               c.created_at as "placedAt", d.kind as "debtorKind", d.time_zone as "timeZone",
               d.law_region as "lawRegion", d.jurisdiction, s.scenario_id as "scenarioId",
               f.oldest as "oldestDueDate", f.prescription as "prescriptionDate", h.items as history, p.items as contacts
        from cases c
        join debtors d on d.id = c.debtor_id
        left join case_sequences s on s.case_id = c.id
        left join claim_facts f on f.case_id = c.id
        left join history h on h.case_id = c.id
        left join contacts p on p.debtor_id = c.debtor_id
        where c.id = any((select cases from ids)::uuid[])`,
  );
  return rows.map((r) => {
    const placedAt = new Date(r.placedAt);
    return {
      id: r.id,
      creditorId: r.creditorId,
      creditorRef: r.creditorRef,
      reference: r.reference,
      externalRef: r.externalRef,
      status: r.status,
      phase: r.phase,
      holdReason: r.holdReason,
      holdUntil: r.holdUntil ? new Date(r.holdUntil) : null,
      balanceCents: Number(r.balanceCents),
      placedAt,
      debtorKind: r.debtorKind,
      timeZone: r.timeZone,
      lawRegion: r.lawRegion,
      jurisdiction: r.jurisdiction,
      scenarioId: r.scenarioId,
      oldestDueDate: r.oldestDueDate ?? placedAt.toISOString().slice(0, 10),
      prescriptionDate: r.prescriptionDate,
      history: (parsed(r.history) ?? []).map(([stepId, attempt, at, outcome, channel, state, requested]) => ({
        stepId,
        attempt,
        at: new Date(at),
        outcome,
        channel,
        state,
        requested,
      })),
      contacts: (parsed(r.contacts) ?? []).map(([kind, phoneType, status, optOuts]) => ({
        kind,
        phoneType,
        status,
        optOuts,
      })),
    };
  });
}
