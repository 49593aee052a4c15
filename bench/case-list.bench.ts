// Case list and case page latency on a large portfolio, against a bare indexed query on the same rows.
// BENCH_CASES (default 200000) rows are generated in SQL; DATABASE_URL selects PostgreSQL (a fresh
// database is created and dropped), otherwise an embedded PGlite in a temporary dir.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import pg from "pg";
import { getCase } from "../src/cases/get-case";
import { listCases } from "../src/cases/list-cases";
import { type Database, openDatabase } from "../src/platform/db/client";
import { migrateDatabase } from "../src/platform/db/migrate";
import { queryRows } from "../src/platform/db/rows";

const N = Number(process.env.BENCH_CASES ?? 200_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);

async function open(): Promise<{ database: Database; cleanup: () => Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "relance-bench-"));
    const database = await openDatabase({ dataDir: dir });
    return { database, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
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

async function seed(database: Database): Promise<string[]> {
  const creditors = ["c0000000-0000-4000-8000-000000000001", "c0000000-0000-4000-8000-000000000002"];
  await database.exec(`
    insert into creditors (id, ref, legal_name, siren) values
      ('${creditors[0]}', 'BENCH-A', 'Bench A', '732829320'), ('${creditors[1]}', 'BENCH-B', 'Bench B', '552100554');
    insert into mandates (id, creditor_id, version, status, claim_basis, insurance_reference, commission, remittance, plan_limits, signed_at, effective_from)
      select gen_random_uuid(), id, 1, 'active', 'bench', 'bench', '{}', '{}', '{}', '2026-01-01', '2026-01-01' from creditors;
    insert into debtors (id, creditor_id, kind, display_name, time_zone, law_region, jurisdiction)
      select md5('d' || g)::uuid, (array['${creditors[0]}','${creditors[1]}'])[1 + g % 2]::uuid,
             case when g % 2 = 0 then 'company' else 'person' end, 'Débiteur ' || g, 'Europe/Paris', 'metropole', 'FR'
      from generate_series(1, ${N}) g;
    insert into cases (id, creditor_id, debtor_id, mandate_id, reference, external_ref, phase, status, currency, balance_cents, next_action_at, created_at, updated_at)
      select md5('c' || g)::uuid, d.creditor_id, d.id, m.id, 'REL-2026-' || lpad(g::text, 7, '0'), 'EXT-' || g,
             (array['amicable','amicable','amicable','pre_litigation','judicial','closed'])[1 + g % 6],
             (array['new','active','active','on_hold','awaiting_creditor','closed'])[1 + g % 6],
             'EUR', 1000 + (g::bigint * 7919) % 1000000, now(), now() - (g || ' seconds')::interval, now()
      from generate_series(1, ${N}) g
      join debtors d on d.id = md5('d' || g)::uuid
      join mandates m on m.creditor_id = d.creditor_id;
    insert into claims (id, creditor_id, case_id, number, issue_date, due_date, principal_cents, currency, interest_terms, b2b_indemnity, out_of_statute_date)
      select md5('cl' || g)::uuid, c.creditor_id, c.id, 'INV-' || g, '2026-01-01', '2026-02-01', c.balance_cents, 'EUR', '{"kind":"none"}', false, '2028-02-01'
      from generate_series(1, ${N}) g join cases c on c.id = md5('c' || g)::uuid;
    analyze;
  `);
  return creditors;
}

async function measure(
  label: string,
  fn: () => Promise<unknown>,
): Promise<{ label: string; p50: number; p95: number }> {
  for (let i = 0; i < 10; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
  return { label, p50: pct(0.5), p95: pct(0.95) };
}

const { database, cleanup } = await open();
try {
  await migrateDatabase(database);
  const t0 = performance.now();
  const [creditorA] = await seed(database);
  console.log(`seeded ${N} cases on ${database.kind} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const db = database.db;
  const deep = await listCases(db, { kind: "agency" }, { limit: 50 });
  let cursor = deep.nextCursor ?? undefined;
  for (let i = 0; i < 20 && cursor; i++)
    cursor = (await listCases(db, { kind: "agency" }, { limit: 50, cursor })).nextCursor ?? undefined;
  const [someCase] = await queryRows<{ id: string }>(
    db,
    sql`select id from cases order by created_at desc limit 1 offset 1000`,
  );

  const reference = await measure("reference: bare indexed page query", () =>
    queryRows(db, sql`select * from cases order by created_at desc, id desc limit 51`),
  );
  const results = [
    await measure("agency list, first page", () => listCases(db, { kind: "agency" }, { limit: 50 })),
    await measure("agency list, page 21 (cursor)", () =>
      listCases(db, { kind: "agency" }, { limit: 50, cursor }),
    ),
    await measure("creditor list, first page", () =>
      listCases(db, { kind: "creditor", creditorId: creditorA! }, { limit: 50 }),
    ),
    await measure("agency list, status filter", () =>
      listCases(db, { kind: "agency" }, { limit: 50, status: "on_hold" }),
    ),
    await measure("case page (claims + timeline)", () => getCase(db, { kind: "agency" }, someCase!.id)),
  ];
  console.log(`\n${N} cases, ${database.kind}, ${RUNS} runs each (ms)`);
  console.log(
    `${reference.label.padEnd(40)} p50 ${reference.p50.toFixed(2).padStart(7)}  p95 ${reference.p95.toFixed(2).padStart(7)}`,
  );
  for (const r of results) {
    console.log(
      `${r.label.padEnd(40)} p50 ${r.p50.toFixed(2).padStart(7)}  p95 ${r.p95.toFixed(2).padStart(7)}  ratio p95 ${(r.p95 / reference.p95).toFixed(2)}× reference`,
    );
  }
} finally {
  if (database.kind === "pglite") await database.close();
  await cleanup();
}
