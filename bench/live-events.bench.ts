// Live events on PostgreSQL: from the commit of a timeline event to its delivery to a hub subscriber
// listening on another connection (the path a `relance worker` change takes to the server's SSE
// streams). Needs DATABASE_URL (a fresh database is created and dropped). BENCH_EVENTS (default 300).
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { createCase } from "../src/cases/create-case";
import { createCaseSchema } from "../src/cases/create-case.schema";
import { createCreditor } from "../src/cases/creditors";
import { createMandateVersion } from "../src/cases/mandates";
import { appendEvent, SYSTEM } from "../src/cases/timeline";
import { openDatabase } from "../src/platform/db/client";
import { migrateDatabase } from "../src/platform/db/migrate";
import { createLiveEvents } from "../src/platform/live-events";
import { createLogger } from "../src/platform/logger";
import { caseBody, MANDATE } from "../test/helpers/app";

const N = Number(process.env.BENCH_EVENTS ?? 300);
const url = process.env.DATABASE_URL;
if (!url) {
  console.log(
    "live-events.bench: set DATABASE_URL to a PostgreSQL server (LISTEN/NOTIFY across connections)",
  );
  process.exit(0);
}
const name = `relance_bench_${randomBytes(4).toString("hex")}`;
const admin = new pg.Client({ connectionString: url });
await admin.connect();
await admin.query(`CREATE DATABASE ${name}`);
const target = new URL(url);
target.pathname = `/${name}`;
try {
  const writer = await openDatabase({ databaseUrl: target.toString(), dataDir: "/tmp" });
  const reader = await openDatabase({ databaseUrl: target.toString(), dataDir: "/tmp" });
  await migrateDatabase(writer);
  const now = new Date();
  const address = { line1: "1 rue de la Paix", postalCode: "69002", city: "Lyon", country: "FR" };
  const creditor = await createCreditor(
    writer.db,
    { ref: "BENCH", legalName: "Bench SAS", siren: "732829320", address, contacts: [] },
    now,
  );
  await createMandateVersion(writer.db, creditor.id, MANDATE);
  const body = createCaseSchema.parse(caseBody("BENCH-1"));
  const { caseId } = await createCase(writer.db, creditor.id, body, SYSTEM, now);

  const hub = createLiveEvents(reader, createLogger({ level: "silent" }));
  const sentAt = new Map<string, number>();
  const samples: number[] = [];
  hub.subscribe((e) => {
    const t0 = e.type === "case.updated" ? sentAt.get(e.kind) : undefined;
    if (t0 !== undefined) samples.push(performance.now() - t0);
  });
  await hub.ready();
  for (let i = 0; i < N; i++) {
    const kind = `bench.${i}`;
    await writer.db.transaction(async (tx) => {
      await appendEvent(tx, { creditorId: creditor.id, caseId, type: kind, at: now, actor: SYSTEM });
      // Measured from just before the commit: the figure includes the commit itself.
      sentAt.set(kind, performance.now());
    });
    await new Promise((r) => setTimeout(r, 5));
  }
  await new Promise((r) => setTimeout(r, 500));
  samples.sort((a, b) => a - b);
  const q = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!.toFixed(1);
  console.log(`events delivered: ${samples.length} / ${N}`);
  console.log(`commit → subscriber (ms): p50 ${q(0.5)}  p95 ${q(0.95)}  p99 ${q(0.99)}  max ${q(1)}`);
  await hub.close();
  await reader.close();
  await writer.close();
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}
