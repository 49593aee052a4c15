// One measured phase of bench/intake-import.bench.ts, in its own process so that its peak RSS is its
// own: `copy` (plain COPY of the file into a bare table) or `import` (the Relance import use case).
// Args: phase, file, rows, then a PostgreSQL URL or "pglite:<dir>". Prints one JSON line.
import { createReadStream, readFileSync } from "node:fs";
import { pipeline } from "node:stream/promises";
import { sql } from "drizzle-orm";
import iconv from "iconv-lite";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { SYSTEM } from "../../src/cases/timeline";
import { importOptionsSchema } from "../../src/intake/import/options";
import { createImportRecord, runImport } from "../../src/intake/import/run-import";
import { openDatabase } from "../../src/platform/db/client";
import { queryRows } from "../../src/platform/db/rows";

const [phase, file, rowsArg, target] = process.argv.slice(2) as [string, string, string, string];
const NOW = new Date("2026-11-23T09:00:00Z");
const BARE =
  "create table if not exists bare_intake (c1 text, c2 text, c3 text, c4 text, c5 text, c6 text, c7 text, c8 text, c9 text, c10 text, c11 text, c12 text, c13 text, c14 text)";
const COPY_OPTIONS = "(format csv, delimiter ';', header true, encoding 'WIN1252')";

const t0 = performance.now();
let rows = 0;
let extra: Record<string, unknown> = {};
let serverCpuMs: number | null = null;
if (phase === "copy" && !target.startsWith("pglite:")) {
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  await client.query(BARE);
  await pipeline(
    createReadStream(file),
    client.query(copyFrom(`copy bare_intake from stdin ${COPY_OPTIONS}`)),
  );
  rows = Number((await client.query("select count(*) from bare_intake")).rows[0].count);
  serverCpuMs = await backendsCpuMs(client);
  await client.end();
} else if (phase === "copy") {
  const { PGlite } = await import("@electric-sql/pglite");
  const db = new PGlite(`${target.slice("pglite:".length)}/pgdata`);
  await db.exec(BARE);
  // PGlite has no WIN1252 conversion (the COPY silently breaks the session): decode in JS first.
  await db.query(`copy bare_intake from '/dev/blob' (format csv, delimiter ';', header true)`, [], {
    blob: new Blob([iconv.decode(readFileSync(file), "windows-1252")]),
  });
  rows = Number((await db.query<{ n: number }>("select count(*)::int as n from bare_intake")).rows[0]!.n);
  await db.close();
} else {
  const pglite = target.startsWith("pglite:");
  const database = await openDatabase(
    pglite ? { dataDir: target.slice("pglite:".length) } : { databaseUrl: target, dataDir: "/tmp" },
  );
  const [creditor] = await queryRows<{ id: string }>(
    database.db,
    sql`select id::text from creditors limit 1`,
  );
  const options = importOptionsSchema.parse({});
  const importId = await createImportRecord(
    database.db,
    { creditorId: creditor!.id, fileName: "bench.csv", format: "csv", options },
    NOW,
  );
  const out = await runImport(
    database.db,
    {
      importId,
      creditorId: creditor!.id,
      fileName: "bench.csv",
      format: "csv",
      options,
      actor: SYSTEM,
      now: NOW,
    },
    createReadStream(file, { highWaterMark: 256 * 1024 }),
  );
  rows = out.report.rows;
  if (!pglite) {
    const c = new pg.Client({ connectionString: target });
    await c.connect();
    serverCpuMs = await backendsCpuMs(c);
    await c.end();
  }
  const { errors, ...counts } = out.report;
  extra = { ...counts, status: out.status, firstErrors: errors.slice(0, 3) };
  await database.close();
}
const ms = performance.now() - t0;
console.log(
  JSON.stringify({
    phase,
    rows,
    ms: Math.round(ms),
    rate: Math.round(rows / (ms / 1000)),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    // CPU time, which a shared machine's load does not stretch the way it stretches wall time.
    cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
    serverCpuMs,
    expected: Number(rowsArg),
    ...extra,
  }),
);

/**
 * CPU time of the server processes (backends) connected to this phase's database, read from /proc
 * (a local PostgreSQL only; null otherwise). Read before they disconnect: the pool keeps them open.
 */
async function backendsCpuMs(client: pg.Client): Promise<number | null> {
  const { rows: pids } = await client.query<{ pid: number }>(
    "select pid from pg_stat_activity where datname = current_database()",
  );
  let ticks = 0;
  try {
    for (const { pid } of pids) {
      // Fields 14 and 15 (utime, stime) after the parenthesised command name, in 1/100 s ticks.
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    }
  } catch {
    return null;
  }
  return ticks * 10;
}
