import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type Login, type TestApp } from "../helpers/app";

// Every endpoint answers bad input with 400 and names the field: path ids, bodies and query filters.

let t: TestApp;
let paths: Record<
  string,
  Record<string, { requestBody?: unknown; parameters?: { in: string; name: string }[] }>
>;
let admin: Login;
let creditorAdmin: Login;

beforeAll(async () => {
  t = await createTestApp();
  paths = (await t.request("GET", "/api/openapi.json")).json().paths;
  admin = await t.login("admin@test.example");
  creditorAdmin = await t.login("ca@a.example");
});
afterAll(async () => t?.close());

const authFor = (path: string) =>
  path.startsWith("/api/v1/") ? creditorAdmin : path.startsWith("/api/auth/") ? null : admin;

describe("input validation", () => {
  it("names the path parameter that is not an id", async () => {
    const problems: string[] = [];
    for (const [path, methods] of Object.entries(paths)) {
      const params = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      if (params.length === 0) continue;
      for (const method of Object.keys(methods)) {
        const url = path.replace(/\{(\w+)\}/g, "Not_An_Id");
        const res = await t.request(method.toUpperCase(), url, { auth: authFor(path), body: {} });
        const fields =
          res.statusCode === 400
            ? res.json().error.details.issues.map((i: { field: string }) => i.field)
            : [];
        if (!params.some((p) => fields.includes(`params.${p}`)))
          problems.push(`${method} ${path}: ${res.statusCode} ${fields}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("names the body fields that are missing or wrong", async () => {
    const problems: string[] = [];
    let checked = 0;
    for (const [path, methods] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(methods)) {
        if (!op.requestBody || /\{\w+\}/.test(path)) continue;
        checked++;
        const res = await t.request(method.toUpperCase(), path, {
          auth: authFor(path),
          body: { unexpected: 1 },
        });
        const issues = res.statusCode === 400 ? res.json().error.details.issues : [];
        if (!issues.length || !issues.every((i: { field: string }) => i.field.startsWith("body."))) {
          problems.push(`${method} ${path}: ${res.statusCode} ${res.body}`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(5);
  });

  it("names the query filter with a bad value", async () => {
    for (const url of [
      "/api/v1/cases?phase=bogus",
      "/api/agency/cases?limit=5000",
      "/api/agency/cases?status=nope",
    ]) {
      const res = await t.request("GET", url, { auth: authFor(url) });
      expect(res.statusCode, url).toBe(400);
      const field = res.json().error.details.issues[0].field;
      expect(field).toMatch(/^querystring\.(phase|limit|status)$/);
    }
  });

  it("names nested fields in a case body and keeps the message readable", async () => {
    const res = await t.request("POST", "/api/v1/cases", {
      auth: creditorAdmin,
      body: {
        externalRef: "V-1",
        debtor: { kind: "person", lastName: "Martin" },
        claims: [
          {
            number: "1",
            issueDate: "2026-02-30",
            dueDate: "2026-01-01",
            principal: { amount: -5, currency: "eur" },
          },
        ],
      },
    });
    expect(res.statusCode).toBe(400);
    const fields = res.json().error.details.issues.map((i: { field: string }) => i.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        "body.claims.0.issueDate",
        "body.claims.0.principal.amount",
        "body.claims.0.principal.currency",
      ]),
    );
    expect(res.json().error.message).toMatch(/^Invalid input \(body\./);
  });

  it("answers unknown API routes with a JSON 404 and malformed JSON with a 400", async () => {
    const missing = await t.request("GET", "/api/v1/nothing-here", { auth: creditorAdmin });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe("not_found");
    const malformed = await t.request("POST", "/api/v1/cases", {
      auth: creditorAdmin,
      body: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe("bad_request");
  });
});
