// One scheduler process for bench/scheduler.bench.ts: loops until no case is due, prints its count.
import { scheduleDueCases } from "../../src/collection/schedule-due-cases";
import { openDatabase } from "../../src/platform/db/client";

const [url, nowIso, batch] = process.argv.slice(2);
const database = await openDatabase({ databaseUrl: url!, dataDir: "/tmp", poolSize: 2 });
const now = new Date(nowIso!);
let planned = 0;
for (;;) {
  const r = await scheduleDueCases(database.db, () => ({ allowed: true }), now, Number(batch));
  planned += r.planned;
  if (r.claimed === 0) break;
}
await database.close();
process.stdout.write(JSON.stringify({ planned }));
