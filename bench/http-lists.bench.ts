// The back office's and the creditor portal's lists and figures over HTTP, as the screens call them, on
// a large portfolio: the real Fastify server in process, listening on loopback, signed-in sessions,
// fetch for every request. Each figure is set beside two references measured in the same run on the
// same rows: the bare indexed page query (in process, no HTTP) and GET /health (HTTP and a `select 1`).
// BENCH_CASES (default 200000) cases are generated in SQL; DATABASE_URL selects PostgreSQL (a fresh
// database is created and dropped), otherwise an embedded PGlite. BENCH_RUNS (default 200) caps the
// runs per line, BENCH_BUDGET_MS (default 20000) the time per line after its first 20 runs.
import os from "node:os";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { createUser } from "../src/platform/auth/users";
import { VirtualClock } from "../src/platform/clock";
import { loadConfig } from "../src/platform/config";
import { migrateDatabase } from "../src/platform/db/migrate";
import { queryRows } from "../src/platform/db/rows";
import { buildServer } from "../src/platform/http/server";
import { createLogger } from "../src/platform/logger";
import {
  BENCH_CREDITORS,
  measure as measureRuns,
  openBenchDatabase,
  printTimings,
  seedPortfolio,
} from "./helpers/portfolio";

const N = Number(process.env.BENCH_CASES ?? 200_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const BUDGET_MS = Number(process.env.BENCH_BUDGET_MS ?? 20_000);
const TARGET_P95_MS = 300;
const measure = (label: string, fn: () => Promise<unknown>) => measureRuns(label, fn, RUNS, BUDGET_MS);

const { database, cleanup } = await openBenchDatabase();
try {
  await migrateDatabase(database);
  const t0 = performance.now();
  await seedPortfolio(database, N, 10);
  console.log(`seeded ${N} cases on ${database.kind} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const db = database.db;
  const now = new Date();
  const password = "bench-password-123";
  await createUser(
    db,
    { email: "agent@bench.example", name: "Agent", password, role: "agent", creditorId: null, locale: "fr" },
    now,
  );
  await createUser(
    db,
    {
      email: "creditor@bench.example",
      name: "Creditor",
      password,
      role: "creditor_admin",
      creditorId: BENCH_CREDITORS[0],
      locale: "fr",
    },
    now,
  );

  const logger = createLogger({ level: "silent" });
  const config = loadConfig({ NODE_ENV: "test", RELANCE_SECRET: "b".repeat(40), LOG_LEVEL: "silent" });
  const app = await buildServer({ config, database, clock: new VirtualClock(now), logger });
  const origin = await app.listen({ host: "127.0.0.1", port: 0 });
  try {
    const signIn = async (email: string): Promise<Record<string, string>> => {
      const res = await fetch(`${origin}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password }),
      });
      if (res.status !== 200)
        throw new Error(`sign-in of ${email} failed: ${res.status} ${await res.text()}`);
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith("relance_session="));
      if (!cookie) throw new Error(`sign-in of ${email} set no session cookie`);
      return { cookie: cookie.split(";")[0]! };
    };
    const agency = await signIn("agent@bench.example");
    const creditor = await signIn("creditor@bench.example");
    const get = async (path: string, headers: Record<string, string>): Promise<unknown> => {
      const res = await fetch(`${origin}${path}`, { headers });
      const body = await res.text();
      if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${body.slice(0, 200)}`);
      return JSON.parse(body);
    };
    const nextCursor = (page: unknown) => (page as { nextCursor: string | null }).nextCursor;

    // A cursor 20 pages deep, as a user scrolling the list would reach it.
    let cursor = nextCursor(await get("/api/agency/cases?limit=50", agency));
    for (let i = 0; i < 19 && cursor; i++) {
      cursor = nextCursor(
        await get(`/api/agency/cases?limit=50&cursor=${encodeURIComponent(cursor)}`, agency),
      );
    }
    if (!cursor) throw new Error("the portfolio is too small for a page 21");
    const deep = encodeURIComponent(cursor);

    const reference = await measure("reference: bare indexed page query", () =>
      queryRows(db, sql`select * from cases order by created_at desc, id desc limit 51`),
    );
    const screens = [
      ["agency case list, first page", "/api/agency/cases?limit=50", agency],
      ["agency case list, page 21 (cursor)", `/api/agency/cases?limit=50&cursor=${deep}`, agency],
      ["agency case list, status filter", "/api/agency/cases?limit=50&status=on_hold", agency],
      [
        "agency case list, phase + status filter",
        "/api/agency/cases?limit=50&phase=judicial&status=awaiting_creditor",
        agency,
      ],
      ["agency work queue, first page", "/api/agency/work-queue?limit=50", agency],
      [
        "agency work queue, one creditor",
        `/api/agency/work-queue?limit=50&creditorId=${BENCH_CREDITORS[1]}`,
        agency,
      ],
      ["agency dashboard, all creditors", "/api/agency/dashboard", agency],
      ["creditor case list, first page", "/api/v1/cases?limit=50", creditor],
      ["creditor dashboard", "/api/v1/dashboard", creditor],
    ] as const;
    const results = [await measure("reference: GET /health (HTTP + select 1)", () => get("/health", {}))];
    for (const [label, path, who] of screens) results.push(await measure(label, () => get(path, who)));

    printTimings(
      `${N} cases, ${database.kind}, HTTP on loopback, up to ${RUNS} runs each`,
      reference,
      results,
    );
    console.log(
      `load average after the run: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")} on ${os.cpus().length} cores`,
    );
    const slow = results.filter((r) => r.p95 > TARGET_P95_MS);
    if (slow.length > 0) {
      console.log(`over the ${TARGET_P95_MS} ms p95 target: ${slow.map((r) => r.label).join("; ")}`);
      process.exitCode = 1;
    }
  } finally {
    await app.close();
  }
} finally {
  await cleanup();
}
