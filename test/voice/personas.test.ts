import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_PERSONAS } from "../../src/voice/personas/default-personas";
import { type Persona, personaIssues } from "../../src/voice/personas/persona";
import { getPersona, seedDefaultPersonas } from "../../src/voice/personas/persona-store";
import { createTestApp, type TestApp } from "../helpers/app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe("voice personas", () => {
  it("ships Lucien, Vincent and Guillaume in French and English", () => {
    const names = DEFAULT_PERSONAS.map((p) => `${p.key}/${p.locale}:${p.name}`).sort();
    expect(names).toEqual([
      "courteous/en:Lucien",
      "courteous/fr:Lucien",
      "firm/en:Vincent",
      "firm/fr:Vincent",
      "last_attempt/en:Guillaume",
      "last_attempt/fr:Guillaume",
    ]);
    for (const p of DEFAULT_PERSONAS) expect(personaIssues(p)).toEqual([]);
  });

  it("refuses an opening without the AI disclosure, a voicemail naming the creditor and a bailiff threat", () => {
    const base = DEFAULT_PERSONAS[0] as Persona;
    const issues = personaIssues({
      lines: {
        ...base.lines,
        opening: ["Bonjour, ici {persona} du cabinet {agency}."],
        voicemail: "{disclosure} Vous devez {amount} à {creditor}.",
        pitch: "Sinon un huissier passera chez vous.",
      },
    });
    const messages = issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(messages).toContain("lines.opening.0: must include the AI disclosure ({disclosure})");
    expect(messages).toContain(
      "lines.voicemail: may not name a debt detail ({amount}) before the right-party check",
    );
    expect(messages).toContain(
      "lines.voicemail: may not name a debt detail ({creditor}) before the right-party check",
    );
    expect(
      messages.some((m) => m.startsWith("lines.pitch: contains a forbidden phrase (bailiff_threat")),
    ).toBe(true);
  });

  it("seeds once, lists all six through the agency API and lets a manager edit one", async () => {
    const db = t.database.db;
    expect(await seedDefaultPersonas(db, t.clock.now())).toBe(6);
    expect(await seedDefaultPersonas(db, t.clock.now())).toBe(0);
    const manager = await t.login("manager@test.example");
    const list = await t.request("GET", "/api/agency/voice/personas", { auth: manager });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toHaveLength(6);

    const lucien = (await getPersona(db, "courteous", "fr")) as Persona;
    const edited = {
      ...lucien,
      name: "Lucie",
      lines: { ...lucien.lines, pitch: "Avez-vous reçu notre lien ?" },
    };
    const put = await t.request("PUT", "/api/agency/voice/personas/courteous/fr", {
      auth: manager,
      body: edited,
    });
    expect(put.statusCode).toBe(200);
    expect((await getPersona(db, "courteous", "fr")).name).toBe("Lucie");
    // An edited persona survives a re-seed.
    await seedDefaultPersonas(db, t.clock.now());
    expect((await getPersona(db, "courteous", "fr")).lines.pitch).toBe("Avez-vous reçu notre lien ?");
  });

  it("answers 400 naming the field when an edit removes the disclosure, and 403 to an agent", async () => {
    const manager = await t.login("manager@test.example");
    const vincent = await getPersona(t.database.db, "firm", "fr");
    const bad = { ...vincent, lines: { ...vincent.lines, opening: ["Bonjour, cabinet {agency}."] } };
    const res = await t.request("PUT", "/api/agency/voice/personas/firm/fr", { auth: manager, body: bad });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues[0].field).toBe("body.lines.opening.0");
    const agent = await t.login("agent@test.example");
    const forbidden = await t.request("PUT", "/api/agency/voice/personas/firm/fr", {
      auth: agent,
      body: vincent,
    });
    expect(forbidden.statusCode).toBe(403);
  });

  it("previews each opening and the voicemail as a call says them, with the AI disclosure, in both languages", async () => {
    const agent = await t.login("agent@test.example");
    const fr = await t.request("GET", "/api/agency/voice/personas/courteous/fr/preview", { auth: agent });
    expect(fr.statusCode).toBe(200);
    const preview = fr.json();
    const lucien = await getPersona(t.database.db, "courteous", "fr");
    expect(preview.openings).toHaveLength(lucien.lines.opening.length);
    for (const said of preview.openings) {
      expect(said[0]).toContain("Je suis un assistant vocal doté d'intelligence artificielle.");
      expect(said[0]).not.toMatch(/\{\w+\}/);
      // Then the right-party question: no debt detail before it.
      expect(said[1]).toMatch(/^Suis-je bien en ligne avec /);
    }
    expect(preview.voicemail).toContain("Je suis un assistant vocal doté d'intelligence artificielle.");
    const en = await t.request("GET", "/api/agency/voice/personas/courteous/en/preview", { auth: agent });
    expect(en.json().openings[0][0]).toContain("I am a voice assistant powered by artificial intelligence.");
    expect(en.json().voicemail).toMatch(/^Hello/);
  });

  it("previews the edited words after a save, and refuses creditors and unknown personas", async () => {
    const manager = await t.login("manager@test.example");
    const guillaume = await getPersona(t.database.db, "last_attempt", "en");
    const edited = {
      ...guillaume,
      lines: {
        ...guillaume.lines,
        opening: ["Good morning, {persona} here, calling for {agency}. {disclosure}"],
      },
    };
    const put = await t.request("PUT", "/api/agency/voice/personas/last_attempt/en", {
      auth: manager,
      body: edited,
    });
    expect(put.statusCode).toBe(200);
    const res = await t.request("GET", "/api/agency/voice/personas/last_attempt/en/preview", {
      auth: manager,
    });
    expect(res.json().openings).toHaveLength(1);
    expect(res.json().openings[0][0]).toMatch(
      /^Good morning, Guillaume here, calling for .+\. I am a voice assistant/,
    );
    const creditor = await t.login("ca@a.example");
    const refused = await t.request("GET", "/api/agency/voice/personas/last_attempt/en/preview", {
      auth: creditor,
    });
    expect(refused.statusCode).toBe(403);
    const unknown = await t.request("GET", "/api/agency/voice/personas/friendly/en/preview", {
      auth: manager,
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details.issues[0].field).toBe("params.key");
  });
});
