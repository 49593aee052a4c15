import { inArray, sql } from "drizzle-orm";
import {
  applyTransition,
  type CaseState,
  type ClosedReason,
  type HoldReason,
  type Phase,
  type Status,
} from "../cases/case-lifecycle";
import { statusChanged } from "../cases/transition-case";
import { executeTogether, pgArray, unnestInsert } from "../platform/db/bulk";
import type { Db, Tx } from "../platform/db/client";
import { orderedUuid } from "../platform/db/ordered-id";
import { enqueueWebhookEvents, type WebhookEvent } from "../webhooks/events";
import { type ContactGate, lawChannel, type PastContact } from "./contact-gate";
import { defaultScenarioKey } from "./default-scenarios";
import { claimAndLoadDueCases, type DueCase } from "./load-due-cases";
import { OUTCOME_RECHECK_MS, planNextStep, type StepRecord } from "./plan-next-step";
import type { ScenarioStep } from "./scenario";
import { latestScenarios, type StoredScenario } from "./scenario-store";
import { scenarios } from "./schema";

export interface ScheduleResult {
  claimed: number;
  planned: number;
  deferred: number;
  skipped: number;
  completed: number;
}

interface CaseUpdate {
  id: string;
  state: CaseState;
  nextActionAt: Date | null;
}

/**
 * One scheduler pass over at most `batchSize` due cases. The claim, every outbox row, every timeline
 * event and each case's next action time commit in one transaction (STYLE.md point 6): a crash leaves
 * either all of it or none, and the idempotency key makes a replanned action a no-op.
 */
export async function scheduleDueCases(
  db: Db,
  gate: ContactGate,
  now: Date,
  batchSize = 500,
): Promise<ScheduleResult> {
  return db.transaction(async (tx) => {
    const due = await claimAndLoadDueCases(tx, now, batchSize);
    const result: ScheduleResult = { claimed: due.length, planned: 0, deferred: 0, skipped: 0, completed: 0 };
    if (due.length === 0) return result;
    const lookup = await scenariosFor(tx, due);
    const batch = new Batch(now);
    for (const c of due) {
      const before = { phase: c.phase as Phase, status: c.status as Status };
      const update = planCase(c, lookup, gate, now, batch, result);
      batch.caseUpdate(update);
      if (update.state.status !== before.status || update.state.phase !== before.phase) {
        batch.webhook(statusChanged(c, before, update.state, now));
      }
    }
    await batch.flush(tx);
    return result;
  });
}

interface ScenarioLookup {
  byId: Map<string, StoredScenario>;
  latestByKey: Map<string, StoredScenario>;
}

async function scenariosFor(tx: Tx, due: DueCase[]): Promise<ScenarioLookup> {
  const keys = [...new Set(due.map((c) => defaultScenarioKey(c.debtorKind)))];
  const latestByKey = new Map((await latestScenarios(tx, keys)).map((s) => [s.key, s]));
  const ids = [...new Set(due.map((c) => c.scenarioId).filter((id): id is string => !!id))];
  const rows = ids.length ? await tx.select().from(scenarios).where(inArray(scenarios.id, ids)) : [];
  return { byId: new Map(rows.map((s) => [s.id, s])), latestByKey };
}

