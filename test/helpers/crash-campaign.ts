import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { openDatabase } from "../../src/platform/db/client";
import { queryRows } from "../../src/platform/db/rows";
import { BIN, cliEnvironment, cloneEnvironment } from "./cli";

// Kill -9 the engine at random moments while it replays a campaign, restart it each time, then compare
// with the same campaign run without a crash. Shared by the suite's small-scale test and the benchmark.

type Db = Awaited<ReturnType<typeof openDatabase>>["db"];

async function withDatabase<T>(env: NodeJS.ProcessEnv, work: (db: Db) => Promise<T>): Promise<T> {
  const database = await openDatabase({
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.RELANCE_DATA_DIR!,
    poolSize: 2,
  });
  try {
    return await work(database.db);
  } finally {
    await database.close();
  }
}

/** Runs `relance run` and kills it with SIGKILL after `ms`, unless it finished first. */
function runAndKill(env: NodeJS.ProcessEnv, args: string[], ms: number): Promise<"killed" | "finished"> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, "run", ...args], { env, stdio: "ignore" });
    const timer = setTimeout(() => child.kill("SIGKILL"), ms);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve(signal === "SIGKILL" ? "killed" : code === 0 ? "finished" : "killed");
    });
  });
}

const exec = promisify(execFile);
/** A whole command, allowed as long as a campaign takes on a busy machine. */
const command = (env: NodeJS.ProcessEnv, args: string[], timeoutMs: number) =>
  exec(process.execPath, [BIN, ...args], { env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });

export type Action = { ref: string; step: string; attempt: number; state: string };

const actionsOf = (db: Db) =>
  queryRows<Action>(
    db,
    // A reconciled action takes the provider's word ("delivered") where a normal send records "sent".
    sql`select c.external_ref as ref, o.step_id as step, o.attempt,
               case when o.state in ('sent', 'delivered') then 'done' else o.state end as state
        from outbox o join cases c on c.id = o.case_id order by 1, 2, 3`,
  );

const count = async (db: Db, query: ReturnType<typeof sql>) =>
  (await queryRows<{ n: number }>(db, query))[0]?.n ?? 0;

export interface CrashOutcome {
  kills: number;
  runs: number;
  /** Milliseconds: one start-up with nothing to do, and the uninterrupted campaign. */
  startupMs: number;
  controlMs: number;
  crashedMs: number;
  /** Messages a sandbox provider received more than once. */
  deliveredTwice: number;
  /** Written actions recorded as sent with nothing at the provider, or the reverse. */
  unmatched: number;
  /** Call actions recorded as sent without a finished call, or the reverse. */
  unmatchedCalls: number;
  /** Actions left in "sending" or "unknown" after the last, uninterrupted run. */
  inFlight: number;
  crashed: Action[];
  reference: Action[];
}

/**
 * Seeds `cases` demo cases, replays `from`..`until` once without interruption (the reference) and once
 * in `slices` slices, each `relance run` killed at a pseudo-random moment, going on until at least
 * `minKills` runs were killed; a last uninterrupted run then finishes the campaign.
 */
