import { and, eq, gt, inArray } from "drizzle-orm";
import type { Db } from "../platform/db/client";
import type { StatementDebit } from "./camt053";
import { type MarkedRemittance, markRemittance } from "./mark-remittance";
import { remittanceRuns, remittances } from "./schema";

// A booked debit of the trust account that carries a transfer Relance ordered marks it paid: by the
// transfer's EndToEndId (the remittance reference) and its exact amount, or, for a batch booking, by the
// file's MsgId (the run reference) and the sum of its transfers still waiting. Anything else is left
// alone: a person marks it (relance remit mark-paid). Re-importing a statement marks nothing twice.

const WAITING = ["prepared", "sent"] as const;

export async function markPaidFromDebits(
  db: Db,
  debits: readonly StatementDebit[],
  now: Date,
): Promise<MarkedRemittance[]> {
  const marked: MarkedRemittance[] = [];
  for (const d of debits) {
    const executedOn = [d.bookingDate, now.toISOString().slice(0, 10)].sort()[0]!;
    const target = await targetOf(db, d);
    if (target) marked.push(...(await markRemittance(db, target, { kind: "paid", executedOn }, now)).items);
  }
  return marked;
}

async function targetOf(db: Db, d: StatementDebit) {
  if (d.endToEndId) {
    const [r] = await db
      .select({ id: remittances.id })
      .from(remittances)
      .where(
        and(
          eq(remittances.reference, d.endToEndId),
          eq(remittances.amountCents, d.amountCents),
          eq(remittances.currency, d.currency),
          inArray(remittances.status, [...WAITING]),
        ),
      );
    if (r) return { remittanceId: r.id };
  }
  if (!d.messageId) return null;
  const [run] = await db
    .select({ id: remittanceRuns.id })
    .from(remittanceRuns)
    .where(eq(remittanceRuns.reference, d.messageId));
  if (!run) return null;
  const waiting = await db
    .select({ amountCents: remittances.amountCents })
    .from(remittances)
    .where(
      and(
        eq(remittances.runId, run.id),
        gt(remittances.amountCents, 0),
        inArray(remittances.status, [...WAITING]),
      ),
    );
  const total = waiting.reduce((s, r) => s + r.amountCents, 0);
  return waiting.length > 0 && total === d.amountCents ? { runId: run.id } : null;
}
