import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { mandates } from "../cases/schema";
import { type Actor, appendEvent } from "../cases/timeline";
import type { Db, Executor } from "../platform/db/client";
import { AppError, notFound, validationError } from "../platform/errors";
import { type CaseRow, lockCase } from "./case-balance";
import { holdCase } from "./case-holds";
import {
  graceEnd,
  INSTALMENT_GRACE_DAYS,
  type Instalment,
  isoDay,
  maxInstalmentsFor,
  quotePlan,
} from "./commitments";
import { notifyCreditor } from "./notifications";
import { paymentPlans, planInstalments, promises } from "./schema";

export interface PlanInput {
  caseId: string;
  instalments: number;
  /** ISO date of the first instalment. */
  firstDate: string;
}

export interface PlanProposal {
  totalCents: number;
  currency: string;
  instalments: Instalment[];
  limits: { maxInstalments: number; minInstalmentCents: number; latestFirstDate: string };
}

async function quote(tx: Executor, row: CaseRow, input: PlanInput, now: Date): Promise<PlanProposal> {
  const [mandate] = await tx.select().from(mandates).where(eq(mandates.id, row.mandateId));
  if (!mandate) throw notFound("Mandate");
  if (row.status === "closed" || row.balanceCents <= 0) {
    throw validationError([{ field: "caseId", message: "nothing is owed on this case" }]);
  }
  const today = isoDay(now);
  const result = quotePlan(
    {
      totalCents: row.balanceCents,
      currency: row.currency,
      instalments: input.instalments,
      firstDate: input.firstDate,
    },
    mandate.planLimits,
    today,
  );
  if (!result.ok) throw validationError(result.issues);
  const latest = new Date(`${today}T00:00:00Z`);
  latest.setUTCDate(latest.getUTCDate() + mandate.planLimits.maxFirstPaymentDelayDays);
  return {
    totalCents: row.balanceCents,
    currency: row.currency,
    instalments: result.instalments,
    limits: {
      maxInstalments: maxInstalmentsFor(row.balanceCents, mandate.planLimits),
      minInstalmentCents: mandate.planLimits.minInstalmentCents,
      latestFirstDate: latest.toISOString().slice(0, 10),
    },
  };
}

/** The schedule a plan would have, within the mandate's limits; writes nothing (a voice agent reads it out). */
export async function proposePlan(db: Db, input: PlanInput, now: Date): Promise<PlanProposal> {
  return db.transaction(async (tx) => quote(tx, await lockCase(tx, input.caseId), input, now));
}

/**
 * Sets up the plan: its instalments, a hold until the first due date plus grace (moved forward as
 * instalments are paid), the creditor's notice (FR-08). A plan acknowledges the debt (C. civ. 2240).
 */
export async function createPlan(
  db: Db,
  input: PlanInput,
  actor: Actor,
  now: Date,
): Promise<PlanProposal & { planId: string }> {
  return db.transaction(async (tx) => {
    const row = await lockCase(tx, input.caseId);
    const [active] = await tx
      .select({ id: paymentPlans.id })
      .from(paymentPlans)
      .where(and(eq(paymentPlans.caseId, row.id), eq(paymentPlans.status, "active")));
    if (active) throw new AppError("conflict", "This case already has an active payment plan");
    const proposal = await quote(tx, row, input, now);
    const planId = randomUUID();
    await tx.insert(paymentPlans).values({
      id: planId,
      creditorId: row.creditorId,
      caseId: row.id,
      totalCents: proposal.totalCents,
      currency: row.currency,
      status: "active",
      source: actor.type,
      createdAt: now,
    });
    await tx.insert(planInstalments).values(
      proposal.instalments.map((i) => ({
        id: randomUUID(),
        creditorId: row.creditorId,
        planId,
        seq: i.seq,
        dueDate: i.dueDate,
        amountCents: i.amountCents,
        status: "due" as const,
      })),
    );
    await tx
      .update(promises)
      .set({ status: "cancelled", settledAt: now })
      .where(and(eq(promises.caseId, row.id), eq(promises.status, "open")));
    const data = { planId, totalCents: proposal.totalCents, instalments: proposal.instalments };
    await appendEvent(tx, {
      creditorId: row.creditorId,
      caseId: row.id,
      type: "plan.created",
      at: now,
      actor,
      data,
    });
    await notifyCreditor(tx, {
      creditorId: row.creditorId,
      caseId: row.id,
      type: "plan.created",
      payload: { caseReference: row.reference, ...data },
      at: now,
    });
    const first = proposal.instalments[0]!;
    await holdCase(tx, row, "payment_plan", graceEnd(first.dueDate, INSTALMENT_GRACE_DAYS), actor, now, {
      planId,
    });
    return { ...proposal, planId };
  });
}
