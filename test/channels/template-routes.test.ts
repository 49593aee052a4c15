import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEMPLATES } from "../../src/channels/templates/catalog";
import { createTestApp, type Login, type TestApp } from "../helpers/app";

// The agency's read-only view of the templates: the list and a demo preview per language and channel.

let t: TestApp;
let agent: Login;
beforeAll(async () => {
  t = await createTestApp();
  agent = await t.login("agent@test.example");
});
afterAll(async () => t?.close());

describe("agency template routes", () => {
  it("lists every template with its purpose, audience and channels", async () => {
    const res = await t.request("GET", "/api/agency/templates", { auth: agent });
    expect(res.statusCode).toBe(200);
    const list = res.json() as { key: string; kind: string; audience: string; channels: string[] }[];
    expect(list.map((x) => x.key)).toEqual(TEMPLATES.map((x) => x.name));
    expect(list.find((x) => x.key === "judicial_proposal")).toMatchObject({
      kind: "judicial",
      audience: "creditor",
      channels: ["email", "sms", "letter"],
    });
  });

  it("previews an email in French and in English on the demo case", async () => {
    const fr = await t.request(
      "GET",
      "/api/agency/templates/first_notice_b2b/preview?locale=fr&channel=email",
      {
        auth: agent,
      },
    );
    const en = await t.request(
      "GET",
      "/api/agency/templates/first_notice_b2b/preview?locale=en&channel=email",
      {
        auth: agent,
      },
    );
    expect(fr.statusCode).toBe(200);
    expect(en.statusCode).toBe(200);
    expect(fr.json()).toMatchObject({ channel: "email", lang: "fr" });
    expect(fr.json().subject).toMatch(/^Dossier REL-2026-000042 – Demande de règlement/);
    expect(fr.json().html).toContain('<html lang="fr">');
    // The _b2b template is previewed on the business demo case (its creditor, its two invoices).
    expect(fr.json().text).toContain("Fournitures Pro du Rhône SAS");
    expect(fr.json().text).toContain("FP-2026-000347");
    expect(en.json().html).toContain('<html lang="en">');
    expect(en.json().subject).not.toBe(fr.json().subject);
    // Without a language or channel: the French email.
    const plain = await t.request("GET", "/api/agency/templates/first_notice_b2b/preview", { auth: agent });
    expect(plain.json()).toEqual(fr.json());
  });

  it("previews an SMS with its encoding and segment count, and a later letter recalling the first one", async () => {
    const sms = await t.request(
      "GET",
      "/api/agency/templates/payment_link_sms/preview?locale=en&channel=sms",
      {
        auth: agent,
      },
    );
    expect(sms.statusCode).toBe(200);
    expect(sms.json()).toMatchObject({ channel: "sms", lang: "en", encoding: "GSM-7", segments: 2 });
    expect(sms.json().text).toMatch(/letter REL-2026-000042 of 23\/11\/2026/);
    const letter = await t.request(
      "GET",
      "/api/agency/templates/formal_notice/preview?locale=fr&channel=letter",
      {
        auth: agent,
      },
    );
    expect(letter.json()).toMatchObject({ channel: "letter", lang: "fr" });
    expect(letter.json().text).toMatch(/^Relance Recouvrement\n/);
    expect(letter.json().text).toContain("REL-2026-000042");
  });

  it("serves the letter as a PDF", async () => {
    const res = await t.request("GET", "/api/agency/templates/formal_notice/letter.pdf?locale=en", {
      auth: agent,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    const doc = await PDFDocument.load(res.rawPayload);
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
  });

  it("answers 404 naming an unknown template and 400 naming a bad language or channel", async () => {
    const res = await t.request("GET", "/api/agency/templates/nope_letter/preview?locale=fr&channel=email", {
      auth: agent,
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.message).toContain('"nope_letter"');
    const pdf = await t.request("GET", "/api/agency/templates/nope_letter/letter.pdf?locale=fr", {
      auth: agent,
    });
    expect(pdf.statusCode).toBe(404);
    const lang = await t.request(
      "GET",
      "/api/agency/templates/formal_notice/preview?locale=de&channel=email",
      {
        auth: agent,
      },
    );
    expect(lang.statusCode).toBe(400);
    expect(lang.json().error.details.issues[0].field).toBe("querystring.locale");
    const channel = await t.request(
      "GET",
      "/api/agency/templates/formal_notice/preview?locale=fr&channel=fax",
      {
        auth: agent,
      },
    );
    expect(channel.json().error.details.issues[0].field).toBe("querystring.channel");
  });

  it("refuses creditors' users and API keys, and anyone signed out", async () => {
    const creditor = await t.login("ca@a.example");
    for (const url of [
      "/api/agency/templates",
      "/api/agency/templates/first_notice/preview?locale=fr&channel=email",
      "/api/agency/templates/first_notice/letter.pdf?locale=fr",
    ]) {
      expect((await t.request("GET", url, { auth: creditor })).statusCode).toBe(403);
      expect((await t.request("GET", url, { auth: { key: t.creditors.a.key } })).statusCode).toBe(403);
      expect((await t.request("GET", url)).statusCode).toBe(401);
    }
  });
});
