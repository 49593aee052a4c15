import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const base = {
  name: "Agence Test",
  address: { line1: "1 place Bellecour", postalCode: "69002", city: "Lyon", country: "FR" },
};

describe("agency settings (R124-2)", () => {
  it("lists what the agency still lacks before it may operate", async () => {
    const admin = await t.login("admin@test.example");
    const res = await t.request("PUT", "/api/agency/settings", { auth: admin, body: base });
    expect(res.statusCode).toBe(200);
    expect(res.json().compliance).toEqual({
      readyToOperate: false,
      missing: ["insurance", "trust_account", "prosecutor_declaration"],
    });
  });

  it("flags expired insurance and is ready once everything holds", async () => {
    const admin = await t.login("admin@test.example");
    const complete = {
      ...base,
      insurer: "Assureur",
      insurancePolicy: "RCP-1",
      insuranceValidUntil: "2026-06-30",
      trustIban: "FR76 3000 4000 0312 3456 7890 143",
      prosecutorDeclarationDate: "2025-09-01",
      prosecutorCourt: "Tribunal judiciaire de Lyon",
    };
    const expired = await t.request("PUT", "/api/agency/settings", { auth: admin, body: complete });
    expect(expired.json().compliance.missing).toEqual(["insurance_expired"]);
    const ok = await t.request("PUT", "/api/agency/settings", {
      auth: admin,
      body: { ...complete, insuranceValidUntil: "2027-12-31" },
    });
    expect(ok.json().compliance).toEqual({ readyToOperate: true, missing: [] });
    expect(ok.json().trustIban).toBe("FR7630004000031234567890143");
  });

  it("refuses a trust account IBAN that fails its checksum, and lets only admins change settings", async () => {
    const admin = await t.login("admin@test.example");
    const bad = await t.request("PUT", "/api/agency/settings", {
      auth: admin,
      body: { ...base, trustIban: "FR7630004000031234567890144" },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues[0].field).toBe("trustIban");
    const manager = await t.login("manager@test.example");
    expect((await t.request("PUT", "/api/agency/settings", { auth: manager, body: base })).statusCode).toBe(
      403,
    );
    expect((await t.request("GET", "/api/agency/settings", { auth: manager })).statusCode).toBe(200);
  });
});
