import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PDFDocument } from "pdf-lib";
import { afterAll, describe, expect, it } from "vitest";
import { cliEnvironment, relance } from "../helpers/cli";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

// Tests here start relance processes, each loading the whole server: slow on a busy machine.
describe("relance template preview", { timeout: 120_000 }, () => {
  it("prints a demo email, SMS with its segment count, and writes a letter PDF", async () => {
    const { env, cleanup } = await cliEnvironment();
    cleanups.push(cleanup);
    const email = await relance(env, "template", "preview", "first_notice_b2b", "--demo", "--b2b");
    expect(email.stdout).toMatch(/^Subject: Dossier REL-2026-000042 – Demande de règlement/);
    expect(email.stdout).toContain("Les frais de recouvrement entrepris sans titre exécutoire");
    const sms = await relance(
      env,
      "template",
      "preview",
      "payment_link_sms",
      "--channel",
      "sms",
      "--first-letter",
      "--lang",
      "en",
    );
    expect(sms.stdout).toMatch(/letter REL-2026-000042 of 23\/11\/2026/);
    expect(sms.stdout).toMatch(/\(GSM-7, \d+ characters, 2 segment\(s\)\)/);
    const pdf = path.join(os.tmpdir(), `preview-${process.pid}.pdf`);
    await relance(
      env,
      "template",
      "preview",
      "formal_notice",
      "--channel",
      "letter",
      "--first-letter",
      "--pdf",
      pdf,
    );
    const doc = await PDFDocument.load(readFileSync(pdf));
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(1);
    expect(doc.getPageCount()).toBeLessThanOrEqual(2);
    expect(doc.getTitle()).toBe("Dossier REL-2026-000042 – Mise en demeure de payer");
  });

  it("renders for a real case found by its reference, in the debtor's language", async () => {
    const { env, cleanup } = await cliEnvironment();
    cleanups.push(cleanup);
    await relance(env, "demo", "--cases", "4", "--json");
    const out = await relance(
      env,
      "template",
      "preview",
      "reminder_letter_b2b",
      "--case",
      "REL-2026-000001",
      "--channel",
      "letter",
    );
    expect(out.stdout).toMatch(
      /^Relance Recouvrement\n18 rue de la Bourse\n69002 Lyon\nSociété de recouvrement amiable de créances/,
    );
    expect(out.stdout).toMatch(/Dossier : REL-2026-000001/);
    // A preview issues no real portal link: a placeholder of a real token's length stands in.
    expect(out.stdout).toContain(`/p/${"X".repeat(22)}`);
  });

  it("refuses an unknown template, naming it", async () => {
    const { env, cleanup } = await cliEnvironment();
    cleanups.push(cleanup);
    await expect(relance(env, "template", "preview", "nope")).rejects.toMatchObject({
      stderr: expect.stringContaining("name: unknown template"),
    });
  });
});
