import { sql } from "drizzle-orm";
import type { VirtualClock } from "../platform/clock";
import type { Db } from "../platform/db/client";
import { queryRows } from "../platform/db/rows";
import type { ChannelRegistry } from "./channel";
import type { ContactGate } from "./contact-gate";
import { type DispatchOptions, dispatchOutbox, reconcileOutbox } from "./dispatch-outbox";
import { WORKABLE } from "./load-due-cases";
import { type ScheduleResult, scheduleDueCases } from "./schedule-due-cases";

export interface EngineDeps {
  db: Db;
  gate: ContactGate;
  channels: ChannelRegistry;
  now: () => Date;
  batchSize?: number;
  /** Scheduler batches run at once (see `scheduleDueBatches`); 2 by default. */
  schedulerLanes?: number;
  dispatch?: DispatchOptions;
  /** Work other contexts add to each pass before planning (e.g. breaking overdue promises and plans). */
  beforePass?: (now: Date) => Promise<unknown>;
}

export interface PassResult {
  planned: number;
  deferred: number;
  skipped: number;
  completed: number;
  sent: number;
  failed: number;
  reconciled: number;
}

/** Runs scheduler and dispatcher until neither has anything due at this instant. */
const emptyPass = (): PassResult => ({
  planned: 0,
  deferred: 0,
  skipped: 0,
  completed: 0,
  sent: 0,
  failed: 0,
  reconciled: 0,
});

function addTo(total: PassResult, part: Partial<PassResult>): void {
  for (const k of Object.keys(total) as (keyof PassResult)[]) total[k] += part[k] ?? 0;
}

export async function runEnginePass(deps: EngineDeps): Promise<PassResult> {
  const total = emptyPass();
  if (deps.beforePass) await deps.beforePass(deps.now());
  addTo(total, await reconcileOutbox(deps.db, deps.channels, deps.now()));
  const batchSize = deps.batchSize ?? 500;
  for (;;) {
    const s = await scheduleDueBatches(deps.db, deps.gate, deps.now(), batchSize, deps.schedulerLanes ?? 2);
    const d = await dispatchOutbox(deps.db, deps.channels, deps.now, { gate: deps.gate, ...deps.dispatch });
    addTo(total, { ...s, sent: d.sent, failed: d.failed });
    if (s.drained && d.claimed === 0) return total;
  }
}

/**
 * `lanes` scheduler batches at once, each in its own transaction (on PostgreSQL, on its own connection):
 * while one lane plans in Node, the others' statements run in the database, where most of a batch's time
 * goes. Each batch keeps its one transaction (claim, plan, writes, next action), and SKIP LOCKED keeps the
 * lanes' batches apart as it does across processes. On PGlite the transactions simply take turns.
 * `drained` when a lane found fewer than `batchSize` due cases: none was left unclaimed.
 */
export async function scheduleDueBatches(
  db: Db,
  gate: ContactGate,
  now: Date,
  batchSize: number,
  lanes: number,
): Promise<ScheduleResult & { drained: boolean }> {
  const results = await Promise.all(
    Array.from({ length: Math.max(1, lanes) }, () => scheduleDueCases(db, gate, now, batchSize)),
  );
  const sum: ScheduleResult = { claimed: 0, planned: 0, deferred: 0, skipped: 0, completed: 0 };
  for (const r of results) for (const k of Object.keys(sum) as (keyof ScheduleResult)[]) sum[k] += r[k];
  return { ...sum, drained: results.some((r) => r.claimed < batchSize) };
}

/** The long-running worker: a pass, then a pause, until the signal aborts. */
export async function runWorker(deps: EngineDeps, signal: AbortSignal, idleMs = 2000): Promise<void> {
  while (!signal.aborted) {
    await runEnginePass(deps);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, idleMs);
      signal.addEventListener("abort", () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

/**
 * Replays the engine on a virtual clock up to `until`: after each pass the clock jumps straight to the
 * next moment anything is due, so 90 days of a campaign run in seconds.
 */
export async function runUntil(
  deps: Omit<EngineDeps, "now">,
  clock: VirtualClock,
  until: Date,
  onPass?: (at: Date, pass: PassResult) => void,
): Promise<PassResult & { passes: number }> {
  const total = { ...emptyPass(), passes: 0 };
  const engine: EngineDeps = { ...deps, now: () => clock.now() };
  for (;;) {
    const pass = await runEnginePass(engine);
    total.passes++;
    addTo(total, pass);
    onPass?.(clock.now(), pass);
    const next = await nextDueAt(
      deps.db,
      Object.keys(deps.channels).filter((c) => deps.channels[c as keyof ChannelRegistry]),
    );
    if (!next || next > until) {
      if (clock.now() < until) clock.set(until);
      return total;
    }
    clock.set(next > clock.now() ? next : new Date(clock.now().getTime() + 1000));
  }
}

/** The next moment anything is due; actions of channels with no provider here wait and do not count. */
async function nextDueAt(db: Db, channels: string[]): Promise<Date | null> {
  const [row] = await queryRows<{ at: string | Date | null }>(
    db,
    sql`select least(
          (select min(next_action_at) from cases where ${WORKABLE}),
          (select min(scheduled_at) from outbox where state = 'pending' and channel = any(${`{${channels.join(",")}}`}::text[]))) as at`,
  );
  return row?.at ? new Date(row.at) : null;
}
