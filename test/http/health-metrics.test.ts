import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe("operations endpoints", () => {
  it("reports health with the database it checked", async () => {
    const res = await t.request("GET", "/health");
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe("ok");
    expect(["pglite", "postgres"]).toContain(res.json().database);
  });

  it("exposes Prometheus metrics by route pattern, never by raw URL", async () => {
    const admin = await t.login("admin@test.example");
    await t.request("GET", `/api/agency/cases/${t.creditors.a.id}`, { auth: admin });
    const res = await t.request("GET", "/metrics");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/plain");
    expect(res.body).toContain(
      'relance_http_request_duration_seconds_count{method="GET",route="/api/agency/cases/:caseId",status="404"}',
    );
    expect(res.body).not.toContain(t.creditors.a.id);
    expect(res.body).toContain("relance_process_cpu_user_seconds_total");
  });

  it("sets security headers on every answer", async () => {
    const res = await t.request("GET", "/health");
    expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
  });
});
