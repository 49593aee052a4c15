import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../src/cli/demo-data";
import { createTestApp, type TestApp } from "../helpers/app";
import { makeCase } from "../payments/fixtures";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: "http://relance.test" });
});
afterAll(async () => t?.close());

describe("POST /api/agency/cases/:caseId/portal-link", () => {
  it("gives an agent a working link to the case's portal, recorded on the timeline", async () => {
    const { caseId } = await makeCase(t, "PL-1");
    const agent = await t.login("agent@test.example");
    const res = await t.request("POST", `/api/agency/cases/${caseId}/portal-link`, { auth: agent });
    expect(res.statusCode, res.body).toBe(201);
    const { url, linkId, expiresAt } = res.json();
    expect(url).toMatch(/^http:\/\/relance\.test\/p\/[A-Za-z0-9_-]{22}$/);
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(t.clock.now().getTime());
    const token = url.split("/p/")[1];
    const opened = await t.request("GET", `/api/portal/${token}`);
    expect(opened.statusCode).toBe(200);
    expect(opened.json().identityCheck).toBe("company");
    const detail = await t.request("GET", `/api/agency/cases/${caseId}`, { auth: agent });
    const issued = detail.json().timeline.filter((e: { type: string }) => e.type === "portal.link_issued");
    expect(issued).toHaveLength(1);
    expect(issued[0].data.linkId).toBe(linkId);
  });

  it("issues a new, different link each time", async () => {
    const { caseId } = await makeCase(t, "PL-2");
    const agent = await t.login("agent@test.example");
    const a = await t.request("POST", `/api/agency/cases/${caseId}/portal-link`, { auth: agent });
    const b = await t.request("POST", `/api/agency/cases/${caseId}/portal-link`, { auth: agent });
    expect(a.json().url).not.toBe(b.json().url);
  });

  it("is for agency staff only, and answers 404 for an unknown case", async () => {
    const { caseId } = await makeCase(t, "PL-3");
    const byKey = await t.request("POST", `/api/agency/cases/${caseId}/portal-link`, {
      auth: { key: t.creditors.a.key },
    });
    expect(byKey.statusCode).toBe(403);
    const creditor = await t.login("ca@a.example");
    const byCreditor = await t.request("POST", `/api/agency/cases/${caseId}/portal-link`, { auth: creditor });
    expect(byCreditor.statusCode).toBe(403);
    expect((await t.request("POST", `/api/agency/cases/${caseId}/portal-link`)).statusCode).toBe(401);
    const admin = await t.login("admin@test.example");
    const unknown = await t.request(
      "POST",
      "/api/agency/cases/00000000-0000-4000-8000-000000000000/portal-link",
      { auth: admin },
    );
    expect(unknown.statusCode).toBe(404);
  });
});

describe("demo portal links", () => {
  it("prints one working link per demo creditor, with answers that pass the identity check", async () => {
    const demo = await seedDemo(t.database.db, t.clock.now(), 12);
    expect(new Set(demo.portalLinks.map((l) => l.creditor)).size).toBe(2);
    for (const link of demo.portalLinks) {
      const token = link.path.replace("/p/", "");
      const res = await t.request("POST", `/api/portal/${token}/session`, { body: link.identity });
      expect(res.statusCode, res.body).toBe(200);
      const view = await t.request("GET", `/api/portal/${token}/case`, {
        headers: { "x-portal-session": res.json().sessionToken },
      });
      expect(view.statusCode).toBe(200);
      expect(view.json().totals.outstanding).toBeGreaterThan(0);
    }
  });
});
