// What the portfolio benchmarks share: a fresh database (PostgreSQL when DATABASE_URL is set, created
// and dropped here; otherwise an embedded PGlite in a temporary dir), a portfolio of N cases generated
// set-based in SQL, and percentile timing.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { type Database, openDatabase } from "../../src/platform/db/client";

export const BENCH_CREDITORS = [
  "c0000000-0000-4000-8000-000000000001",
  "c0000000-0000-4000-8000-000000000002",
] as const;

export async function openBenchDatabase(): Promise<{ database: Database; cleanup: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "relance-bench-"));
    const database = await openDatabase({ dataDir: dir });
    return {
      database,
      cleanup: async () => {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `relance_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: u.toString(), dataDir: os.tmpdir() });
  return {
    database,
    cleanup: async () => {
      await database.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/**
 * Two creditors with a mandate each and N cases split between them, one claim per case, phases and
 * statuses in fixed proportions (a sixth closed), created one second apart. `eventEvery`: one
 * creditor-visible timeline event on every that many cases (0: none).
 */
export async function seedPortfolio(database: Database, n: number, eventEvery = 0): Promise<void> {
  const [a, b] = BENCH_CREDITORS;
  // Ids derived from the row number (so rows join without lookups), shaped as version 4 UUIDs as the
  // API's schemas require.
  await database.exec(`
    create function pg_temp.bench_id(t text) returns uuid language sql immutable
      as $$ select overlay(overlay(md5(t) placing '4' from 13) placing '8' from 17)::uuid $$;
    insert into creditors (id, ref, legal_name, siren) values
      ('${a}', 'BENCH-A', 'Bench A', '732829320'), ('${b}', 'BENCH-B', 'Bench B', '552100554');
    insert into mandates (id, creditor_id, version, status, claim_basis, insurance_reference, commission, remittance, plan_limits, signed_at, effective_from)
      select gen_random_uuid(), id, 1, 'active', 'bench', 'bench', '{"rateBp":1500}', '{}', '{}', '2026-01-01', '2026-01-01' from creditors;
    insert into debtors (id, creditor_id, kind, display_name, time_zone, law_region, jurisdiction)
      select pg_temp.bench_id('d' || g), (array['${a}','${b}'])[1 + g % 2]::uuid,
             case when g % 2 = 0 then 'company' else 'person' end, 'Débiteur ' || g, 'Europe/Paris', 'metropole', 'FR'
      from generate_series(1, ${n}) g;
    insert into cases (id, creditor_id, debtor_id, mandate_id, reference, external_ref, phase, status, currency, balance_cents, next_action_at, created_at, updated_at)
      select pg_temp.bench_id('c' || g), d.creditor_id, d.id, m.id, 'REL-2026-' || lpad(g::text, 7, '0'), 'EXT-' || g,
             (array['amicable','amicable','amicable','pre_litigation','judicial','closed'])[1 + g % 6],
             (array['new','active','active','on_hold','awaiting_creditor','closed'])[1 + g % 6],
             'EUR', 1000 + (g::bigint * 7919) % 1000000, now(), now() - (g || ' seconds')::interval, now()
      from generate_series(1, ${n}) g
      join debtors d on d.id = pg_temp.bench_id('d' || g)
      join mandates m on m.creditor_id = d.creditor_id;
    insert into claims (id, creditor_id, case_id, number, issue_date, due_date, principal_cents, paid_cents, currency, interest_terms, b2b_indemnity, out_of_statute_date)
      select pg_temp.bench_id('cl' || g), c.creditor_id, c.id, 'INV-' || g, '2026-01-01', date '2026-02-01' - (g % 500),
             c.balance_cents, case when g % 7 = 0 then c.balance_cents / 2 else 0 end, 'EUR', '{"kind":"none"}', g % 2 = 0, '2028-02-01'
      from generate_series(1, ${n}) g join cases c on c.id = pg_temp.bench_id('c' || g);
    ${
      eventEvery > 0
        ? `insert into timeline_events (id, creditor_id, case_id, type, at, actor_type, data)
      select gen_random_uuid(), c.creditor_id, c.id, 'email.sent', now(), 'system', '{}'
      from generate_series(1, ${n}, ${eventEvery}) g join cases c on c.id = pg_temp.bench_id('c' || g);`
        : ""
    }
    analyze;
  `);
}

export interface Timing {
  label: string;
  runs: number;
  p50: number;
  p95: number;
  p99: number;
}

/**
 * Up to ten warm-up calls (fewer when slow), then `runs` timed calls one after the other, stopping
 * early once past `budgetMs` with at least 20 timed.
 */
export async function measure(
  label: string,
  fn: () => Promise<unknown>,
  runs: number,
  budgetMs = Number.POSITIVE_INFINITY,
): Promise<Timing> {
  const warm = performance.now();
  for (let i = 0; i < Math.min(10, runs) && (i < 2 || performance.now() - warm < budgetMs / 4); i++)
    await fn();
  const times: number[] = [];
  const start = performance.now();
  for (let i = 0; i < runs && (i < 20 || performance.now() - start < budgetMs); i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((x, y) => x - y);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  return { label, runs: times.length, p50: pct(0.5), p95: pct(0.95), p99: pct(0.99) };
}

export function printTimings(title: string, reference: Timing, results: Timing[]): void {
  console.log(`\n${title} (ms)`);
  const line = (r: Timing) =>
    `${r.label.padEnd(44)} runs ${String(r.runs).padStart(4)}  p50 ${r.p50.toFixed(2).padStart(8)}  p95 ${r.p95.toFixed(2).padStart(8)}  p99 ${r.p99.toFixed(2).padStart(8)}`;
  console.log(line(reference));
  for (const r of results) console.log(`${line(r)}  p95 ${(r.p95 / reference.p95).toFixed(2)}× reference`);
}
