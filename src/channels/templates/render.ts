import { findTemplate, smsText, type TemplateDefinition, writtenMessage } from "./catalog";
import { amount } from "./format";
import { foldToGsm7 } from "./gsm7";
import { ACTIVITY_STATEMENT, CLAIM_LABELS, claimBasis, claimLines, dateLine, due } from "./phrases";
import type {
  Block,
  RenderChannel,
  RenderedEmail,
  RenderedLetter,
  RenderedSms,
  TemplateVars,
  WrittenMessage,
} from "./types";

// Pure renderers: one WrittenMessage laid out as an email (HTML + text) or a letter; a short SMS.

export class UnknownTemplateError extends Error {
  constructor(readonly template: string) {
    super(`no template named ${template}`);
    this.name = "UnknownTemplateError";
  }
}

export function templateOrThrow(name: string): TemplateDefinition {
  const t = findTemplate(name);
  if (!t) throw new UnknownTemplateError(name);
  return t;
}

/** The agency's identity and activity as printed at the top of any document it issues (R124-4 1°). */
export function letterhead(v: Pick<TemplateVars, "agency">): string[] {
  const contact = [v.agency.phone, v.agency.email].filter(Boolean).join(" – ");
  return [
    v.agency.name,
    ...v.agency.addressLines,
    ACTIVITY_STATEMENT,
    ...(v.agency.siren ? [`SIREN ${v.agency.siren}`] : []),
    ...(contact ? [contact] : []),
  ];
}

function blockText(block: Block, v: TemplateVars): string[] {
  switch (block.kind) {
    case "paragraph":
      return [block.text];
    case "claims":
      return claimLines(v);
    case "payment":
      return [block.intro, ...block.methods.map((m) => `- ${m}`)];
    case "legal":
      return [block.title, ...block.paragraphs];
    case "closing":
      return [block.text, block.signature];
  }
}

/** The message as plain text: what the law checks read and what the text part of an email carries. */
export function messageText(message: WrittenMessage, v: TemplateVars, withRecipient: boolean): string {
  const parts: string[][] = [letterhead(v)];
  if (withRecipient) parts.push([v.debtor.name, ...v.debtor.addressLines]);
  parts.push([dateLine(v), ...message.references]);
  parts.push([message.subject]);
  parts.push([message.salutation]);
  for (const block of message.blocks) parts.push(blockText(block, v));
  return `${parts.map((p) => p.join("\n")).join("\n\n")}\n`;
}

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Turns URLs in already-escaped text into links. */
function linkify(escaped: string): string {
  return escaped.replace(/https?:\/\/[^\s<)]+[^\s<).,;:]/g, (url) => `<a href="${url}">${url}</a>`);
}

function claimsTable(v: TemplateVars): string {
  const l = CLAIM_LABELS[v.lang];
  const a = (c: number) => esc(amount(c, v.currency, v.lang));
  const rows = v.claims.flatMap((c) => {
    const basis = esc(claimBasis(c, v.lang));
    const cells: string[] = [
      `<tr><th colspan="2" style="text-align:left;padding-top:8px">${basis}</th></tr>`,
    ];
    const line = (label: string, cents: number, sign = "") =>
      cells.push(`<tr><td>${esc(label)}</td><td style="text-align:right">${sign}${a(cents)}</td></tr>`);
    line(l.principal, c.principalCents);
    if (c.interestCents > 0) line(l.interest, c.interestCents);
    if (c.indemnityCents > 0) line(l.indemnity, c.indemnityCents);
    if (c.paidCents > 0) line(l.paid, c.paidCents, "-");
    return cells;
  });
  rows.push(
    `<tr><td style="border-top:1px solid #999"><strong>${esc(l.due)}</strong></td><td style="border-top:1px solid #999;text-align:right"><strong>${esc(due(v))}</strong></td></tr>`,
  );
  return `<table role="presentation" style="border-collapse:collapse;min-width:320px">${rows.join("")}</table>`;
}

function blockHtml(block: Block, v: TemplateVars): string {
  switch (block.kind) {
    case "paragraph":
      return `<p>${linkify(esc(block.text))}</p>`;
    case "claims":
      return claimsTable(v);
    case "payment":
      return `<p>${esc(block.intro)}</p><ul>${block.methods.map((m) => `<li>${linkify(esc(m))}</li>`).join("")}</ul>`;
    case "legal":
      return `<div style="font-size:12px;color:#444;border-left:3px solid #ccc;padding-left:8px"><p><strong>${esc(block.title)}</strong></p>${block.paragraphs.map((x) => `<p>${esc(x)}</p>`).join("")}</div>`;
    case "closing":
      return `<p>${esc(block.text)}</p><p>${esc(block.signature)}</p>`;
  }
}

export function renderEmail(template: TemplateDefinition, v: TemplateVars): RenderedEmail {
  const message = writtenMessage(template, v);
  const text = messageText(message, v, false);
  const head = letterhead(v)
    .map((l, i) => (i === 0 ? `<strong>${esc(l)}</strong>` : esc(l)))
    .join("<br>");
  const button =
    template.audience === "debtor"
      ? `<p><a href="${esc(v.portalUrl)}" style="display:inline-block;background:#1c4e80;color:#fff;padding:10px 16px;text-decoration:none;border-radius:4px">${v.lang === "fr" ? "Accéder à mon espace de paiement" : "Open my payment page"}</a></p>`
      : "";
  const html = [
    `<!doctype html><html lang="${v.lang}"><head><meta charset="utf-8"><title>${esc(message.subject)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222;max-width:640px">',
    `<p style="color:#555">${head}</p>`,
    `<p>${[dateLine(v), ...message.references].map(esc).join("<br>")}</p>`,
    `<p>${esc(message.salutation)}</p>`,
    button,
    ...message.blocks.map((b) => blockHtml(b, v)),
    "</body></html>",
  ].join("\n");
  const links = [v.portalUrl, ...[...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!)];
  return { subject: message.subject, text, html, links: [...new Set(links)] };
}

export function renderSms(template: TemplateDefinition, v: TemplateVars): RenderedSms {
  return { text: foldToGsm7(smsText(template, v)) };
}

export function renderLetter(template: TemplateDefinition, v: TemplateVars): RenderedLetter {
  const message = writtenMessage(template, v);
  return { message, vars: v, text: messageText(message, v, true) };
}

/** The text a channel puts in front of a reader, for previews and for the law checks. */
export function renderedText(template: TemplateDefinition, channel: RenderChannel, v: TemplateVars): string {
  switch (channel) {
    case "email":
      return renderEmail(template, v).text;
    case "sms":
      return renderSms(template, v).text;
    case "letter":
      return renderLetter(template, v).text;
  }
}
