// Writes one batch of valid rows in the caller's transaction, with a fixed number of set-based
// statements whatever the batch size: claims already known are skipped or updated, the others join
// their debtor's open case or a new one (one case per debtor and currency), each case change with its
// timeline event.

import { sql } from "drizzle-orm";
import { initialState } from "../../cases/case-lifecycle";
import { B2B_INDEMNITY_CENTS } from "../../cases/create-case";
import { nextCaseReferences } from "../../cases/references";
import { copyRows, pgArray } from "../../platform/db/bulk";
import type { Executor } from "../../platform/db/client";
import { orderedUuid } from "../../platform/db/ordered-id";
import { queryRows } from "../../platform/db/rows";
import { type BatchContext, EVENT_COLUMNS, event } from "./batch-context";
import { insertDebtors } from "./insert-debtors";
import { resolveDebtors } from "./resolve-debtors";
import { updateClaims } from "./update-claims";
import type { ValidRow } from "./validate-row";

export interface BatchResult {
  created: number;
  updated: number;
  skipped: number;
  debtorsCreated: number;
  debtorsMerged: number;
  /** Claims created from rows that carry an evidence document (Factur-X PDF). */
  evidence: { row: ValidRow; caseId: string; claimId: string }[];
}

interface KnownClaim {
  id: string;
  number: string;
  case_id: string;
  case_status: string;
  principal_cents: string;
  issue_date: string;
  due_date: string;
  extra: Record<string, string>;
}

export async function writeBatch(tx: Executor, ctx: BatchContext, rows: ValidRow[]): Promise<BatchResult> {
  const result: BatchResult = {
    created: 0,
    updated: 0,
    skipped: 0,
    debtorsCreated: 0,
    debtorsMerged: 0,
    evidence: [],
  };
  const known = await queryRows<KnownClaim>(
    tx,
    sql`select c.id::text, c.number, c.case_id::text, k.status as case_status, c.principal_cents::text,
               c.issue_date::text, c.due_date::text, c.extra
          from claims c join cases k on k.id = c.case_id
         where c.creditor_id = ${ctx.creditorId} and c.number = any(${pgArray(rows.map((r) => r.number))}::text[])`,
  );
  const byNumber = new Map(known.map((k) => [k.number, k]));
  const fresh: ValidRow[] = [];
  const changed: { row: ValidRow; claim: KnownClaim }[] = [];
  for (const r of rows) {
    const claim = byNumber.get(r.number);
    if (!claim) fresh.push(r);
    else if (ctx.updatePolicy === "update" && claim.case_status !== "closed" && differs(r, claim))
      changed.push({ row: r, claim });
    else result.skipped++;
  }
  result.updated = await updateClaims(tx, ctx, changed);
  if (fresh.length === 0) return result;

  const debtors = await resolveDebtors(tx, ctx.creditorId, fresh);
  result.debtorsMerged = debtors.merged;
  result.debtorsCreated = debtors.firstRowOfNew.size;
  await insertDebtors(tx, ctx, fresh, debtors);

  // The open case of each known debtor, per currency; new debtors have none.
  const open = await queryRows<{ id: string; debtor_id: string; currency: string }>(
    tx,
    sql`select distinct on (debtor_id, currency) id::text, debtor_id::text, currency from cases
         where creditor_id = ${ctx.creditorId} and debtor_id = any(${pgArray([...debtors.known])}::uuid[])
           and status <> 'closed'
         order by debtor_id, currency, created_at desc`,
  );
  const caseOf = new Map(open.map((o) => [`${o.debtor_id}|${o.currency}`, o.id]));
  const openCases = new Set(open.map((o) => o.id));
  const added = new Map<string, { claims: number; cents: number; currency: string; debtorId: string }>();
  const claimRows: Record<string, string | number | boolean | null>[] = [];
  fresh.forEach((r, i) => {
    const debtorId = debtors.debtorOf[i]!;
    const groupKey = `${debtorId}|${r.currency}`;
    let caseId = caseOf.get(groupKey);
    if (caseId === undefined) {
      caseId = orderedUuid();
      caseOf.set(groupKey, caseId);
    }
    const indemnity = r.kind === "company";
    const cents = r.principalCents + (indemnity ? B2B_INDEMNITY_CENTS : 0);
    const sum = added.get(caseId) ?? { claims: 0, cents: 0, currency: r.currency, debtorId };
    sum.claims++;
    sum.cents += cents;
    added.set(caseId, sum);
    const claimId = orderedUuid();
    if (r.evidence) result.evidence.push({ row: r, caseId, claimId });
    claimRows.push({
      id: claimId,
      creditor_id: ctx.creditorId,
      case_id: caseId,
      number: r.number,
      issue_date: r.issueDate,
      due_date: r.dueDate,
      principal_cents: r.principalCents,
      currency: r.currency,
      interest_terms: indemnity ? '{"kind":"commercial"}' : '{"kind":"none"}',
      b2b_indemnity: indemnity,
      out_of_statute_date: r.outOfStatuteDate,
      extra: JSON.stringify(r.extra),
      created_at: ctx.now.toISOString(),
    });
  });
  result.created = fresh.length;

  const newCases = [...added].filter(([id]) => !openCases.has(id));
  await insertCases(tx, ctx, newCases);
  await copyRows(tx, "claims", CLAIM_COLUMNS, claimRows);
  const grown = [...added].filter(([id]) => openCases.has(id));
  if (grown.length > 0) {
    await tx.execute(sql`
      update cases k set balance_cents = k.balance_cents + g.cents, updated_at = ${ctx.now.toISOString()}::timestamptz,
             version = k.version + 1
        from unnest(${pgArray(grown.map(([id]) => id))}::uuid[], ${pgArray(grown.map(([, s]) => s.cents))}::bigint[])
             as g(id, cents)
       where k.id = g.id`);
  }
  await copyRows(tx, "timeline_events", EVENT_COLUMNS, [
    ...newCases.map(([caseId, s]) =>
      event(ctx, caseId, "case.created", {
        claims: s.claims,
        balanceCents: s.cents,
        currency: s.currency,
        mandateVersion: ctx.mandateVersion,
        importId: ctx.importId,
      }),
    ),
    ...grown.map(([caseId, s]) =>
      event(ctx, caseId, "claims.added", { claims: s.claims, amountCents: s.cents, importId: ctx.importId }),
    ),
  ]);
  return result;
}

