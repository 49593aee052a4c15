// Scheduler throughput: planning + outbox writing for N due cases on PostgreSQL, against a bare
// claim-and-insert SQL loop over the same rows in the same run. Needs DATABASE_URL (a fresh database is
// created and dropped). BENCH_CASES (default 100000), BENCH_WORKERS (default "1,2,4"), BENCH_BATCH (1000),
// BENCH_LANES (scheduler batches at once in each worker process; default 2, the engine's own default).
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import os from "node:os";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import pg from "pg";
import { seedDefaultScenarios } from "../src/collection/scenario-store";
import { openDatabase } from "../src/platform/db/client";
import { migrateDatabase } from "../src/platform/db/migrate";

const run = promisify(execFile);
const N = Number(process.env.BENCH_CASES ?? 100_000);
const WORKERS = (process.env.BENCH_WORKERS ?? "1,2,4").split(",").map(Number);
const BATCH = Number(process.env.BENCH_BATCH ?? 1000);
const LANES = Number(process.env.BENCH_LANES ?? 2);
const NOW = "2026-11-24T10:00:00.000Z"; // a Tuesday morning: every case is due

const url = process.env.DATABASE_URL;
if (!url) {
  console.log(
    "scheduler.bench: set DATABASE_URL to a PostgreSQL server (the target is measured on PostgreSQL)",
  );
  process.exit(0);
}
const name = `relance_bench_${randomBytes(4).toString("hex")}`;
const admin = new pg.Client({ connectionString: url });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const u = new URL(url);
u.pathname = `/${name}`;
const dbUrl = u.toString();
const database = await openDatabase({ databaseUrl: dbUrl, dataDir: os.tmpdir() });
const client = new pg.Client({ connectionString: dbUrl });
await client.connect();

async function reset(): Promise<void> {
  await client.query(
    `truncate outbox, case_sequences, outbox_reference, timeline_events, timeline_events_copy;`,
  );
  await client.query(
    `update cases set next_action_at = '${NOW}'::timestamptz - interval '1 hour', status = 'new'`,
  );
  await client.query("vacuum analyze cases");
}

