import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCase } from "../../src/cases/create-case";
import { createCaseSchema } from "../../src/cases/create-case.schema";
import { SYSTEM } from "../../src/cases/timeline";
import { engineDeps } from "../../src/cli/engine";
import { DEFAULT_SCENARIOS } from "../../src/collection/default-scenarios";
import { seedDefaultScenarios } from "../../src/collection/scenario-store";
import { runEnginePass } from "../../src/collection/worker";
import { caseBody, createTestApp, type Login, type TestApp } from "../helpers/app";

// The agency and creditor endpoints the back office and the creditor portal are built on.

let t: TestApp;
let admin: Login;
let agent: Login;
let caseA: string;
const T0 = new Date("2026-11-23T13:00:00.000Z");

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(T0);
  await seedDefaultScenarios(t.database.db);
  caseA = (
    await createCase(t.database.db, t.creditors.a.id, createCaseSchema.parse(caseBody("API-A")), SYSTEM, T0)
  ).caseId;
  await createCase(t.database.db, t.creditors.b.id, createCaseSchema.parse(caseBody("API-B")), SYSTEM, T0);
  admin = await t.login("admin@test.example");
  agent = await t.login("agent@test.example");
  // Messages name the agency (R124-4): its settings come before any sending.
  await t.request("PUT", "/api/agency/settings", {
    auth: admin,
    body: {
      name: "Agence Test",
      address: { line1: "1 place Bellecour", postalCode: "69002", city: "Lyon", country: "FR" },
    },
  });
  // The engine plans and "sends" the first notices through the sandbox providers.
  for (let i = 0; i < 3; i++) await runEnginePass(engineDeps(t.database.db, () => T0, t.config));
});
afterAll(async () => t?.close());

const timeline = async (caseId: string, auth: Login | { key: string } = admin, base = "/api/agency") =>
  (await t.request("GET", `${base}/cases/${caseId}`, { auth })).json().timeline as {
    type: string;
    data: Record<string, unknown>;
    actor: { type: string };
  }[];

describe("case actions", () => {
  it("records a note, internal unless shared with the creditor", async () => {
    const internal = await t.request("POST", `/api/agency/cases/${caseA}/notes`, {
      auth: agent,
      body: { text: "Débiteur joint, rappeler lundi" },
    });
    expect(internal.statusCode).toBe(201);
    await t.request("POST", `/api/agency/cases/${caseA}/notes`, {
      auth: agent,
      body: { text: "Le débiteur conteste une facture", visibleToCreditor: true },
    });
    const notes = (await timeline(caseA)).filter((e) => e.type === "case.note");
    expect(notes.map((n) => n.data.note)).toEqual([
      "Débiteur joint, rappeler lundi",
      "Le débiteur conteste une facture",
    ]);
    expect(notes[0]!.actor.type).toBe("user");
    const seenByCreditor = (await timeline(caseA, { key: t.creditors.a.key }, "/api/v1")).filter(
      (e) => e.type === "case.note",
    );
    expect(seenByCreditor.map((n) => n.data.note)).toEqual(["Le débiteur conteste une facture"]);
  });

  it("logs a human call with its outcome and refuses an unknown outcome", async () => {
    const res = await t.request("POST", `/api/agency/cases/${caseA}/calls`, {
      auth: agent,
      body: { outcome: "callback_requested", durationSeconds: 95, note: "Rappeler à 17 h" },
    });
    expect(res.statusCode).toBe(201);
    const call = (await timeline(caseA)).find((e) => e.type === "call.logged");
    expect(call?.data).toMatchObject({
      outcome: "callback_requested",
      durationSeconds: 95,
      direction: "outbound",
    });
    const bad = await t.request("POST", `/api/agency/cases/${caseA}/calls`, {
      auth: agent,
      body: { outcome: "happy" },
    });
    expect(bad.statusCode).toBe(400);
    const missing = await t.request("POST", `/api/agency/cases/00000000-0000-4000-8000-000000000000/calls`, {
      auth: agent,
      body: { outcome: "reached" },
    });
    expect(missing.statusCode).toBe(404);
  });
});

describe("sandbox inbox", () => {
  it("lists what the sandbox providers received and finds the message of a sent action", async () => {
    const res = await t.request("GET", "/api/agency/sandbox/messages?limit=50", { auth: agent });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as {
      id: string;
      channel: string;
      caseId: string;
      caseReference: string;
    }[];
    expect(items.length).toBeGreaterThanOrEqual(2);
    expect(new Set(items.map((i) => i.channel))).toContain("email");
    const sent = (await timeline(caseA)).find((e) => e.type === "action.sent" && e.data.channel === "email");
    expect(sent).toBeDefined();
    const byAction = await t.request("GET", `/api/agency/sandbox/messages?outboxId=${sent!.data.outboxId}`, {
      auth: agent,
    });
    const [message] = byAction.json().items;
    expect(message).toMatchObject({ caseId: caseA, channel: "email" });
    const one = await t.request("GET", `/api/agency/sandbox/messages/${message.id}`, { auth: agent });
    expect(one.json().caseReference).toMatch(/\S/);
    const page1 = (await t.request("GET", "/api/agency/sandbox/messages?limit=1", { auth: agent })).json();
    const page2 = (
      await t.request("GET", `/api/agency/sandbox/messages?limit=1&cursor=${page1.nextCursor}`, {
        auth: agent,
      })
    ).json();
    expect(page2.items[0].id).not.toBe(page1.items[0].id);
    expect(
      (await t.request("GET", "/api/agency/sandbox/messages", { auth: { key: t.creditors.a.key } }))
        .statusCode,
    ).toBe(403);
  });
});