async function insertCases(
  tx: Executor,
  ctx: BatchContext,
  cases: [string, { cents: number; currency: string; debtorId: string }][],
): Promise<void> {
  const references = await nextCaseReferences(tx, ctx.now, cases.length);
  const state = initialState();
  const at = ctx.now.toISOString();
  await copyRows(
    tx,
    "cases",
    {
      id: "uuid",
      creditor_id: "uuid",
      debtor_id: "uuid",
      mandate_id: "uuid",
      reference: "text",
      phase: "text",
      status: "text",
      currency: "text",
      balance_cents: "bigint",
      next_action_at: "timestamptz",
      created_at: "timestamptz",
      updated_at: "timestamptz",
    },
    cases.map(([id, s], i) => ({
      id,
      creditor_id: ctx.creditorId,
      debtor_id: s.debtorId,
      mandate_id: ctx.mandateId,
      reference: references[i]!,
      phase: state.phase,
      status: state.status,
      currency: s.currency,
      balance_cents: s.cents,
      next_action_at: at,
      created_at: at,
      updated_at: at,
    })),
  );
}

const CLAIM_COLUMNS = {
  id: "uuid",
  creditor_id: "uuid",
  case_id: "uuid",
  number: "text",
  issue_date: "date",
  due_date: "date",
  principal_cents: "bigint",
  currency: "text",
  interest_terms: "jsonb",
  b2b_indemnity: "boolean",
  out_of_statute_date: "date",
  extra: "jsonb",
  created_at: "timestamptz",
} as const;

function differs(r: ValidRow, c: KnownClaim): boolean {
  return (
    String(r.principalCents) !== c.principal_cents ||
    r.dueDate !== c.due_date ||
    r.issueDate !== c.issue_date ||
    !sameRecord(r.extra, c.extra)
  );
}

function sameRecord(a: Record<string, string>, b: Record<string, string>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => a[k] === b[k]);
}
