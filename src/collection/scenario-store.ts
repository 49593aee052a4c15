import { createHash, randomUUID } from "node:crypto";
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db, Executor } from "../platform/db/client";
import { notFound } from "../platform/errors";
import { DEFAULT_SCENARIOS } from "./default-scenarios";
import { type Scenario, scenarioSchema } from "./scenario";
import { scenarios } from "./schema";

export interface StoredScenario {
  id: string;
  key: string;
  version: number;
  definition: Scenario;
}

function hash(s: Scenario): string {
  return createHash("sha256").update(JSON.stringify(s)).digest("hex");
}

/** Saves a scenario as a new version unless the latest version is identical. */
export async function saveScenario(db: Db, input: Scenario): Promise<StoredScenario> {
  const definition = scenarioSchema.parse(input);
  const contentHash = hash(definition);
  return db.transaction(async (tx) => {
    const [latest] = await tx
      .select()
      .from(scenarios)
      .where(eq(scenarios.key, definition.key))
      .orderBy(desc(scenarios.version))
      .limit(1)
      .for("update");
    if (latest?.contentHash === contentHash) return latest;
    const [row] = await tx
      .insert(scenarios)
      .values({
        id: randomUUID(),
        key: definition.key,
        version: (latest?.version ?? 0) + 1,
        definition,
        contentHash,
      })
      .onConflictDoNothing()
      .returning();
    // A concurrent start saved the same version first: read it back.
    if (!row) return (await latestScenarios(tx, [definition.key]))[0]!;
    return row;
  });
}

export async function seedDefaultScenarios(db: Db): Promise<StoredScenario[]> {
  const out: StoredScenario[] = [];
  for (const s of DEFAULT_SCENARIOS) out.push(await saveScenario(db, s));
  return out;
}

export async function latestScenarios(db: Executor, keys: string[]): Promise<StoredScenario[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .select()
    .from(scenarios)
    .where(inArray(scenarios.key, keys))
    .orderBy(desc(scenarios.version));
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.key) && seen.add(r.key));
}

export async function getScenario(db: Executor, id: string): Promise<StoredScenario> {
  const [row] = await db.select().from(scenarios).where(eq(scenarios.id, id));
  if (!row) throw notFound("Scenario");
  return row;
}

export async function getScenarioVersion(
  db: Executor,
  key: string,
  version: number,
): Promise<StoredScenario> {
  const [row] = await db
    .select()
    .from(scenarios)
    .where(and(eq(scenarios.key, key), eq(scenarios.version, version)));
  if (!row) throw notFound("Scenario");
  return row;
}