function planCase(
  c: DueCase,
  scenarios: ScenarioLookup,
  gate: ContactGate,
  now: Date,
  batch: Batch,
  result: ScheduleResult,
): CaseUpdate {
  let state: CaseState = {
    phase: c.phase as Phase,
    status: c.status as Status,
    holdReason: c.holdReason as HoldReason | null,
    holdUntil: c.holdUntil,
    closedReason: null as ClosedReason | null,
  };
  // Lifecycle moves write the same events as transitionCase does for a person: case.<transition>.
  const move = (t: Parameters<typeof applyTransition>[1], data: Record<string, unknown> = {}) => {
    const r = applyTransition(state, t);
    if (!r.ok) return null;
    const before = state;
    state = r.state;
    return batch.event(c, `case.${t.type}`, {
      from: { phase: before.phase, status: before.status },
      to: { phase: state.phase, status: state.status },
      ...(state.holdReason ? { holdReason: state.holdReason } : {}),
      ...data,
    });
  };
  // An expired hold (a promise date passed, an appointment held) gives the case back to its sequence.
  if (state.status === "on_hold") move({ type: "release" }, { expiredHold: c.holdReason });
  let scenario = c.scenarioId ? scenarios.byId.get(c.scenarioId) : undefined;
  const starting = !scenario;
  if (!scenario) {
    scenario = scenarios.latestByKey.get(defaultScenarioKey(c.debtorKind));
    if (!scenario) throw new Error("default scenarios are not seeded");
    batch.sequence(c, scenario.id);
  }
  // The start records the scenario version. A case that starts and gets its first action in this pass
  // writes one event for both: `action.planned` carrying the start (from/to, scenario, version), which the
  // timeline shows as the start. One row per new case instead of two is a tenth of the scheduler's work in
  // the database (docs/benchmarks.md); `case.start` alone stays for a case whose first step waits.
  const sequenceData = { scenario: scenario.key, version: scenario.version };
  const start = state.status === "new" ? move({ type: "start" }, sequenceData) : null;
  if (!start && starting) batch.event(c, "sequence.started", sequenceData);
  const history: StepRecord[] = c.history
    .filter((h) => h.stepId)
    .map((h) => ({ stepId: h.stepId!, attempt: h.attempt, at: h.at, outcome: h.outcome }));
  const plan = planNextStep(
    scenario.definition,
    {
      placedAt: c.placedAt,
      oldestDueDate: c.oldestDueDate,
      balanceCents: c.balanceCents,
      debtorKind: c.debtorKind,
      creditorRef: c.creditorRef,
      timeZone: c.timeZone,
    },
    history,
    now,
  );
  for (const id of plan.kind === "wait_outcome" ? [] : plan.skipped)
    batch.event(c, "action.not_applicable", { stepId: id });

  if (plan.kind === "complete") {
    result.completed++;
    batch.completeSequence(c);
    batch.event(c, "sequence.completed", { scenario: scenario.key });
    return { id: c.id, state, nextActionAt: null };
  }
  if (plan.kind === "wait_outcome") return { id: c.id, state, nextActionAt: plan.recheckAt };
  if (plan.at > now) return { id: c.id, state, nextActionAt: plan.at };

  const step = plan.step;
  const channel = lawChannel(step.channel);
  if (channel) {
    if (!hasReachablePoint(c, step)) {
      result.skipped++;
      batch.action(c, scenario, step, plan.attempt, "skipped");
      batch.event(c, "action.skipped", {
        stepId: step.id,
        channel: step.channel,
        reason: "no_reachable_contact_point",
      });
      return { id: c.id, state, nextActionAt: now };
    }
    const decision = gate({
      channel,
      now,
      timeZone: c.timeZone,
      lawRegion: c.lawRegion,
      jurisdiction: c.jurisdiction,
      debtorKind: c.debtorKind,
      history: pastContacts(c),
      prescriptionDate: c.prescriptionDate,
    });
    if (!decision.allowed) {
      result.deferred++;
      batch.event(c, "action.deferred", {
        stepId: step.id,
        channel: step.channel,
        reason: decision.reason,
        until: decision.nextAllowedAt?.toISOString() ?? null,
      });
      // No later time means only a person can lift the bar (prescription, insolvency): the case waits on hold.
      if (!decision.nextAllowedAt)
        move(
          { type: "hold", reason: holdReasonFor(decision.reason), until: null },
          { lawReason: decision.reason },
        );
      return { id: c.id, state, nextActionAt: decision.nextAllowedAt };
    }
  }
  result.planned++;
  const outboxId = batch.action(c, scenario, step, plan.attempt, null);
  const planned = {
    outboxId,
    stepId: step.id,
    channel: step.channel,
    template: step.template,
    attempt: plan.attempt,
    ...(step.persona ? { persona: step.persona } : {}),
  };
  if (start) batch.fold(start, "action.planned", planned);
  else batch.event(c, "action.planned", planned);
  if (step.escalateTo === "pre_litigation")
    move({ type: "escalate", to: "pre_litigation" }, { stepId: step.id });
  if (step.escalateTo === "judicial_proposal") {
    move({ type: "await_creditor" }, { stepId: step.id });
    batch.event(c, "judicial.proposed", { stepId: step.id });
  }
  return {
    id: c.id,
    state,
    nextActionAt: state.status === "awaiting_creditor" ? null : new Date(now.getTime() + OUTCOME_RECHECK_MS),
  };
}