export async function crashCampaign(o: {
  cases: number;
  from: string;
  until: string;
  slices?: number;
  minKills?: number;
  seed?: number;
  commandTimeoutMs?: number;
  log?: (line: string) => void;
}): Promise<CrashOutcome> {
  const slices = o.slices ?? 24;
  const minKills = o.minKills ?? 21;
  const timeout = o.commandTimeoutMs ?? 600_000;
  const log = o.log ?? (() => {});
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const seeded = await cliEnvironment();
    cleanups.push(seeded.cleanup);
    // Written channels only: a call a crash cuts short is a real call cut short, and the simulated debtor
    // of its re-run may answer otherwise, so the campaign could rightly diverge from the uninterrupted
    // one. Call steps wait in the outbox here, identically on both sides.
    seeded.env.VOICE_PROVIDER = "off";
    await command(seeded.env, ["demo", "--cases", String(o.cases), "--json"], timeout);
    const control = await cloneEnvironment(seeded.env);
    cleanups.push(control.cleanup);
    const args = ["--from", o.from, "--until", o.until, "--json"];

    // A deterministic pseudo-random series of kill delays, so a failure can be replayed.
    let seed = o.seed ?? 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    // Start-up time (a run with nothing to do) and the uninterrupted run's length place the kills.
    let t = Date.now();
    await command(control.env, ["run", "--from", o.from, "--until", o.from, "--json"], timeout);
    const startupMs = Date.now() - t;
    t = Date.now();
    await command(control.env, ["run", ...args], timeout);
    const controlMs = Date.now() - t;
    log(`start-up ${startupMs} ms, uninterrupted campaign ${controlMs} ms`);
    const work = Math.max(300, controlMs - startupMs);
    // Each slice's run is killed at a random moment between mid start-up and the end of its slice's
    // work, so every restart has fresh work to be killed in. Timing varies with the machine's load, the
    // number of crashes must not: past the last slice it goes on until enough runs were killed. The
    // delays follow the machine: a run that finished before its kill shortens the next ones, a killed
    // run lengthens them again.
    const span = Date.parse(o.until) - Date.parse(o.from);
    let kills = 0;
    let runs = 0;
    let scale = 1;
    t = Date.now();
    for (let i = 1; i <= slices * 4 && (i <= slices || kills < minKills); i++) {
      const sliceEnd = new Date(Date.parse(o.from) + (span * Math.min(i, slices)) / slices).toISOString();
      const delay = Math.floor(scale * (startupMs * 0.5 + (startupMs * 0.5 + (work * 2) / slices) * next()));
      const outcome = await runAndKill(seeded.env, ["--from", o.from, "--until", sliceEnd, "--json"], delay);
      runs++;
      if (outcome === "killed") {
        kills++;
        scale = Math.min(1, scale * 1.1);
      } else scale *= 0.8;
    }
    await command(seeded.env, ["run", ...args], timeout);
    const crashedMs = Date.now() - t;
    log(`${runs} runs, ${kills} killed, then one to the end: ${crashedMs} ms`);

    const crashed = await withDatabase(seeded.env, async (db) => ({
      actions: await actionsOf(db),
      deliveredTwice: await count(db, sql`select count(*)::int as n from sandbox_messages where calls > 1`),
      unmatched: await count(
        db,
        sql`select count(*)::int as n from outbox o full join sandbox_messages m on m.idempotency_key = o.idempotency_key
            where (o.state in ('sent', 'delivered') and o.channel not in ('agent_task', 'voice_call') and m.id is null)
               or (m.id is not null and (o.id is null or o.state not in ('sent', 'delivered')))`,
      ),
      // Calls go to the sandbox voice provider: one finished call per sent call action, none other.
      unmatchedCalls: await count(
        db,
        sql`select count(*)::int as n from (select * from outbox where channel = 'voice_call') o
            full join voice_calls v on v.idempotency_key = o.idempotency_key
            where (o.state in ('sent', 'delivered') and (v.id is null or v.outcome is null))
               or (v.outcome is not null and (o.id is null or o.state not in ('sent', 'delivered')))`,
      ),
      inFlight: await count(
        db,
        sql`select count(*)::int as n from outbox where state in ('sending', 'unknown')`,
      ),
    }));
    const reference = await withDatabase(control.env, actionsOf);
    return {
      kills,
      runs,
      startupMs,
      controlMs,
      crashedMs,
      deliveredTwice: crashed.deliveredTwice,
      unmatched: crashed.unmatched,
      unmatchedCalls: crashed.unmatchedCalls,
      inFlight: crashed.inFlight,
      crashed: crashed.actions,
      reference,
    };
  } finally {
    for (const c of cleanups.reverse()) await c();
  }
}
