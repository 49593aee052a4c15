import { createHash, randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCase } from "../../src/cases/create-case";
import { createCaseSchema } from "../../src/cases/create-case.schema";
import { documentStore } from "../../src/cases/documents";
import { SYSTEM } from "../../src/cases/timeline";
import { applyPayment } from "../../src/payments/apply-payment";
import { remitCreditor } from "../../src/payments/remit-creditor";
import { queryRows } from "../../src/platform/db/rows";
import { caseBody, createTestApp, type Login, TEST_NOW, type TestApp } from "../helpers/app";
import { csvFile } from "../intake/fixtures/import-files";
import { importBytes } from "../intake/import-helpers";

// Tenant isolation: every documented route, called by each creditor-side principal of creditor A with
// creditor B's identifiers, answers 403 or 404 and leaves B's data exactly as it was.

let t: TestApp;
let paths: Record<
  string,
  Record<string, { requestBody?: { content: Record<string, { example?: unknown }> } }>
>;
let bIds: Record<string, string>;
/** Path parameters that are words, not ids (a persona's key and locale): valid values, so guards answer. */
const PATH_WORDS: Record<string, string> = { key: "courteous", locale: "fr" };
let aCaseId: string;

beforeAll(async () => {
  t = await createTestApp();
  paths = (await t.request("GET", "/api/openapi.json")).json().paths;
  const parse = (b: unknown) => createCaseSchema.parse(b);
  aCaseId = (await createCase(t.database.db, t.creditors.a.id, parse(caseBody("A-1")), SYSTEM, TEST_NOW))
    .caseId;
  const bCase = await createCase(t.database.db, t.creditors.b.id, parse(caseBody("B-1")), SYSTEM, TEST_NOW);
  const admin = await t.login("admin@test.example");
  const bUser = (
    await t.request("GET", `/api/agency/users?creditorId=${t.creditors.b.id}`, { auth: admin })
  ).json().items[0];
  const bKey = (
    await t.request("GET", `/api/agency/creditors/${t.creditors.b.id}/api-keys`, { auth: admin })
  ).json().items[0];
  const bPoint = (
    await t.request("GET", `/api/agency/cases/${bCase.caseId}/contact-points`, { auth: admin })
  ).json().items[0];
  const bDoc = await t.request("POST", `/api/agency/cases/${bCase.caseId}/documents`, {
    auth: admin,
    body: { kind: "other", filename: "b.txt", contentType: "text/plain", contentBase64: "Yg==" },
  });
  const bEndpoint = await t.request("POST", `/api/agency/creditors/${t.creditors.b.id}/webhook-endpoints`, {
    auth: admin,
    body: { url: "https://b.example/hooks" },
  });
  // B's thread holds an unread message: a read or a post from A would change the snapshot.
  await t.request("POST", `/api/agency/cases/${bCase.caseId}/messages`, {
    auth: admin,
    body: { body: "Message pour B" },
  });
  const bImport = await importBytes(t.database, t.creditors.b.id, "b.csv", csvFile());
  const bPayment = await applyPayment(
    { db: t.database.db, documents: documentStore(t.config.dataDir) },
    {
      caseId: bCase.caseId,
      provider: "manual",
      providerRef: "iso-b-1",
      amountCents: 10_000,
      currency: "EUR",
      encashedAt: TEST_NOW,
    },
    SYSTEM,
    TEST_NOW,
  );
  const bRemittance = await remitCreditor(t.database.db, t.creditors.b.id, TEST_NOW);
  bIds = {
    importId: bImport.importId,
    caseId: bCase.caseId,
    creditorId: t.creditors.b.id,
    userId: bUser.id,
    keyId: bKey.id,
    contactPointId: bPoint.id,
    documentId: bDoc.json().id,
    endpointId: bEndpoint.json().endpoint.id,
    // Bank lines and remittance runs belong to the agency's trust account, not to a creditor: any id will do.
    transactionId: randomUUID(),
    // Agents' calendars are the agency's own: unknown ids are enough to check the doors are shut.
    absenceId: randomUUID(),
    appointmentId: randomUUID(),
    disputeId: randomUUID(),
    paymentId: bPayment.paymentId,
    remittanceId: bRemittance!.remittanceId,
    runId: randomUUID(),
  };
});
afterAll(async () => t?.close());