function holdReasonFor(reason: string): HoldReason {
  return reason === "prescribed" ? "prescribed" : reason === "insolvency" ? "insolvency" : "agent_decision";
}

function hasReachablePoint(c: DueCase, step: ScenarioStep): boolean {
  const channel = lawChannel(step.channel);
  return c.contacts.some((p) => {
    if (p.status === "invalid" || p.optOuts.some((o) => o.channel === channel)) return false;
    if (channel === "email") return p.kind === "email";
    if (channel === "sms") return p.kind === "phone" && p.phoneType === "mobile";
    if (channel === "call") return p.kind === "phone";
    // Letters and registered letters: a postal address; an opt-out of letters covers both.
    return p.kind === "postal" && !p.optOuts.some((o) => o.channel === "letter");
  });
}

export function pastContacts(c: DueCase): PastContact[] {
  const out: PastContact[] = [];
  for (const h of c.history) {
    const channel = lawChannel(h.channel as ScenarioStep["channel"]);
    if (!channel || h.outcome === "skipped" || h.state === "pending" || h.state === "cancelled") continue;
    // A commitment reminder was asked for by the debtor's own promise or plan: it spends no cap room
    // (docs/compliance.md, "Reminders before a commitment").
    if (h.requested) continue;
    out.push({ channel, at: h.at, kind: h.outcome === "answered" ? "conversation" : "attempt" });
  }
  return out;
}

interface EventRow {
  id: string;
  creditor_id: string;
  case_id: string;
  type: string;
  at: string;
  actor_type: string;
  data: Record<string, unknown>;
}

/**
 * Collects a pass's writes and sends them as a few set-based statements. Outbox rows and events take
 * time-ordered ids, so that they append to their primary-key indexes (see `orderedUuid`).
 */
class Batch {
  private readonly outboxRows: Record<keyof typeof OUTBOX_COLUMNS, string | number | null>[] = [];
  private readonly events: EventRow[] = [];
  private readonly sequences: { caseId: string; creditorId: string; scenarioId: string }[] = [];
  private readonly completed: string[] = [];
  private readonly updates: CaseUpdate[] = [];
  private readonly webhooks: WebhookEvent[] = [];

  /** The pass's time as written in every row, formatted once. */
  private readonly at: string;

  constructor(now: Date) {
    this.at = now.toISOString();
  }

  event(c: DueCase, type: string, data: Record<string, unknown>): EventRow {
    const row = {
      id: orderedUuid(),
      creditor_id: c.creditorId,
      case_id: c.id,
      type,
      at: this.at,
      actor_type: "system",
      data,
    };
    this.events.push(row);
    return row;
  }

  /** Replaces an event of this pass by one of `type` that also carries its data, as its case's latest event. */
  fold(row: EventRow, type: string, data: Record<string, unknown>): void {
    // The row is among the last few: only its own case's events were added after it.
    this.events.splice(this.events.lastIndexOf(row), 1);
    this.events.push({ ...row, type, data: { ...row.data, ...data } });
  }

  sequence(c: DueCase, scenarioId: string): void {
    c.scenarioId = scenarioId;
    this.sequences.push({ caseId: c.id, creditorId: c.creditorId, scenarioId });
  }

  completeSequence(c: DueCase): void {
    this.completed.push(c.id);
  }

