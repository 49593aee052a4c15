import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Scope } from "../platform/auth/scope";
import type { Db, Executor } from "../platform/db/client";
import { AppError, notFound } from "../platform/errors";
import { enqueueWebhookEvents, type WebhookEvent } from "../webhooks/events";
import {
  applyTransition,
  type CaseState,
  type CaseTransition,
  CLOSED_REASONS,
  type ClosedReason,
  HOLD_REASONS,
  type HoldReason,
  type Phase,
  type Status,
} from "./case-lifecycle";
import { cases } from "./schema";
import { type Actor, appendEvent } from "./timeline";

export const transitionInputSchema = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("start") }),
    z.object({
      type: z.literal("hold"),
      reason: z.enum(HOLD_REASONS),
      until: z.iso.datetime().nullable().default(null),
    }),
    z.object({ type: z.literal("release") }),
    z.object({ type: z.literal("await_creditor") }),
    z.object({ type: z.literal("creditor_answered") }),
    z.object({ type: z.literal("escalate"), to: z.enum(["pre_litigation", "judicial"]) }),
    z.object({ type: z.literal("de_escalate") }),
    z.object({ type: z.literal("close"), reason: z.enum(CLOSED_REASONS) }),
    z.object({ type: z.literal("reopen") }),
  ])
  .and(z.object({ note: z.string().trim().max(2000).optional() }))
  .meta({
    examples: [
      { type: "hold", reason: "agent_decision", until: "2026-12-15T09:00:00.000Z", note: "Rappel demandé" },
    ],
  });

export type TransitionInput = z.infer<typeof transitionInputSchema>;

export function toTransition(input: TransitionInput): CaseTransition {
  switch (input.type) {
    case "hold":
      return { type: "hold", reason: input.reason, until: input.until ? new Date(input.until) : null };
    case "escalate":
      return { type: "escalate", to: input.to };
    case "close":
      return { type: "close", reason: input.reason };
    default:
      return { type: input.type };
  }
}

/**
 * Moves a case through its lifecycle. The row is locked, the pure transition table decides, and the
 * case and its timeline event commit together (STYLE.md point 6).
 */
export async function transitionCase(
  db: Db,
  scope: Scope,
  caseId: string,
  transition: CaseTransition,
  actor: Actor,
  now: Date,
  note?: string,
): Promise<CaseState> {
  return db.transaction(async (tx) => {
    if (scope.kind === "creditor") {
      const [owned] = await tx
        .select({ id: cases.id })
        .from(cases)
        .where(and(eq(cases.id, caseId), eq(cases.creditorId, scope.creditorId)));
      if (!owned) throw notFound("Case");
    }
    return transitionCaseIn(tx, caseId, transition, actor, now, { note });
  });
}

/**
 * The same, inside a transaction the caller holds (a payment, a promise, a dispute change the case
 * together with their own rows). Locks the case row; `data` adds to the event.
 */
export async function transitionCaseIn(
  tx: Executor,
  caseId: string,
  transition: CaseTransition,
  actor: Actor,
  now: Date,
  options: { note?: string; data?: Record<string, unknown>; eventType?: string } = {},
): Promise<CaseState> {
  const [row] = await tx.select().from(cases).where(eq(cases.id, caseId)).for("update");
  if (!row) throw notFound("Case");
  const before: CaseState = {
    phase: row.phase as Phase,
    status: row.status as Status,
    holdReason: row.holdReason as HoldReason | null,
    holdUntil: row.holdUntil,
    closedReason: row.closedReason as ClosedReason | null,
  };
  const result = applyTransition(before, transition);
  if (!result.ok) throw new AppError("invalid_transition", result.reason, { from: before.status });
  const after = result.state;
  await tx
    .update(cases)
    .set({
      phase: after.phase,
      status: after.status,
      holdReason: after.holdReason,
      holdUntil: after.holdUntil,
      closedReason: after.closedReason,
      // A held case is picked up again when its hold ends; a closed one never.
      nextActionAt: after.status === "closed" ? null : after.status === "on_hold" ? after.holdUntil : now,
      updatedAt: now,
      version: sql`${cases.version} + 1`,
    })
    .where(eq(cases.id, caseId));
  await appendEvent(tx, {
    creditorId: row.creditorId,
    caseId,
    type: options.eventType ?? `case.${transition.type}`,
    at: now,
    actor,
    data: {
      from: { phase: before.phase, status: before.status },
      to: { phase: after.phase, status: after.status },
      ...(after.holdReason
        ? { holdReason: after.holdReason, holdUntil: after.holdUntil?.toISOString() ?? null }
        : {}),
      ...(after.closedReason ? { closedReason: after.closedReason } : {}),
      ...(options.note ? { note: options.note } : {}),
      ...options.data,
    },
  });
  if (before.status !== after.status || before.phase !== after.phase) {
    await enqueueWebhookEvents(tx, [statusChanged(row, before, after, now)]);
  }
  return after;
}

/** The creditor's `case.status_changed` webhook event: where the case stands now, and why. */
export function statusChanged(
  row: { id: string; creditorId: string; reference: string; externalRef: string | null },
  before: Pick<CaseState, "phase" | "status">,
  after: CaseState,
  at: Date,
): WebhookEvent {
  return {
    creditorId: row.creditorId,
    type: "case.status_changed",
    at,
    data: {
      caseId: row.id,
      caseReference: row.reference,
      externalRef: row.externalRef,
      from: { phase: before.phase, status: before.status },
      to: { phase: after.phase, status: after.status },
      holdReason: after.holdReason,
      closedReason: after.closedReason,
    },
  };
}

/** Assigns (or unassigns) the agent in charge of a case. */
export async function assignCase(
  db: Db,
  caseId: string,
  agentId: string | null,
  actor: Actor,
  now: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(cases)
      .set({ assignedAgentId: agentId, updatedAt: now, version: sql`${cases.version} + 1` })
      .where(eq(cases.id, caseId))
      .returning({ creditorId: cases.creditorId });
    if (!row) throw notFound("Case");
    await appendEvent(tx, {
      creditorId: row.creditorId,
      caseId,
      type: "case.assigned",
      at: now,
      actor,
      data: { agentId },
      visibleToCreditor: false,
    });
  });
}