try {
  await migrateDatabase(database);
  await seedDefaultScenarios(database.db);
  const t0 = performance.now();
  await client.query(`
    insert into creditors (id, ref, legal_name, siren) values ('c0000000-0000-4000-8000-000000000001', 'BENCH', 'Bench SAS', '732829320');
    insert into mandates (id, creditor_id, version, status, claim_basis, insurance_reference, commission, remittance, plan_limits, signed_at, effective_from)
      values (gen_random_uuid(), 'c0000000-0000-4000-8000-000000000001', 1, 'active', 'b', 'i', '{}', '{}', '{}', '2026-01-01', '2026-01-01');
    insert into debtors (id, creditor_id, kind, display_name, time_zone, law_region, jurisdiction)
      select md5('d' || g)::uuid, 'c0000000-0000-4000-8000-000000000001', case when g % 2 = 0 then 'company' else 'person' end,
             'Débiteur ' || g, 'Europe/Paris', 'metropole', 'FR' from generate_series(1, ${N}) g;
    insert into contact_points (id, creditor_id, debtor_id, kind, value)
      select md5('p' || g)::uuid, 'c0000000-0000-4000-8000-000000000001', md5('d' || g)::uuid, 'email', 'd' || g || '@mail.example'
      from generate_series(1, ${N}) g;
    insert into cases (id, creditor_id, debtor_id, mandate_id, reference, phase, status, currency, balance_cents, next_action_at, created_at, updated_at)
      select md5('c' || g)::uuid, 'c0000000-0000-4000-8000-000000000001', md5('d' || g)::uuid, m.id, 'REL-B-' || g, 'amicable', 'new', 'EUR',
             10000, '${NOW}', '${NOW}'::timestamptz - interval '1 hour', '${NOW}'
      from generate_series(1, ${N}) g cross join (select id from mandates limit 1) m;
    insert into claims (id, creditor_id, case_id, number, issue_date, due_date, principal_cents, currency, interest_terms, b2b_indemnity, out_of_statute_date)
      select md5('cl' || g)::uuid, 'c0000000-0000-4000-8000-000000000001', md5('c' || g)::uuid, 'INV-' || g, '2026-09-01', '2026-10-01',
             10000, 'EUR', '{"kind":"none"}', false, '2028-10-01' from generate_series(1, ${N}) g;
    create table outbox_reference (like outbox including all);
    create table timeline_events_copy (id uuid, case_id uuid, type text, at timestamptz, data jsonb);
  `);
  console.log(`seeded ${N} due cases in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // Reference: the bare SQL a scheduler cannot do less than, from Node, batch by batch.
  await reset();
  let t = performance.now();
  for (;;) {
    const r = await client.query(`
      with c as (
        select id, creditor_id from cases where next_action_at <= '${NOW}' and status in ('new','active','on_hold')
        order by next_action_at limit ${BATCH} for update skip locked),
      o as (
        insert into outbox_reference (id, creditor_id, case_id, idempotency_key, channel, template, state, scheduled_at, created_at, updated_at)
        select gen_random_uuid(), creditor_id, id, id || ':ref', 'email', 't', 'pending', '${NOW}', '${NOW}', '${NOW}' from c),
      e as (insert into timeline_events_copy select gen_random_uuid(), id, 'action.planned', '${NOW}', '{}' from c)
      update cases set next_action_at = next_action_at + interval '6 hours', status = 'active' from c where cases.id = c.id`);
    if (r.rowCount === 0) break;
  }
  const referenceRate = N / ((performance.now() - t) / 1000);
  console.log(
    `\nreference: bare claim + outbox insert + event + update, 1 worker: ${Math.round(referenceRate)} cases/s`,
  );

  // The same bare loop writing into Relance's own outbox and timeline tables, with their keys and indexes:
  // what remains between it and the scheduler is the scheduler's own work (facts, planning, sequences).
  await reset();
  t = performance.now();
  for (;;) {
    const r = await client.query(`
      with c as (
        select id, creditor_id from cases where next_action_at <= '${NOW}' and status in ('new','active','on_hold')
        order by next_action_at limit ${BATCH} for update skip locked),
      o as (
        insert into outbox (id, creditor_id, case_id, idempotency_key, channel, template, state, scheduled_at, created_at, updated_at)
        select gen_random_uuid(), creditor_id, id, id || ':ref', 'email', 't', 'pending', '${NOW}', '${NOW}', '${NOW}' from c),
      e as (insert into timeline_events (id, creditor_id, case_id, type, at, actor_type, data)
            select gen_random_uuid(), creditor_id, id, 'action.planned', '${NOW}', 'system', '{}' from c)
      update cases set next_action_at = next_action_at + interval '6 hours', status = 'active' from c where cases.id = c.id`);
    if (r.rowCount === 0) break;
  }
  const sameTablesRate = N / ((performance.now() - t) / 1000);
  console.log(
    `reference on Relance's tables (keys and indexes), 1 worker: ${Math.round(sameTablesRate)} cases/s`,
  );

  for (const workers of WORKERS) {
    await reset();
    t = performance.now();
    const outs = await Promise.all(
      Array.from({ length: workers }, () =>
        run(
          process.execPath,
          ["--import", "tsx", "bench/helpers/schedule-worker.ts", dbUrl, NOW, String(BATCH), String(LANES)],
          {
            maxBuffer: 1 << 20,
          },
        ),
      ),
    );
    const seconds = (performance.now() - t) / 1000;
    const planned = outs.reduce((s, o) => s + JSON.parse(o.stdout).planned, 0);
    const { rows } = await client.query(
      "select count(*)::int as n, count(distinct case_id)::int as cases from outbox",
    );
    const rate = N / seconds;
    console.log(
      `relance scheduler, ${workers} worker(s) × ${LANES} lane(s): ${Math.round(rate)} cases/s, ratio ${(rate / referenceRate).toFixed(2)}× reference,` +
        ` ${(rate / sameTablesRate).toFixed(2)}× reference on Relance's tables` +
        ` (outbox rows ${rows[0].n}, distinct cases ${rows[0].cases}, planned ${planned})`,
    );
    if (rows[0].n !== N || rows[0].cases !== N) throw new Error("a case was planned twice or not at all");
  }
} finally {
  await client.end();
  await database.close();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
