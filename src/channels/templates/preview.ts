import type { TemplateDefinition } from "./catalog";
import { demoVars } from "./demo-vars";
import { countSegments, type SegmentCount } from "./gsm7";
import { renderEmail, renderLetter, renderSms } from "./render";
import type { RenderChannel, TemplateLang, TemplateVars } from "./types";

// One preview of a template in one channel: what `relance template preview` prints and what the
// agency's set-up screen shows. Both go through here so they never disagree.

export type TemplatePreview =
  | { channel: "email"; lang: TemplateLang; subject: string; text: string; html: string }
  | ({ channel: "sms"; lang: TemplateLang; text: string } & SegmentCount)
  | { channel: "letter"; lang: TemplateLang; subject: string; text: string };

export function previewTemplate(
  template: TemplateDefinition,
  channel: RenderChannel,
  vars: TemplateVars,
): TemplatePreview {
  const lang = vars.lang;
  switch (channel) {
    case "email": {
      const email = renderEmail(template, vars);
      return { channel, lang, subject: email.subject, text: email.text, html: email.html };
    }
    case "sms": {
      const sms = renderSms(template, vars);
      return { channel, lang, text: sms.text, ...countSegments(sms.text) };
    }
    case "letter": {
      const letter = renderLetter(template, vars);
      return { channel, lang, subject: letter.message.subject, text: letter.text };
    }
  }
}

/**
 * The demo case a template is previewed with when no case is named: a business debtor for the
 * `_b2b` templates, and a first letter already sent for every template that is not the first letter
 * (in a real sequence they only ever follow it, and they recall it, FR-05).
 */
export function demoVarsFor(
  template: TemplateDefinition,
  lang: TemplateLang,
  options: { b2b?: boolean; firstLetter?: boolean } = {},
): TemplateVars {
  return demoVars(lang, {
    b2b: options.b2b ?? template.name.endsWith("_b2b"),
    firstLetter: options.firstLetter ?? !template.firstLetter,
  });
}
