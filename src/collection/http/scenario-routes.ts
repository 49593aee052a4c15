import { asc, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { notFound } from "../../platform/errors";
import { requireAgency } from "../../platform/http/guards";
import type { App, AppDeps } from "../../platform/http/types";
import { DEFAULT_SCENARIOS } from "../default-scenarios";
import { scenarioSchema } from "../scenario";
import { saveScenario } from "../scenario-store";
import { scenarios } from "../schema";

const tags = ["Agency"];

const storedSchema = z.object({
  id: z.uuid(),
  key: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  definition: z.record(z.string(), z.unknown()),
});

const scenarioKeyParams = z.object({ key: z.string().regex(/^[a-z0-9-]{3,60}$/) });

function toView(r: typeof scenarios.$inferSelect) {
  return {
    id: r.id,
    key: r.key,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    definition: r.definition as unknown as Record<string, unknown>,
  };
}

/** Scenario set-up: every version is kept; saving a change writes the next version. */
export function registerScenarioRoutes(app: App, deps: AppDeps): void {
  const { db } = deps.database;

  app.get(
    "/api/agency/scenarios",
    {
      schema: {
        tags,
        summary: "The latest version of each scenario",
        response: { 200: z.object({ items: z.array(storedSchema.extend({ versions: z.number().int() })) }) },
      },
    },
    async (req) => {
      requireAgency(req);
      const rows = await db.select().from(scenarios).orderBy(asc(scenarios.key), asc(scenarios.version));
      const latest = new Map<string, { row: typeof scenarios.$inferSelect; versions: number }>();
      for (const row of rows)
        latest.set(row.key, { row, versions: (latest.get(row.key)?.versions ?? 0) + 1 });
      return { items: [...latest.values()].map(({ row, versions }) => ({ ...toView(row), versions })) };
    },
  );

  app.get(
    "/api/agency/scenarios/:key/versions",
    {
      schema: {
        tags,
        summary: "Every version of one scenario, newest first",
        params: scenarioKeyParams,
        response: { 200: z.object({ items: z.array(storedSchema) }) },
      },
    },
    async (req) => {
      requireAgency(req);
      const rows = await db
        .select()
        .from(scenarios)
        .where(eq(scenarios.key, req.params.key))
        .orderBy(desc(scenarios.version));
      if (rows.length === 0) throw notFound("Scenario");
      return { items: rows.map(toView) };
    },
  );

  app.post(
    "/api/agency/scenarios",
    {
      schema: {
        tags,
        summary: "Save a scenario: validated, then stored as a new version (unchanged: the same version)",
        body: scenarioSchema.meta({ examples: [DEFAULT_SCENARIOS[0]] }),
        response: { 201: storedSchema, 200: storedSchema },
      },
    },
    async (req, reply) => {
      requireAgency(req, ["admin", "manager"]);
      const [latest] = await db
        .select({ id: scenarios.id })
        .from(scenarios)
        .where(eq(scenarios.key, req.body.key))
        .orderBy(desc(scenarios.version))
        .limit(1);
      const saved = await saveScenario(db, req.body);
      const [row] = await db.select().from(scenarios).where(eq(scenarios.id, saved.id));
      return reply.status(latest?.id === saved.id ? 200 : 201).send(toView(row!));
    },
  );
}
