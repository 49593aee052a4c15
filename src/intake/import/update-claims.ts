// Update policy "update": a claim already known takes the file's amount, dates and extra fields; its
// case balance moves by the difference, and the change is written on the case timeline.

import { sql } from "drizzle-orm";
import { copyRows, pgArray } from "../../platform/db/bulk";
import type { Executor } from "../../platform/db/client";
import { type BatchContext, EVENT_COLUMNS, event } from "./batch-context";
import type { ValidRow } from "./validate-row";

export async function updateClaims(
  tx: Executor,
  ctx: BatchContext,
  changed: {
    row: ValidRow;
    claim: { id: string; case_id: string; principal_cents: string; due_date: string };
  }[],
): Promise<number> {
  if (changed.length === 0) return 0;
  const col = <T extends string | number>(f: (c: (typeof changed)[number]) => T) => pgArray(changed.map(f));
  await tx.execute(sql`
    update claims c set principal_cents = u.principal, issue_date = u.issue, due_date = u.due,
           out_of_statute_date = u.statute, extra = u.extra
      from unnest(${col((c) => c.claim.id)}::uuid[], ${col((c) => c.row.principalCents)}::bigint[],
                  ${col((c) => c.row.issueDate)}::date[], ${col((c) => c.row.dueDate)}::date[],
                  ${col((c) => c.row.outOfStatuteDate)}::date[], ${col((c) => JSON.stringify(c.row.extra))}::jsonb[])
           as u(id, principal, issue, due, statute, extra)
     where c.id = u.id`);
  const delta = new Map<string, number>();
  for (const c of changed) {
    delta.set(
      c.claim.case_id,
      (delta.get(c.claim.case_id) ?? 0) + c.row.principalCents - Number(c.claim.principal_cents),
    );
  }
  await tx.execute(sql`
    update cases k set balance_cents = k.balance_cents + d.delta, updated_at = ${ctx.now.toISOString()}::timestamptz,
           version = k.version + 1
      from unnest(${pgArray([...delta.keys()])}::uuid[], ${pgArray([...delta.values()])}::bigint[]) as d(id, delta)
     where k.id = d.id`);
  await copyRows(
    tx,
    "timeline_events",
    EVENT_COLUMNS,
    changed.map((c) =>
      event(ctx, c.claim.case_id, "claim.updated", {
        claimId: c.claim.id,
        number: c.row.number,
        principalCents: c.row.principalCents,
        previousPrincipalCents: Number(c.claim.principal_cents),
        dueDate: c.row.dueDate,
        previousDueDate: c.claim.due_date,
        importId: ctx.importId,
      }),
    ),
  );
  return changed.length;
}
