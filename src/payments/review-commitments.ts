import { and, eq, inArray, lt, lte } from "drizzle-orm";
import { type Actor, appendEvent, SYSTEM } from "../cases/timeline";
import type { Db } from "../platform/db/client";
import { lockCase } from "./case-balance";
import { releaseHold } from "./case-holds";
import { addDays, INSTALMENT_GRACE_DAYS, isoDay, PROMISE_GRACE_DAYS } from "./commitments";
import { paymentLinks, paymentPlans, planInstalments, promises } from "./schema";

export interface CommitmentReview {
  brokenPromises: number;
  brokenPlans: number;
  expiredLinks: number;
}

/**
 * Run by the worker: a promise unpaid after its date plus grace is broken, an instalment unpaid after
 * its due date plus grace breaks the plan, an abandoned checkout expires. Each releases its hold (if
 * it is still the case's hold), so the scenario resumes on the scheduler's next pass.
 */
export async function reviewCommitments(db: Db, now: Date, actor: Actor = SYSTEM): Promise<CommitmentReview> {
  const today = isoDay(now);
  const result: CommitmentReview = { brokenPromises: 0, brokenPlans: 0, expiredLinks: 0 };
  const promiseCutoff = addDays(today, -PROMISE_GRACE_DAYS);
  const due = await db
    .select()
    .from(promises)
    .where(and(eq(promises.status, "open"), lt(promises.dueDate, promiseCutoff)));
  for (const p of due) {
    await db.transaction(async (tx) => {
      const row = await lockCase(tx, p.caseId);
      const [broken] = await tx
        .update(promises)
        .set({ status: "broken", settledAt: now })
        .where(and(eq(promises.id, p.id), eq(promises.status, "open")))
        .returning({ id: promises.id });
      if (!broken) return;
      result.brokenPromises++;
      await appendEvent(tx, {
        creditorId: p.creditorId,
        caseId: p.caseId,
        type: "promise.broken",
        at: now,
        actor,
        data: { promiseId: p.id, dueDate: p.dueDate, paidCents: p.paidCents },
      });
      await releaseHold(tx, row, ["promise"], actor, now, { promiseId: p.id });
    });
  }
  const instalmentCutoff = addDays(today, -INSTALMENT_GRACE_DAYS);
  const missed = await db
    .select({
      planId: planInstalments.planId,
      seq: planInstalments.seq,
      caseId: paymentPlans.caseId,
      creditorId: paymentPlans.creditorId,
    })
    .from(planInstalments)
    .innerJoin(paymentPlans, eq(paymentPlans.id, planInstalments.planId))
    .where(
      and(
        eq(paymentPlans.status, "active"),
        eq(planInstalments.status, "due"),
        lt(planInstalments.dueDate, instalmentCutoff),
      ),
    );
  const plans = new Map(missed.map((m) => [m.planId, m]));
  for (const m of plans.values()) {
    await db.transaction(async (tx) => {
      const row = await lockCase(tx, m.caseId);
      const [broken] = await tx
        .update(paymentPlans)
        .set({ status: "broken", endedAt: now })
        .where(and(eq(paymentPlans.id, m.planId), eq(paymentPlans.status, "active")))
        .returning({ id: paymentPlans.id });
      if (!broken) return;
      result.brokenPlans++;
      const seqs = missed.filter((x) => x.planId === m.planId).map((x) => x.seq);
      await tx
        .update(planInstalments)
        .set({ status: "missed" })
        .where(and(eq(planInstalments.planId, m.planId), inArray(planInstalments.seq, seqs)));
      await appendEvent(tx, {
        creditorId: m.creditorId,
        caseId: m.caseId,
        type: "plan.broken",
        at: now,
        actor,
        data: { planId: m.planId, missedInstalments: seqs },
      });
      await releaseHold(tx, row, ["payment_plan"], actor, now, { planId: m.planId });
    });
  }
  const expired = await db
    .update(paymentLinks)
    .set({ status: "expired" })
    .where(and(eq(paymentLinks.status, "open"), lte(paymentLinks.expiresAt, now)))
    .returning({ id: paymentLinks.id });
  result.expiredLinks = expired.length;
  return result;
}
