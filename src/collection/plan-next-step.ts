import { DateTime } from "luxon";
import { ianaZone } from "../law/zones";
import type { Scenario, ScenarioStep, StepOutcome } from "./scenario";

// Pure: given a scenario, the facts of a case and what has been done so far, which step comes next and
// when. Whether the law allows contact at that moment is the law kernel's call, made by the scheduler.

export interface CaseFacts {
  placedAt: Date;
  /** Oldest unpaid due date, YYYY-MM-DD. */
  oldestDueDate: string;
  balanceCents: number;
  debtorKind: "person" | "company";
  creditorRef: string;
  segment?: string;
  timeZone: string;
}

export interface StepRecord {
  stepId: string;
  attempt: number;
  at: Date;
  /** Latest known outcome; null while the action is still in flight (queued, sending, call under way). */
  outcome: StepOutcome | null;
}

export type Plan =
  | { kind: "act"; step: ScenarioStep; stepIndex: number; attempt: number; at: Date; skipped: string[] }
  | { kind: "wait_outcome"; stepId: string; recheckAt: Date }
  | { kind: "complete"; skipped: string[] };

/**
 * How long to wait before looking again at an action whose outcome is not known yet. Outcomes wake the
 * case themselves (the dispatcher and webhooks set next_action_at to now); this is only the safety net.
 */
export const OUTCOME_RECHECK_MS = 6 * 3_600_000;

export function planNextStep(
  scenario: Scenario,
  facts: CaseFacts,
  history: readonly StepRecord[],
  now: Date,
): Plan {
  const last = latest(scenario, history);
  if (last && last.outcome === null) {
    return {
      kind: "wait_outcome",
      stepId: last.stepId,
      recheckAt: new Date(now.getTime() + OUTCOME_RECHECK_MS),
    };
  }
  const lastIndex = last ? scenario.steps.findIndex((s) => s.id === last.stepId) : -1;
  if (last && lastIndex >= 0) {
    const step = scenario.steps[lastIndex]!;
    const attempts = history.filter((r) => r.stepId === step.id).length;
    if (step.retry && last.outcome && (step.retry.onOutcomes as readonly string[]).includes(last.outcome)) {
      if (attempts < step.retry.maxAttempts) {
        const at = new Date(last.at.getTime() + step.retry.afterHours * 3_600_000);
        return { kind: "act", step, stepIndex: lastIndex, attempt: attempts + 1, at, skipped: [] };
      }
    }
  }
  const skipped: string[] = [];
  for (let i = lastIndex + 1; i < scenario.steps.length; i++) {
    const step = scenario.steps[i]!;
    const verdict = conditionsHold(step, facts, history);
    if (verdict === "pending") {
      const ref = step.conditions?.ifOutcome?.step ?? step.id;
      return { kind: "wait_outcome", stepId: ref, recheckAt: new Date(now.getTime() + OUTCOME_RECHECK_MS) };
    }
    if (!verdict) {
      skipped.push(step.id);
      continue;
    }
    return { kind: "act", step, stepIndex: i, attempt: 1, at: stepTime(step, facts, last), skipped };
  }
  return { kind: "complete", skipped };
}

/**
 * The case's furthest action: the latest step of the scenario, then its latest attempt. Not the latest
 * by time: a send's time is when it left (or, after a crash, when reconciliation learnt it had), so an
 * earlier step can carry a later time than the one after it, and ordering by time would plan that next
 * step again, forever, under an idempotency key already taken.
 */
function latest(scenario: Scenario, history: readonly StepRecord[]): StepRecord | undefined {
  const index = new Map(scenario.steps.map((s, i) => [s.id, i]));
  const rank = (r: StepRecord) => index.get(r.stepId) ?? -1;
  let best: StepRecord | undefined;
  for (const r of history) {
    if (
      !best ||
      rank(r) > rank(best) ||
      (rank(r) === rank(best) && (r.attempt > best.attempt || (r.attempt === best.attempt && r.at > best.at)))
    )
      best = r;
  }
  return best;
}

function conditionsHold(
  step: ScenarioStep,
  facts: CaseFacts,
  history: readonly StepRecord[],
): boolean | "pending" {
  const c = step.conditions;
  if (!c) return true;
  if (c.debtorKinds && !c.debtorKinds.includes(facts.debtorKind)) return false;
  if (c.minBalanceCents !== undefined && facts.balanceCents < c.minBalanceCents) return false;
  if (c.maxBalanceCents !== undefined && facts.balanceCents > c.maxBalanceCents) return false;
  if (c.creditorRefs && !c.creditorRefs.includes(facts.creditorRef)) return false;
  if (c.segments && (!facts.segment || !c.segments.includes(facts.segment))) return false;
  if (c.ifOutcome) {
    const records = history.filter((r) => r.stepId === c.ifOutcome!.step);
    if (records.some((r) => r.outcome === null)) return "pending";
    if (!records.some((r) => r.outcome !== null && c.ifOutcome!.in.includes(r.outcome))) return false;
  }
  return true;
}

/** When a step is due: its anchor plus its offset in days, at its preferred local time if it has one. */
export function stepTime(step: ScenarioStep, facts: CaseFacts, previous: StepRecord | undefined): Date {
  // Same day, no set hour: the anchor itself. The first step of a sequence usually is, and the scheduler
  // plans it for every new case, so it skips the zone arithmetic below.
  if (step.offset.days === 0 && !step.sendAt && step.offset.from !== "due_date")
    return step.offset.from === "placement" ? facts.placedAt : (previous?.at ?? facts.placedAt);
  const zone = ianaZone(facts.timeZone);
  const placed = DateTime.fromJSDate(facts.placedAt, { zone });
  // Calendar days in the debtor's zone, so "+7 days" stays at the same local time across a DST change.
  let at: DateTime;
  if (step.offset.from === "due_date") {
    // A due date long past is no reason to act before the case was even placed.
    const fromDue = DateTime.fromISO(facts.oldestDueDate, { zone }).plus({ days: step.offset.days });
    at = DateTime.max(fromDue, placed) as DateTime;
  } else {
    const anchor =
      step.offset.from === "placement"
        ? placed
        : DateTime.fromJSDate(previous?.at ?? facts.placedAt, { zone });
    at = anchor.plus({ days: step.offset.days });
  }
  if (step.sendAt) {
    const [hour, minute] = step.sendAt.split(":").map(Number) as [number, number];
    const sameDay = at.set({ hour, minute, second: 0, millisecond: 0 });
    at = sameDay < at ? sameDay.plus({ days: 1 }) : sameDay;
  }
  return at.toJSDate();
}
