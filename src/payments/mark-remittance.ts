import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { Db, Executor } from "../platform/db/client";
import { AppError, notFound, validationError } from "../platform/errors";
import { remittancePaid, remittanceReturned } from "./ledger";
import { postEntry } from "./ledger-store";
import { notifyCreditor } from "./notifications";
import { type RemittanceMark, transition } from "./remittance-lifecycle";
import {
  ledgerEntries,
  ledgerLines,
  payments,
  type RemittanceStatus,
  remittanceRuns,
  remittances,
} from "./schema";

// What the bank did with a remittance's transfer: handed over (sent), executed (paid, with the bank's
// execution date) or refused / sent back (rejected, returned). The status change, its ledger entry, the
// release of the payments it covered and the creditor's notice commit together.

export type MarkTarget = { remittanceId: string } | { runId: string };

export interface MarkedRemittance {
  remittanceId: string;
  reference: string;
  creditorId: string;
  from: RemittanceStatus;
  to: RemittanceStatus;
}

const REASON_TEXT = {
  already: "is already in that state",
  final: "was rejected or returned: that is final (the money is held for the creditor again)",
  not_after_paid: "was paid: it can no longer be marked sent",
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A remittance or a run, by id or by reference (REM-… or RUN-…), as the CLI and the bank know them. */
export async function findMarkTarget(db: Executor, idOrReference: string): Promise<MarkTarget> {
  const byId = UUID.test(idOrReference);
  const [rem] = await db
    .select({ id: remittances.id })
    .from(remittances)
    .where(byId ? eq(remittances.id, idOrReference) : eq(remittances.reference, idOrReference));
  if (rem) return { remittanceId: rem.id };
  const [run] = await db
    .select({ id: remittanceRuns.id })
    .from(remittanceRuns)
    .where(byId ? eq(remittanceRuns.id, idOrReference) : eq(remittanceRuns.reference, idOrReference));
  if (run) return { runId: run.id };
  throw notFound("Remittance or run");
}

function checkMark(mark: RemittanceMark, now: Date): void {
  if (
    mark.kind === "paid" &&
    !(/^\d{4}-\d{2}-\d{2}$/.test(mark.executedOn) && mark.executedOn <= now.toISOString().slice(0, 10))
  ) {
    throw validationError([
      {
        field: "executedOn",
        message: "is the bank's execution date, YYYY-MM-DD, not in the future",
        value: mark.executedOn,
      },
    ]);
  }
  if (mark.kind === "rejected" && (mark.reason.trim() === "" || mark.reason.length > 500)) {
    throw validationError([
      {
        field: "reason",
        message: "says why the bank rejected the transfer (1 to 500 characters)",
        value: mark.reason,
      },
    ]);
  }
}

/**
 * Marks one remittance, or every transfer of a run (remittances with an amount: those in its file) for
 * which the mark is legal. Nothing applies → `invalid_transition` naming the states found.
 */
export async function markRemittance(
  db: Db,
  target: MarkTarget,
  mark: RemittanceMark,
  now: Date,
): Promise<{ items: MarkedRemittance[] }> {
  checkMark(mark, now);
  return db.transaction(async (tx) => {
    // Row locks: two marks of the same remittance (a person and a bank statement) apply one after the other.
    const rows = await tx
      .select()
      .from(remittances)
      .where(
        "remittanceId" in target
          ? eq(remittances.id, target.remittanceId)
          : and(eq(remittances.runId, target.runId), gt(remittances.amountCents, 0)),
      )
      .orderBy(asc(remittances.reference))
      .for("update");
    if (rows.length === 0) {
      if ("remittanceId" in target) throw notFound("Remittance");
      const [run] = await tx
        .select({ id: remittanceRuns.id })
        .from(remittanceRuns)
        .where(eq(remittanceRuns.id, target.runId));
      if (!run) throw notFound("Remittance run");
      throw new AppError("invalid_transition", "This run has no transfer to mark");
    }
    const items: MarkedRemittance[] = [];
    const refused: string[] = [];
    for (const r of rows) {
      const next = transition(r.status, mark.kind);
      if (!next.ok) {
        refused.push(`${r.reference} ${REASON_TEXT[next.reason]} (${r.status})`);
        continue;
      }
      await apply(tx, r, next.to, mark, now);
      items.push({
        remittanceId: r.id,
        reference: r.reference,
        creditorId: r.creditorId,
        from: r.status,
        to: next.to,
      });
    }
    if (items.length === 0) {
      throw new AppError("invalid_transition", `Cannot mark ${mark.kind}: ${refused.join("; ")}`, {
        states: rows.map((r) => ({ reference: r.reference, status: r.status })),
      });
    }
    return { items };
  });
}

type Row = typeof remittances.$inferSelect;

async function apply(tx: Executor, r: Row, to: RemittanceStatus, mark: RemittanceMark, now: Date) {
  const ctx = { creditorId: r.creditorId, currency: r.currency, at: now, remittanceId: r.id };
  const transit = await inTransitOf(tx, r.id);
  if (to === "sent") {
    await tx.update(remittances).set({ status: to, sentAt: now }).where(eq(remittances.id, r.id));
    return;
  }
  if (to === "paid" && mark.kind === "paid") {
    // Remittances prepared before the in-transit account existed already left trust_bank: nothing to post.
    if (transit > 0) await postEntry(tx, ctx, remittancePaid(transit));
    await tx
      .update(remittances)
      .set({ status: to, paidAt: now, executedOn: mark.executedOn })
      .where(eq(remittances.id, r.id));
    await notifyCreditor(tx, {
      creditorId: r.creditorId,
      caseId: null,
      type: "remittance.paid",
      payload: {
        remittanceId: r.id,
        reference: r.reference,
        amountCents: r.amountCents,
        executedOn: mark.executedOn,
      },
      at: now,
    });
    return;
  }
  if (mark.kind !== "rejected") return;
  // Whatever is still in transit comes back from there; what already left the trust account (a return
  // after execution, or an older remittance) comes back onto it. Held for the creditor either way.
  if (transit > 0) await postEntry(tx, ctx, remittanceReturned(transit, "in_transit"));
  if (r.amountCents - transit > 0)
    await postEntry(tx, ctx, remittanceReturned(r.amountCents - transit, "trust_bank"));
  await tx
    .update(remittances)
    .set({ status: to, rejectedAt: now, rejectionReason: mark.reason.trim() })
    .where(eq(remittances.id, r.id));
  // R124-6: the covered payments are unpaid again; their one-month clock still runs from encashment.
  await tx.update(payments).set({ remittanceId: null }).where(eq(payments.remittanceId, r.id));
  // The creditor expected this money: it hears that the transfer failed and that the sum is held again.
  await notifyCreditor(tx, {
    creditorId: r.creditorId,
    caseId: null,
    type: "remittance.rejected",
    payload: {
      remittanceId: r.id,
      reference: r.reference,
      amountCents: r.amountCents,
      status: to,
      reason: mark.reason.trim(),
    },
    at: now,
  });
}

/** What this remittance still has in transit (ordered, not executed), from its own entries. */
async function inTransitOf(tx: Executor, remittanceId: string): Promise<number> {
  const [row] = await tx
    .select({ total: sql<string>`coalesce(sum(${ledgerLines.amountCents}), 0)` })
    .from(ledgerLines)
    .innerJoin(ledgerEntries, eq(ledgerEntries.id, ledgerLines.entryId))
    .where(
      and(eq(ledgerEntries.remittanceId, remittanceId), eq(ledgerLines.account, "remittances_in_transit")),
    );
  return -Number(row?.total ?? 0);
}
