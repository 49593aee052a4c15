import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agencySettingsSchema } from "../../src/cases/agency-settings";
import { sandboxMessages } from "../../src/channels/schema";
import { engineDeps } from "../../src/cli/engine";
import { seedDefaultScenarios } from "../../src/collection/scenario-store";
import { runEnginePass } from "../../src/collection/worker";
import { createTestApp, type TestApp } from "../helpers/app";
import { makeCase } from "../payments/fixtures";

// The engine as `relance start` wires it: the first reminder carries a portal link the debtor can open.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: "http://relance.test" });
  await seedDefaultScenarios(t.database.db);
  // Messages name the agency (R124-4): its settings come first.
  const example = (agencySettingsSchema.meta() as { examples: unknown[] }).examples[0];
  const saved = await t.request("PUT", "/api/agency/settings", {
    auth: await t.login("admin@test.example"),
    body: example,
  });
  expect(saved.statusCode, saved.body).toBe(200);
});
afterAll(async () => t?.close());

describe("portal links in messages", () => {
  it("puts a fresh, working portal link in the first message the engine sends", async () => {
    const { caseId } = await makeCase(t, "ML-1");
    // Monday 23 November 2026, 10:00 in Paris: inside every written channel's window.
    const at = new Date("2026-11-23T09:00:00.000Z");
    await runEnginePass(engineDeps(t.database.db, () => at, t.config));
    const sent = await t.database.db.select().from(sandboxMessages).where(eq(sandboxMessages.caseId, caseId));
    expect(sent.length).toBeGreaterThan(0);
    const text = JSON.stringify(sent[0]!.content);
    const token = text.match(/http:\/\/relance\.test\/p\/([A-Za-z0-9_-]{22})/)?.[1];
    expect(token, text.slice(0, 400)).toBeDefined();
    const opened = await t.request("GET", `/api/portal/${token}`);
    expect(opened.statusCode).toBe(200);
    const admin = await t.login("admin@test.example");
    const detail = await t.request("GET", `/api/agency/cases/${caseId}`, { auth: admin });
    const types = detail.json().timeline.map((e: { type: string }) => e.type);
    expect(types).toContain("portal.link_issued");
    expect(types).toContain("action.sent");
  });
});
