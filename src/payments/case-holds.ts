import type { ClosedReason, HoldReason } from "../cases/case-lifecycle";
import type { Actor } from "../cases/timeline";
import { transitionCaseIn } from "../cases/transition-case";
import type { Executor } from "../platform/db/client";
import type { CaseRow } from "./case-balance";
import { mayReplaceHold } from "./commitments";

// Debtor actions and payments move the case through cases' own transition (one event each), inside
// the caller's transaction. These helpers only decide whether the move applies.

/** Puts the case on hold unless it is closed or held for a stronger reason (a dispute outranks a promise). */
export async function holdCase(
  tx: Executor,
  row: CaseRow,
  reason: HoldReason,
  until: Date | null,
  actor: Actor,
  now: Date,
  data: Record<string, unknown> = {},
): Promise<boolean> {
  if (row.status === "closed") return false;
  const current = { reason: row.holdReason as HoldReason | null, until: row.holdUntil };
  if (row.status === "on_hold" && !mayReplaceHold(current, reason, now)) return false;
  await transitionCaseIn(tx, row.id, { type: "hold", reason, until }, actor, now, { data });
  return true;
}

/** Lifts the hold if it is (one of) the given reason(s): a payment ends a checkout hold, not a dispute. */
export async function releaseHold(
  tx: Executor,
  row: CaseRow,
  reasons: readonly HoldReason[],
  actor: Actor,
  now: Date,
  data: Record<string, unknown> = {},
): Promise<boolean> {
  if (row.status !== "on_hold" || !reasons.includes(row.holdReason as HoldReason)) return false;
  await transitionCaseIn(tx, row.id, { type: "release" }, actor, now, { data });
  return true;
}

export async function closeCase(
  tx: Executor,
  row: CaseRow,
  reason: ClosedReason,
  actor: Actor,
  now: Date,
  data: Record<string, unknown> = {},
): Promise<boolean> {
  if (row.status === "closed") return false;
  await transitionCaseIn(tx, row.id, { type: "close", reason }, actor, now, { data });
  return true;
}
