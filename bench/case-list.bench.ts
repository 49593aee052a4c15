// Case list and case page latency on a large portfolio, against a bare indexed query on the same rows.
// BENCH_CASES (default 200000) rows are generated in SQL; DATABASE_URL selects PostgreSQL (a fresh
// database is created and dropped), otherwise an embedded PGlite in a temporary dir.
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { getCase } from "../src/cases/get-case";
import { listCases } from "../src/cases/list-cases";
import { migrateDatabase } from "../src/platform/db/migrate";
import { queryRows } from "../src/platform/db/rows";
import {
  BENCH_CREDITORS,
  measure as measureRuns,
  openBenchDatabase,
  seedPortfolio,
} from "./helpers/portfolio";

const N = Number(process.env.BENCH_CASES ?? 200_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const measure = (label: string, fn: () => Promise<unknown>) => measureRuns(label, fn, RUNS);

const { database, cleanup } = await openBenchDatabase();
try {
  await migrateDatabase(database);
  const t0 = performance.now();
  await seedPortfolio(database, N);
  const [creditorA] = BENCH_CREDITORS;
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
  await cleanup();
}
