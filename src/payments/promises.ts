import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { mandates } from "../cases/schema";
import { type Actor, appendEvent } from "../cases/timeline";
import type { Db } from "../platform/db/client";
import { validationError } from "../platform/errors";
import { lockCase } from "./case-balance";
import { holdCase } from "./case-holds";
import { addDays, graceEnd, isoDay, PROMISE_GRACE_DAYS } from "./commitments";
import { notifyCreditor } from "./notifications";
import { promises } from "./schema";

export interface PromiseInput {
  caseId: string;
  /** ISO date the debtor promises to pay by. */
  dueDate: string;
  /** Defaults to the whole balance. */
  amountCents?: number;
}

export interface PromiseResult {
  promiseId: string;
  dueDate: string;
  amountCents: number;
  holdUntil: string;
}

/**
 * The debtor promises to pay by a date (portal, voice agent or agent). Reminders pause until the date
 * plus a grace period; a promise not kept by then is marked broken and the sequence resumes
 * (review-commitments.ts). A new promise replaces an open one.
 */
export async function recordPromise(
  db: Db,
  input: PromiseInput,
  actor: Actor,
  now: Date,
): Promise<PromiseResult> {
  return db.transaction(async (tx) => {
    const row = await lockCase(tx, input.caseId);
    const [mandate] = await tx.select().from(mandates).where(eq(mandates.id, row.mandateId));
    const today = isoDay(now);
    const latest = addDays(today, mandate?.planLimits.maxFirstPaymentDelayDays ?? 30);
    const amount = input.amountCents ?? row.balanceCents;
    if (row.status === "closed" || row.balanceCents <= 0) {
      throw validationError([{ field: "caseId", message: "nothing is owed on this case" }]);
    }
    if (input.dueDate < today || input.dueDate > latest) {
      throw validationError([
        { field: "dueDate", message: `must be between ${today} and ${latest}`, value: input.dueDate },
      ]);
    }
    if (!Number.isSafeInteger(amount) || amount <= 0 || amount > row.balanceCents) {
      throw validationError([
        { field: "amountCents", message: `must be between 1 and ${row.balanceCents}`, value: amount },
      ]);
    }
    await tx
      .update(promises)
      .set({ status: "cancelled", settledAt: now })
      .where(and(eq(promises.caseId, row.id), eq(promises.status, "open")));
    const id = randomUUID();
    await tx.insert(promises).values({
      id,
      creditorId: row.creditorId,
      caseId: row.id,
      amountCents: amount,
      currency: row.currency,
      dueDate: input.dueDate,
      status: "open",
      source: actor.type,
      createdAt: now,
    });
    const until = graceEnd(input.dueDate, PROMISE_GRACE_DAYS);
    const data = { promiseId: id, dueDate: input.dueDate, amountCents: amount };
    await appendEvent(tx, {
      creditorId: row.creditorId,
      caseId: row.id,
      type: "promise.recorded",
      at: now,
      actor,
      data,
    });
    // FR-08: any proposal other than immediate payment is passed on to the creditor.
    await notifyCreditor(tx, {
      creditorId: row.creditorId,
      caseId: row.id,
      type: "promise.recorded",
      payload: { caseReference: row.reference, ...data },
      at: now,
    });
    await holdCase(tx, row, "promise", until, actor, now, { promiseId: id });
    return { promiseId: id, dueDate: input.dueDate, amountCents: amount, holdUntil: until.toISOString() };
  });
}
