// One scheduler process for bench/scheduler.bench.ts: loops until no case is due, prints its count.
// Arguments: database URL, the pass's instant, batch size, and scheduler lanes (the engine's default, 2).
import { scheduleDueBatches } from "../../src/collection/worker";
import { openDatabase } from "../../src/platform/db/client";

const [url, nowIso, batch, lanesArg] = process.argv.slice(2);
const lanes = Number(lanesArg ?? 2);
const database = await openDatabase({ databaseUrl: url!, dataDir: "/tmp", poolSize: lanes });
const now = new Date(nowIso!);
let planned = 0;
for (;;) {
  const r = await scheduleDueBatches(database.db, () => ({ allowed: true }), now, Number(batch), lanes);
  planned += r.planned;
  if (r.drained) break;
}
await database.close();
process.stdout.write(JSON.stringify({ planned }));