describe("agency set-up", () => {
  it("saves contact windows and caps, refuses an inverted window, and admins only", async () => {
    const body = {
      channels: { call: { windows: [{ from: "10:00", to: "12:00" }], maxPer7Days: 1 } },
      total: { maxPer7Days: 3 },
    };
    const saved = await t.request("PUT", "/api/agency/settings/contact-rules", { auth: admin, body });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().effective.channels.call.windows).toEqual([{ from: "10:00", to: "12:00" }]);
    expect(saved.json().effective.channels.sms.maxPer7Days).toBe(2);
    expect(saved.json().effective.total.maxPer7Days).toBe(3);
    const read = await t.request("GET", "/api/agency/settings/contact-rules", { auth: agent });
    expect(read.json().overrides.channels.call.maxPer7Days).toBe(1);
    const inverted = await t.request("PUT", "/api/agency/settings/contact-rules", {
      auth: admin,
      body: { channels: { sms: { windows: [{ from: "20:00", to: "08:00" }] } } },
    });
    expect(inverted.statusCode).toBe(400);
    expect(inverted.json().error.details.issues[0].field).toBe("channels.sms.windows");
    expect(
      (await t.request("PUT", "/api/agency/settings/contact-rules", { auth: agent, body })).statusCode,
    ).toBe(403);
  });

  it("saves an edited scenario as a new version and refuses an invalid one", async () => {
    const list = (await t.request("GET", "/api/agency/scenarios", { auth: agent })).json().items;
    const b2c = list.find((s: { key: string }) => s.key === DEFAULT_SCENARIOS[0]!.key);
    expect(b2c.version).toBe(1);
    const edited = { ...b2c.definition, name: `${b2c.definition.name} (v2)` };
    const res = await t.request("POST", "/api/agency/scenarios", { auth: admin, body: edited });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().version).toBe(2);
    const same = await t.request("POST", "/api/agency/scenarios", { auth: admin, body: edited });
    expect(same.statusCode).toBe(200);
    expect(same.json().version).toBe(2);
    const versions = (
      await t.request("GET", `/api/agency/scenarios/${b2c.key}/versions`, { auth: agent })
    ).json().items;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const steps = edited.steps as { id: string }[];
    const invalid = { ...edited, steps: [...steps, { ...steps[0]! }] };
    const refused = await t.request("POST", "/api/agency/scenarios", { auth: admin, body: invalid });
    expect(refused.statusCode).toBe(400);
    expect(JSON.stringify(refused.json().error.details)).toContain("used twice");
    expect((await t.request("POST", "/api/agency/scenarios", { auth: agent, body: edited })).statusCode).toBe(
      403,
    );
  });
});

describe("creditor portal endpoints", () => {
  it("sums the creditor's own portfolio on the dashboard", async () => {
    const res = await t.request("GET", "/api/v1/dashboard", { auth: { key: t.creditors.a.key } });
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    const cases = d.inProgress.count + d.onHold.count + d.awaitingCreditor.count + d.closed.count;
    expect(cases).toBe(1);
    // caseBody: 1 250,50 € principal, business debtor: + 40 € indemnity.
    expect(d.placed.amount).toBe(125_050 + 4_000);
    expect(d.byAgeBand.reduce((s: number, b: { cases: number }) => s + b.cases, 0)).toBe(1);
    expect(d.byAmountBand.find((b: { band: string }) => b.band === "500-2000").cases).toBe(1);
    expect(d.recent.length).toBeGreaterThan(0);
    expect(d.recent.every((e: { caseId: string }) => e.caseId === caseA)).toBe(true);
  });

  it("exports the creditor's cases as CSV and XLSX, streamed", async () => {
    const csv = await t.request("GET", "/api/v1/cases/export?format=csv", {
      auth: { key: t.creditors.a.key },
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toContain("text/csv");
    const lines = csv.body
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toMatch(/^reference;external_ref;/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("API-A");
    expect(lines[1]).toContain("1290.50");
    expect(csv.body).not.toContain("API-B");
    const xlsx = await t.request("GET", "/api/v1/cases/export?format=xlsx", {
      auth: { key: t.creditors.a.key },
    });
    expect(xlsx.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("cases")!;
    expect(sheet.getRow(2).getCell(2).value).toBe("API-A");
    expect(sheet.getRow(2).getCell(11).value).toBe(1290.5);
    expect(sheet.rowCount).toBe(2);
  });

  it("shows a PDF inline for the viewer but never another type", async () => {
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF").toString("base64");
    const doc = await t.request("POST", `/api/agency/cases/${caseA}/documents`, {
      auth: agent,
      body: { kind: "invoice", filename: "f.pdf", contentType: "application/pdf", contentBase64: pdf },
    });
    const url = `/api/agency/cases/${caseA}/documents/${doc.json().id}/content?inline=true`;
    const res = await t.request("GET", url, { auth: agent });
    expect(res.headers["content-disposition"]).toMatch(/^inline/);
    expect(res.headers["x-frame-options"]).toBe("SAMEORIGIN");
    const text = await t.request("POST", `/api/agency/cases/${caseA}/documents`, {
      auth: agent,
      body: { kind: "other", filename: "x.txt", contentType: "text/plain", contentBase64: "PGI+aGk8L2I+" },
    });
    const res2 = await t.request(
      "GET",
      `/api/agency/cases/${caseA}/documents/${text.json().id}/content?inline=true`,
      {
        auth: agent,
      },
    );
    expect(res2.headers["content-disposition"]).toMatch(/^attachment/);
  });
});
