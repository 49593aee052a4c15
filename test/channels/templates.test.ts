import { describe, expect, it } from "vitest";
import { findTemplate, TEMPLATES } from "../../src/channels/templates/catalog";
import { checkRenderedMessage, firstLetterFacts } from "../../src/channels/templates/checks";
import { demoVars } from "../../src/channels/templates/demo-vars";
import { countSegments } from "../../src/channels/templates/gsm7";
import { renderEmail, renderedText, renderLetter, renderSms } from "../../src/channels/templates/render";
import { RENDER_CHANNELS, TEMPLATE_LANGS } from "../../src/channels/templates/types";
import { DEFAULT_SCENARIOS } from "../../src/collection/default-scenarios";
import { checkFirstLetter, checkLaterMessage } from "../../src/law/fr/first-letter";
import { findForbiddenPhrases } from "../../src/law/fr/forbidden-phrases";

const htmlToText = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

const variants = TEMPLATE_LANGS.flatMap((lang) =>
  [false, true].flatMap((b2b) => [false, true].map((firstLetter) => ({ lang, b2b, firstLetter }))),
);

describe("template catalog", () => {
  it("has every template the default scenarios name", () => {
    const named = new Set(DEFAULT_SCENARIOS.flatMap((s) => s.steps.map((step) => step.template)));
    expect(named.size).toBeGreaterThan(5);
    for (const name of named) expect(findTemplate(name), name).toBeDefined();
  });

  it("renders every debtor template in French and English on every channel, with the portal link", () => {
    for (const t of TEMPLATES.filter((x) => x.audience === "debtor"))
      for (const v of variants)
        for (const channel of RENDER_CHANNELS) {
          const vars = demoVars(v.lang, v);
          const text = renderedText(t, channel, vars);
          expect(text, `${t.name}/${channel}/${v.lang}`).toContain(
            vars.portalUrl.replace(/^https?:\/\//, ""),
          );
          expect(text).toContain(vars.caseReference);
        }
  });

  it("never contains a forbidden phrase, in any language, channel or HTML", () => {
    for (const t of TEMPLATES)
      for (const v of variants) {
        const vars = demoVars(v.lang, v);
        for (const channel of RENDER_CHANNELS) {
          expect(findForbiddenPhrases(renderedText(t, channel, vars)), `${t.name}/${channel}`).toEqual([]);
        }
        expect(findForbiddenPhrases(htmlToText(renderEmail(t, vars).html))).toEqual([]);
        expect(findForbiddenPhrases(renderEmail(t, vars).subject)).toEqual([]);
      }
  });

  it("makes every first notice a complete R124-4 first letter, as email text, HTML and letter", () => {
    const firsts = TEMPLATES.filter((t) => t.firstLetter);
    expect(firsts.map((t) => t.name).sort()).toEqual(["first_notice", "first_notice_b2b"]);
    for (const t of firsts)
      for (const lang of TEMPLATE_LANGS)
        for (const b2b of [false, true]) {
          const vars = demoVars(lang, { b2b });
          const facts = firstLetterFacts(vars);
          const email = renderEmail(t, vars);
          expect(checkFirstLetter(email.text, facts), `${t.name}/${lang}/email`).toEqual([]);
          expect(checkFirstLetter(htmlToText(email.html), facts), `${t.name}/${lang}/html`).toEqual([]);
          expect(checkFirstLetter(renderLetter(t, vars).text, facts), `${t.name}/${lang}/letter`).toEqual([]);
          expect(checkRenderedMessage(t, vars, email.text)).toEqual({ ok: true, becomesFirstLetter: true });
        }
  });

  it("shows interest and the indemnity on their own lines and never an agency fee", () => {
    const text = renderLetter(findTemplate("first_notice_b2b")!, demoVars("fr", { b2b: true })).text;
    expect(text).toMatch(/Intérêts de retard : 23,15\s€/);
    expect(text).toMatch(
      /Indemnité forfaitaire pour frais de recouvrement \(art\. D441-5 C\. com\.\) : 40,00\s€/,
    );
    expect(text).toMatch(/Reste dû : 1\s?.?\s?.?\d{3},\d{2}\s€/);
    expect(text).not.toMatch(/frais de dossier|honoraires|commission/i);
  });

  it("refuses a first letter that lost a mention (e.g. the creditor's address)", () => {
    const t = findTemplate("first_notice")!;
    const vars = demoVars("fr");
    const verdict = checkRenderedMessage(
      t,
      { ...vars },
      renderEmail(t, { ...vars, creditor: { ...vars.creditor, addressLines: [] } }).text,
    );
    expect(verdict).toMatchObject({
      ok: false,
      code: "first_letter_incomplete",
      detail: ["creditor_address"],
    });
  });

  it("refuses a later message while no first letter went out", () => {
    const verdict = checkRenderedMessage(findTemplate("payment_link_sms")!, demoVars("fr"), "x");
    expect(verdict).toMatchObject({ ok: false, code: "no_first_letter" });
  });

  it("recalls the first letter's reference and date in every later message, on every channel", () => {
    for (const t of TEMPLATES)
      for (const lang of TEMPLATE_LANGS)
        for (const channel of RENDER_CHANNELS) {
          const vars = demoVars(lang, { firstLetter: true });
          const text = renderedText(t, channel, vars);
          expect(
            checkLaterMessage(text, "REL-2026-000042", "2026-11-23"),
            `${t.name}/${channel}/${lang}`,
          ).toEqual([]);
          expect(checkRenderedMessage(t, vars, text)).toEqual({ ok: true, becomesFirstLetter: false });
        }
  });

  it("keeps SMS in the GSM alphabet within three segments", () => {
    for (const t of TEMPLATES)
      for (const v of variants) {
        const text = renderSms(t, demoVars(v.lang, v)).text;
        const count = countSegments(text);
        expect(count.encoding, text).toBe("GSM-7");
        expect(count.segments, text).toBeLessThanOrEqual(3);
      }
  });

  it("names the promise or instalment in commitment reminders, on email and SMS, within the law checks", () => {
    for (const lang of TEMPLATE_LANGS)
      for (const commitment of [
        { kind: "payment_plan" as const, dueDate: "2026-12-10", amountCents: 15_000, instalmentNo: 2 },
        { kind: "promise" as const, dueDate: "2026-12-10", amountCents: 15_000 },
      ]) {
        const vars = { ...demoVars(lang, { firstLetter: true }), commitment };
        for (const name of ["commitment_reminder", "commitment_reminder_sms"]) {
          const t = findTemplate(name)!;
          const email = renderEmail(t, vars);
          const sms = renderSms(t, vars).text;
          for (const text of [email.text, sms]) {
            expect(text, `${name}/${lang}`).toContain("10/12/2026");
            expect(text).toMatch(/150[.,]00/);
            expect(checkRenderedMessage(t, vars, text)).toEqual({ ok: true, becomesFirstLetter: false });
          }
          if (commitment.kind === "payment_plan")
            expect(email.text).toContain(lang === "fr" ? "échéance n° 2" : "instalment 2");
          expect(countSegments(sms).segments, sms).toBeLessThanOrEqual(3);
        }
      }
  });
});
