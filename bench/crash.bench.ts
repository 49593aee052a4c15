// Crash safety at scale: `relance run` killed with SIGKILL at 20+ random moments of a campaign over
// BENCH_CASES demo cases (default 100000) on PostgreSQL, restarted each time, then compared with the
// same campaign run without interruption. BENCH_DAYS (default 14) sets the campaign's length.
// Needs DATABASE_URL; each side gets a fresh database, dropped at the end.
import os from "node:os";
import { crashCampaign } from "../test/helpers/crash-campaign";

const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const DAYS = Number(process.env.BENCH_DAYS ?? 14);
if (!process.env.DATABASE_URL) {
  console.log("crash.bench: set DATABASE_URL to a PostgreSQL server (the property is checked on PostgreSQL)");
  process.exit(0);
}

const from = "2026-11-23T08:00:00.000Z";
const until = new Date(Date.parse(from) + DAYS * 86_400_000).toISOString();
console.log(`crash.bench: ${CASES} cases, ${from} → ${until}, load ${os.loadavg()[0]!.toFixed(2)}`);
const started = Date.now();
const o = await crashCampaign({
  cases: CASES,
  from,
  until,
  commandTimeoutMs: 4 * 3_600_000,
  log: (line) => console.log(`  ${line}`),
});

// Differences between the crashed side and the reference, by action (reference, step, attempt).
const key = (a: { ref: string; step: string; attempt: number }) => `${a.ref}|${a.step}|${a.attempt}`;
const reference = new Map(o.reference.map((a) => [key(a), a.state]));
const crashed = new Map(o.crashed.map((a) => [key(a), a.state]));
let missing = 0;
let extra = 0;
let otherState = 0;
for (const [k, state] of reference) {
  const got = crashed.get(k);
  if (got === undefined) missing++;
  else if (got !== state) otherState++;
}
for (const k of crashed.keys()) if (!reference.has(k)) extra++;

const rows: [string, number | string][] = [
  ["actions, uninterrupted", o.reference.length],
  ["actions, crashed", o.crashed.length],
  ["runs killed / runs", `${o.kills} / ${o.runs}`],
  ["delivered twice", o.deliveredTwice],
  ["sent without a provider record, or the reverse", o.unmatched + o.unmatchedCalls],
  ["left in flight", o.inFlight],
  ["missing from the crashed side", missing],
  ["only on the crashed side", extra],
  ["in another state", otherState],
];
console.log("| check | value |\n| --- | --- |");
for (const [label, value] of rows) console.log(`| ${label} | ${value} |`);
console.log(
  `start-up ${o.startupMs} ms; uninterrupted ${(o.controlMs / 1000).toFixed(1)} s; crashed side ${(o.crashedMs / 1000).toFixed(1)} s; total ${((Date.now() - started) / 1000).toFixed(0)} s; load ${os.loadavg()[0]!.toFixed(2)}`,
);
const ok =
  o.kills >= 20 &&
  o.deliveredTwice === 0 &&
  o.unmatched + o.unmatchedCalls === 0 &&
  o.inFlight === 0 &&
  missing + extra + otherState === 0;
console.log(ok ? "crash.bench: every action once, none delivered twice, none lost" : "crash.bench: FAILED");
process.exit(ok ? 0 : 1);