async function snapshotOfB(): Promise<string> {
  const b = t.creditors.b.id;
  const parts = await Promise.all(
    [
      "cases",
      "claims",
      "debtors",
      "contact_points",
      "timeline_events",
      "mandates",
      "api_keys",
      "users",
      "documents",
      "imports",
      "webhook_endpoints",
      "payments",
      "remittances",
      "case_messages",
    ].map((table) =>
      queryRows(
        t.database.db,
        sql`select * from ${sql.identifier(table)} where creditor_id = ${b} order by id`,
      ),
    ),
  );
  const [creditor] = await queryRows(t.database.db, sql`select * from creditors where id = ${b}`);
  return createHash("sha256")
    .update(JSON.stringify([parts, creditor]))
    .digest("hex");
}

describe("tenant isolation", () => {
  it("keeps creditor B's data out of reach of every creditor-A principal on every route", async () => {
    const principals: [string, Login | { key: string }][] = [
      ["creditor_admin", await t.login("ca@a.example")],
      ["creditor_viewer", await t.login("cv@a.example")],
      ["api_key", { key: t.creditors.a.key }],
    ];
    const before = await snapshotOfB();
    const leaks: string[] = [];
    let checked = 0;
    for (const [path, methods] of Object.entries(paths)) {
      if (path.startsWith("/api/auth/")) continue;
      for (const [method, op] of Object.entries(methods)) {
        const hasIds = /\{\w+\}/.test(path);
        const url = path.replace(/\{(\w+)\}/g, (_, name: string) => bIds[name] ?? PATH_WORDS[name] ?? name);
        const body = op.requestBody?.content["application/json"]?.example;
        for (const [role, auth] of principals) {
          const res = await t.request(method.toUpperCase(), url, { auth, body });
          checked++;
          const label = `${role} ${method.toUpperCase()} ${url}`;
          if (hasIds && ![403, 404].includes(res.statusCode)) leaks.push(`${label} → ${res.statusCode}`);
          if (!hasIds && res.statusCode < 300) {
            const text = res.body;
            for (const id of Object.values(bIds))
              if (text.includes(id)) leaks.push(`${label} returned B's ${id}`);
          }
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(checked).toBeGreaterThan(40);
    expect(await snapshotOfB()).toBe(before);
  });

  it("ignores a creditorId filter that names another creditor", async () => {
    const res = await t.request("GET", `/api/v1/cases?creditorId=${t.creditors.b.id}`, {
      auth: { key: t.creditors.a.key },
    });
    expect(res.statusCode).toBe(200);
    const ids = res.json().items.map((c: { id: string }) => c.id);
    expect(ids).toContain(aCaseId);
    expect(ids).not.toContain(bIds.caseId);
  });

  it("keeps agency-only routes closed to every creditor principal and agency set-up closed to agents", async () => {
    const agent = await t.login("agent@test.example");
    const forbiddenForAgent = [
      ["POST", "/api/agency/users"],
      ["POST", "/api/agency/creditors"],
      ["POST", `/api/agency/creditors/${t.creditors.a.id}/mandates`],
      ["POST", `/api/agency/creditors/${t.creditors.a.id}/api-keys`],
    ] as const;
    for (const [method, url] of forbiddenForAgent) {
      const body =
        paths[url.replace(t.creditors.a.id, "{creditorId}")]?.[method.toLowerCase()]?.requestBody?.content[
          "application/json"
        ]?.example;
      const res = await t.request(method, url, { auth: agent, body });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
    const viewer = await t.login("cv@a.example");
    expect(
      (await t.request("POST", "/api/v1/cases", { auth: viewer, body: caseBody("V-1") })).statusCode,
    ).toBe(403);
    expect(
      (await t.request("GET", "/api/agency/cases", { auth: { key: t.creditors.a.key } })).statusCode,
    ).toBe(403);
    expect((await t.request("GET", "/api/agency/cases")).statusCode).toBe(401);
  });
});