  action(
    c: DueCase,
    scenario: StoredScenario,
    step: ScenarioStep,
    attempt: number,
    outcome: "skipped" | null,
  ): string {
    const id = orderedUuid();
    // agent_task needs no provider: it is done when written (a person picks it up in the back office).
    const internal = step.channel === "agent_task" || outcome === "skipped";
    const at = this.at;
    this.outboxRows.push({
      id,
      creditor_id: c.creditorId,
      case_id: c.id,
      idempotency_key: `${c.id}:${scenario.id}:${step.id}:${attempt}`,
      scenario_id: scenario.id,
      step_id: step.id,
      attempt,
      channel: step.channel,
      template: step.template,
      persona: step.persona ?? null,
      state: outcome === "skipped" ? "cancelled" : internal ? "sent" : "pending",
      outcome: outcome ?? (internal ? "sent" : null),
      scheduled_at: at,
      created_at: at,
      updated_at: at,
      sent_at: internal ? at : null,
    });
    return id;
  }

  caseUpdate(u: CaseUpdate): void {
    this.updates.push(u);
  }

  webhook(e: WebhookEvent): void {
    this.webhooks.push(e);
  }

  /** Every write of the pass in one statement (sequences, outbox rows, events, case updates), after the webhooks' queue. */
  async flush(tx: Tx): Promise<void> {
    const at = this.at;
    await enqueueWebhookEvents(tx, this.webhooks);
    const col = <T extends string | null>(f: (u: CaseUpdate) => T) => pgArray(this.updates.map(f));
    const completed = new Set(this.completed);
    const starting = new Set(this.sequences.map((s) => s.caseId));
    const earlierCompleted = this.completed.filter((id) => !starting.has(id));
    await executeTogether(tx, [
      unnestInsert(
        "case_sequences",
        {
          case_id: "uuid",
          creditor_id: "uuid",
          scenario_id: "uuid",
          started_at: "timestamptz",
          completed_at: "timestamptz",
        },
        // One statement sees one snapshot: a sequence that starts and completes in this pass is written
        // completed, not updated afterwards.
        this.sequences.map((s) => ({
          case_id: s.caseId,
          creditor_id: s.creditorId,
          scenario_id: s.scenarioId,
          started_at: at,
          completed_at: completed.has(s.caseId) ? at : null,
        })),
        sql`on conflict do nothing`,
      ),
      unnestInsert("outbox", OUTBOX_COLUMNS, this.outboxRows, sql`on conflict (idempotency_key) do nothing`),
      unnestInsert(
        "timeline_events",
        {
          id: "uuid",
          creditor_id: "uuid",
          case_id: "uuid",
          type: "text",
          at: "timestamptz",
          actor_type: "text",
          data: "jsonb",
        },
        this.events.map((e) => ({ ...e, data: JSON.stringify(e.data) })),
      ),
      earlierCompleted.length
        ? sql`update case_sequences set completed_at = ${at}::timestamptz
            where case_id = any(${pgArray(earlierCompleted)}::uuid[])`
        : null,
      this.updates.length
        ? sql`
        update cases set phase = u.phase, status = u.status, hold_reason = u.hold_reason, hold_until = u.hold_until,
               next_action_at = u.next_action_at, updated_at = ${at}::timestamptz, version = cases.version + 1
        from (select unnest(${col((u) => u.id)}::uuid[]) as id,
                     unnest(${col((u) => u.state.phase)}::text[]) as phase,
                     unnest(${col((u) => u.state.status)}::text[]) as status,
                     unnest(${col((u) => u.state.holdReason)}::text[]) as hold_reason,
                     unnest(${col((u) => u.state.holdUntil?.toISOString() ?? null)}::timestamptz[]) as hold_until,
                     unnest(${col((u) => u.nextActionAt?.toISOString() ?? null)}::timestamptz[]) as next_action_at) u
        where cases.id = u.id`
        : null,
    ]);
  }
}

const OUTBOX_COLUMNS = {
  id: "uuid",
  creditor_id: "uuid",
  case_id: "uuid",
  idempotency_key: "text",
  scenario_id: "uuid",
  step_id: "text",
  attempt: "int",
  channel: "text",
  template: "text",
  persona: "text",
  state: "text",
  outcome: "text",
  scheduled_at: "timestamptz",
  created_at: "timestamptz",
  updated_at: "timestamptz",
  sent_at: "timestamptz",
} as const;
