// Intake import throughput: a realistic French CSV (BENCH_ROWS rows, default 1,000,000) generated on
// the fly, imported by the Relance use case (parse, validate, merge debtors, cases, claims, events)
// against a plain COPY of the same file into a bare 14-column table, in the same run. Each phase runs
// in its own process, so that its peak RSS is its own.
// PostgreSQL when DATABASE_URL is set (a fresh database per phase, created and dropped), then PGlite
// in a temporary data dir. BENCH_PGLITE=0 skips PGlite; BENCH_PG=0 skips PostgreSQL.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { createCreditor } from "../src/cases/creditors";
import { createMandateVersion } from "../src/cases/mandates";
import { seedDefaultScenarios } from "../src/collection/scenario-store";
import { type Database, openDatabase } from "../src/platform/db/client";
import { migrateDatabase } from "../src/platform/db/migrate";
import { writeIntakeFile } from "./helpers/intake-file";

const run = promisify(execFile);
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const NOW = new Date("2026-11-23T09:00:00Z");
const dir = mkdtempSync(path.join(os.tmpdir(), "relance-intake-bench-"));
const file = path.join(dir, "impayes.csv");

interface PhaseResult {
  phase: string;
  rows: number;
  ms: number;
  rate: number;
  maxRssMb: number;
  cpuMs: number;
  serverCpuMs: number | null;
  [k: string]: unknown;
}

async function phase(name: "copy" | "import", target: string): Promise<PhaseResult> {
  const { stdout } = await run(
    process.execPath,
    ["--import", "tsx", "bench/helpers/intake-import-run.ts", name, file, String(ROWS), target],
    { maxBuffer: 1 << 20, timeout: 30 * 60_000 },
  );
  return JSON.parse(stdout.trim().split("\n").pop()!);
}

async function prepare(database: Database): Promise<void> {
  await migrateDatabase(database);
  await seedDefaultScenarios(database.db);
  const c = await createCreditor(
    database.db,
    { ref: "BENCH", legalName: "Bench SAS", siren: "732829320", contacts: [] },
    NOW,
  );
  await createMandateVersion(database.db, c.id, {
    claimBasis: "Factures impayées",
    insuranceReference: "RCP-BENCH",
    commission: { rateBp: 1500, minimumCents: 0, tiers: [], vatRateBp: 2000 },
    remittance: { frequency: "monthly", maxDelayDays: 30 },
    planLimits: {
      maxInstalments: 6,
      minInstalmentCents: 3000,
      maxFirstPaymentDelayDays: 30,
      reminderDaysBefore: 3,
    },
    lateInterest: { b2bPenalties: false, legalInterest: false },
    signedAt: "2026-01-01",
    effectiveFrom: "2026-01-01",
  });
}

function print(label: string, r: PhaseResult, reference?: PhaseResult): void {
  const ratio = reference ? `  ${(r.rate / reference.rate).toFixed(2)}× COPY` : "";
  console.log(
    `${label.padEnd(34)} ${String(r.rows).padStart(9)} rows ${(r.ms / 1000).toFixed(1).padStart(7)} s ` +
      `${r.rate.toLocaleString("en").padStart(9)} rows/s  peak RSS ${r.maxRssMb} MB${ratio}`,
  );
  const server = r.serverCpuMs === null ? "" : `, PostgreSQL backends ${(r.serverCpuMs / 1000).toFixed(1)} s`;
  console.log(`  CPU: this process ${(r.cpuMs / 1000).toFixed(1)} s${server}`);
  if (r.phase === "import") {
    const {
      phase: _p,
      rows: _r,
      ms: _m,
      rate: _t,
      maxRssMb: _x,
      expected: _e,
      cpuMs: _c,
      serverCpuMs: _s,
      ...rest
    } = r;
    console.log(`  ${JSON.stringify(rest)}`);
  }
}

try {
  const t = performance.now();
  const bytes = await writeIntakeFile(file, ROWS);
  console.log(
    `generated ${ROWS.toLocaleString("en")} rows, ${(bytes / 1e6).toFixed(0)} MB (Windows-1252, ";", CRLF) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  const url = process.env.DATABASE_URL;
  if (url && process.env.BENCH_PG !== "0") {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const results: PhaseResult[] = [];
    for (const name of ["copy", "import"] as const) {
      const db = `relance_bench_${randomBytes(4).toString("hex")}`;
      await admin.query(`CREATE DATABASE ${db}`);
      const u = new URL(url);
      u.pathname = `/${db}`;
      try {
        const database = await openDatabase({ databaseUrl: u.toString(), dataDir: dir });
        await prepare(database);
        await database.close();
        results.push(await phase(name, u.toString()));
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      }
    }
    await admin.end();
    console.log("\nPostgreSQL");
    print("plain COPY into a bare table", results[0]!);
    print("Relance import", results[1]!, results[0]);
  } else if (!url) {
    console.log("PostgreSQL skipped: set DATABASE_URL to measure the 0.35× COPY target");
  }
  if (process.env.BENCH_PGLITE !== "0") {
    const results: PhaseResult[] = [];
    for (const name of ["copy", "import"] as const) {
      const dataDir = mkdtempSync(path.join(dir, "pglite-"));
      const database = await openDatabase({ dataDir });
      await prepare(database);
      await database.close();
      results.push(await phase(name, `pglite:${dataDir}`));
      rmSync(dataDir, { recursive: true, force: true });
    }
    console.log("\nPGlite (on-disk data dir; RSS includes the in-process engine)");
    print("plain COPY into a bare table", results[0]!);
    print("Relance import", results[1]!, results[0]);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
