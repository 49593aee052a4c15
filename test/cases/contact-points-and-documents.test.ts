import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseBody, createTestApp, type Login, type TestApp } from "../helpers/app";

let t: TestApp;
let caseId: string;
let creditorAdmin: Login;
let agent: Login;
beforeAll(async () => {
  t = await createTestApp();
  creditorAdmin = await t.login("ca@a.example");
  agent = await t.login("agent@test.example");
  caseId = (await t.request("POST", "/api/v1/cases", { auth: creditorAdmin, body: caseBody("CP-1") })).json()
    .id;
});
afterAll(async () => t?.close());

describe("contact points", () => {
  it("lists the points given at creation, normalised (E.164, lower-case email)", async () => {
    const res = await t.request("GET", `/api/v1/cases/${caseId}/contact-points`, { auth: creditorAdmin });
    const items = res.json().items as { kind: string; value: string; phoneType: string | null }[];
    expect(items.map((p) => [p.kind, p.value])).toEqual(
      expect.arrayContaining([
        ["phone", "+33612345678"],
        ["email", "compta@martin.example"],
      ]),
    );
    expect(items.find((p) => p.kind === "phone")?.phoneType).toBe("mobile");
  });

  it("adds a phone number and refuses an invalid one, naming the field", async () => {
    const ok = await t.request("POST", `/api/agency/cases/${caseId}/contact-points`, {
      auth: agent,
      body: { kind: "phone", value: "04 78 12 34 56", label: "bureau" },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ value: "+33478123456", phoneType: "fixed", status: "unverified" });
    const bad = await t.request("POST", `/api/agency/cases/${caseId}/contact-points`, {
      auth: agent,
      body: { kind: "phone", value: "12345" },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues[0]).toMatchObject({ field: "value", value: "12345" });
    const dup = await t.request("POST", `/api/agency/cases/${caseId}/contact-points`, {
      auth: agent,
      body: { kind: "phone", value: "+33478123456" },
    });
    expect(dup.statusCode).toBe(409);
  });

  it("records an opt-out for one channel only and writes it to the timeline", async () => {
    const list = await t.request("GET", `/api/agency/cases/${caseId}/contact-points`, { auth: agent });
    const phone = list.json().items.find((p: { value: string }) => p.value === "+33612345678");
    const res = await t.request("PATCH", `/api/agency/cases/${caseId}/contact-points/${phone.id}`, {
      auth: agent,
      body: { optOut: "call" },
    });
    expect(res.json().optOuts.map((o: { channel: string }) => o.channel)).toEqual(["call"]);
    const detail = await t.request("GET", `/api/agency/cases/${caseId}`, { auth: agent });
    const event = detail.json().timeline.find((e: { type: string }) => e.type === "contact_point.updated");
    expect(event.data).toMatchObject({ contactPointId: phone.id, optOut: "call" });
  });

  it("requires a reason to mark a contact point invalid", async () => {
    const list = await t.request("GET", `/api/agency/cases/${caseId}/contact-points`, { auth: agent });
    const email = list.json().items.find((p: { kind: string }) => p.kind === "email");
    const url = `/api/agency/cases/${caseId}/contact-points/${email.id}`;
    const missing = await t.request("PATCH", url, { auth: agent, body: { status: "invalid" } });
    expect(missing.json().error.details.issues[0].field).toBe("body.invalidReason");
    const ok = await t.request("PATCH", url, {
      auth: agent,
      body: { status: "invalid", invalidReason: "hard bounce" },
    });
    expect(ok.json()).toMatchObject({ status: "invalid", invalidReason: "hard bounce" });
  });

  it("lets a creditor viewer read but not change contact points", async () => {
    const viewer = await t.login("cv@a.example");
    expect(
      (await t.request("GET", `/api/v1/cases/${caseId}/contact-points`, { auth: viewer })).statusCode,
    ).toBe(200);
    const res = await t.request("POST", `/api/v1/cases/${caseId}/contact-points`, {
      auth: viewer,
      body: { kind: "email", value: "x@y.example" },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe("documents", () => {
  it("stores a document under the data dir, lists it and serves the same bytes back", async () => {
    const pdf = Buffer.from("%PDF-1.4\n% facture\n");
    const created = await t.request("POST", `/api/v1/cases/${caseId}/documents`, {
      auth: creditorAdmin,
      body: {
        kind: "invoice",
        filename: "../../etc/Facture 107.pdf",
        contentType: "application/pdf",
        contentBase64: pdf.toString("base64"),
      },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      filename: "Facture 107.pdf",
      sizeBytes: pdf.length,
      kind: "invoice",
    });
    const list = await t.request("GET", `/api/agency/cases/${caseId}/documents`, { auth: agent });
    expect(list.json().items.map((d: { id: string }) => d.id)).toContain(created.json().id);
    const content = await t.request("GET", `/api/v1/cases/${caseId}/documents/${created.json().id}/content`, {
      auth: creditorAdmin,
    });
    expect(content.statusCode).toBe(200);
    expect(content.headers["content-type"]).toBe("application/pdf");
    expect(content.rawPayload.equals(pdf)).toBe(true);
  });

  it("refuses executable content types and documents of other creditors' cases", async () => {
    const exe = await t.request("POST", `/api/v1/cases/${caseId}/documents`, {
      auth: creditorAdmin,
      body: { kind: "other", filename: "x.html", contentType: "text/html", contentBase64: "PGI+aGk8L2I+" },
    });
    expect(exe.statusCode).toBe(415);
    const otherCreditor = await t.login("ca@b.example");
    const res = await t.request("GET", `/api/v1/cases/${caseId}/documents`, { auth: otherCreditor });
    expect(res.statusCode).toBe(404);
  });
});
