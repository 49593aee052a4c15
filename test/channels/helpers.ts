import { eq, sql } from "drizzle-orm";
import { saveAgencySettings } from "../../src/cases/agency-settings";
import { createCase } from "../../src/cases/create-case";
import { createCaseSchema } from "../../src/cases/create-case.schema";
import { creditors } from "../../src/cases/schema";
import { SYSTEM } from "../../src/cases/timeline";
import type { ChannelRegistry } from "../../src/collection/channel";
import { seedDefaultScenarios } from "../../src/collection/scenario-store";
import { runEnginePass } from "../../src/collection/worker";
import { queryRows } from "../../src/platform/db/rows";
import { caseBody, type TestApp } from "../helpers/app";

/** What every channel test needs on top of the test app: the agency's identity, addresses, scenarios. */
export async function prepareAgency(t: TestApp): Promise<void> {
  const db = t.database.db;
  await saveAgencySettings(
    db,
    {
      name: "Relance Recouvrement",
      siren: "812345674",
      address: { line1: "18 rue de la Bourse", postalCode: "69002", city: "Lyon", country: "FR" },
      phone: "+33478000000",
      email: "contact@relance.example",
      insurer: "MPJ",
      insurancePolicy: "RCP-1",
      insuranceValidUntil: "2030-12-31",
      trustIban: "FR7630004000031234567890143",
      prosecutorDeclarationDate: "2025-09-01",
      prosecutorCourt: "Tribunal judiciaire de Lyon",
    },
    t.clock.now(),
  );
  for (const id of [t.creditors.a.id, t.creditors.b.id]) {
    await db
      .update(creditors)
      .set({ address: { line1: "4 quai Perrache", postalCode: "69002", city: "Lyon", country: "FR" } })
      .where(eq(creditors.id, id));
  }
  await seedDefaultScenarios(db);
}

export async function newCase(
  t: TestApp,
  ref: string,
  debtor: Record<string, unknown> = {},
): Promise<string> {
  const base = caseBody(ref);
  const body = { ...base, debtor: { ...base.debtor, ...debtor } };
  return (
    await createCase(t.database.db, t.creditors.a.id, createCaseSchema.parse(body), SYSTEM, t.clock.now())
  ).caseId;
}

/** One scheduler + dispatcher pass with the given channels, the law gate always open. */
export async function pass(t: TestApp, channels: ChannelRegistry) {
  return runEnginePass({
    db: t.database.db,
    gate: () => ({ allowed: true }),
    channels,
    now: () => t.clock.now(),
  });
}

export async function outboxOf(t: TestApp, caseId: string) {
  return queryRows<{
    step_id: string;
    channel: string;
    state: string;
    outcome: string | null;
    last_error: string | null;
    idempotency_key: string;
  }>(
    t.database.db,
    sql`select step_id, channel, state, outcome, last_error, idempotency_key from outbox where case_id = ${caseId} order by created_at, step_id`,
  );
}

export async function eventsOf(
  t: TestApp,
  caseId: string,
): Promise<{ type: string; data: Record<string, unknown> }[]> {
  return queryRows(
    t.database.db,
    sql`select type, data from timeline_events where case_id = ${caseId} order by seq`,
  );
}
