import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCase } from "../../src/cases/create-case";
import { createCaseSchema } from "../../src/cases/create-case.schema";
import { SYSTEM } from "../../src/cases/timeline";
import { caseBody, createTestApp, type Login, TEST_NOW, type TestApp } from "../helpers/app";

let t: TestApp;
let doc: OpenApiDoc;
beforeAll(async () => {
  t = await createTestApp();
  doc = (await t.request("GET", "/api/openapi.json")).json();
});
afterAll(async () => t?.close());

interface Operation {
  tags?: string[];
  parameters?: { in: string; name: string }[];
  requestBody?: { content: Record<string, { example?: unknown; schema: { examples?: unknown[] } }> };
}
type OpenApiDoc = { openapi: string; paths: Record<string, Record<string, Operation>> };

function operations(d: OpenApiDoc): { method: string; path: string; op: Operation }[] {
  return Object.entries(d.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  );
}

describe("OpenAPI document", () => {
  it("is OpenAPI 3.1 and documents the creditor and agency APIs", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/v1/cases", "/api/v1/cases/{caseId}", "/api/agency/cases"]),
    );
  });

  it("gives every operation with a body a request example", () => {
    const missing = operations(doc)
      .filter(({ op }) => op.requestBody)
      .filter(({ op }) => requestExample(op) === undefined)
      .map(({ method, path }) => `${method} ${path}`);
    expect(missing).toEqual([]);
  });

  it("serves the interactive documentation", async () => {
    const res = await t.request("GET", "/api/docs/");
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("swagger");
  });

  /** Operations on records this test cannot make from the API alone; their own tests cover them. */
  const NEEDS_RECORDS = new Set([
    // An unmatched line exists only after a bank statement was imported: test/payments/bank-import.test.ts.
    "/api/agency/bank-transactions/{transactionId}/assign",
    // An appointment exists once booked, a dispute once raised: test/scheduling/booking.test.ts and
    // test/portal/creditor-disputes.test.ts answer them.
    "/api/agency/appointments/{appointmentId}/outcome",
    "/api/v1/disputes/{disputeId}/answer",
    // A remittance and its run exist once a run was committed: test/payments/remittance-status.test.ts.
    "/api/agency/remittances/{remittanceId}/status",
    "/api/agency/remittance-runs/{runId}/status",
    // Taking transfers needs the user's own valid phone: test/voice/voice-calls-e2e.test.ts.
    "/api/agency/me/transfer-presence",
  ]);

  it("accepts every request example as-is", async () => {
    const admin = await t.login("admin@test.example");
    const creditorAdmin = await t.login("ca@a.example");
    const newCase = async (ref: string) =>
      (
        await createCase(
          t.database.db,
          t.creditors.a.id,
          createCaseSchema.parse(caseBody(ref)),
          SYSTEM,
          TEST_NOW,
        )
      ).caseId;
    const staff = (await t.request("GET", "/api/agency/users", { auth: admin })).json().items as {
      id: string;
      role: string;
    }[];
    const agent = staff.find((u) => u.role === "agent")!;
    // The users example disables the agent it is given; calendars are set on the admin's own.
    const adminId = staff.find((u) => u.role === "admin")!.id;
    const keys = await t.request("GET", `/api/agency/creditors/${t.creditors.a.id}/api-keys`, {
      auth: admin,
    });
    // Each API family works on its own case, so examples that add data do not collide.
    const idsFor = async (ref: string) => {
      const caseId = await newCase(ref);
      const points = await t.request("GET", `/api/agency/cases/${caseId}/contact-points`, { auth: admin });
      const doc = await t.request("POST", `/api/agency/cases/${caseId}/documents`, {
        auth: admin,
        body: { kind: "other", filename: "a.txt", contentType: "text/plain", contentBase64: "YQ==" },
      });
      const endpoint = ref.endsWith("V1")
        ? await t.request("POST", "/api/v1/webhook-endpoints", {
            auth: creditorAdmin,
            body: { url: "https://hooks.example/relance" },
          })
        : await t.request("POST", `/api/agency/creditors/${t.creditors.a.id}/webhook-endpoints`, {
            auth: admin,
            body: { url: "https://hooks.example/relance" },
          });
      return {
        caseId,
        endpointId: endpoint.json().endpoint.id,
        creditorId: t.creditors.a.id,
        userId: agent.id,
        keyId: keys.json().items[0].id,
        contactPointId: points.json().items[0].id,
        documentId: doc.json().id,
        key: "courteous",
        locale: "fr",
      } as Record<string, string>;
    };
    const idsByFamily: Record<string, Record<string, string>> = {
      v1: await idsFor("EX-V1"),
      agency: await idsFor("EX-AGENCY"),
    };
    const failures: string[] = [];
    let tried = 0;
    for (const { method, path, op } of operations(doc)) {
      const example = requestExample(op);
      if (example === undefined || NEEDS_RECORDS.has(path)) continue;
      tried++;
      const ids = idsByFamily[path.startsWith("/api/v1/") ? "v1" : "agency"]!;
      const url = path.replace(
        /\{(\w+)\}/g,
        (_, name: string) =>
          (name === "userId" && path.startsWith("/api/agency/calendars") ? adminId : ids[name]) ?? name,
      );
      const auth: Login | null = path.startsWith("/api/v1/")
        ? creditorAdmin
        : path.startsWith("/api/auth/")
          ? null
          : admin;
      const body =
        path === "/api/auth/login"
          ? { email: "admin@test.example", password: t.passwords["admin@test.example"] }
          : example;
      const res = await t.request(method, url, { auth, body });
      if (res.statusCode >= 300) failures.push(`${method} ${path}: ${res.statusCode} ${res.body}`);
    }
    expect(failures).toEqual([]);
    expect(tried).toBeGreaterThanOrEqual(10);
  });
});

function requestExample(op: Operation): unknown {
  const media = op.requestBody?.content["application/json"];
  return media?.example ?? media?.schema.examples?.[0];
}
