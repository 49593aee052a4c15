import { L111_8_PARAGRAPH_2, L111_8_PARAGRAPH_3 } from "../../law/fr/first-letter";
import { amount, longDate, printableIban, shortDate } from "./format";
import { type TemplateClaim, type TemplateLang, type TemplateVars, totalsOf } from "./types";

// The words of every message, French first. Legal mentions (R124-4) stay in French in every language:
// the demand, the activity statement and L111-8 are printed as the law words them, with a translation
// beside them for English readers.

/** R124-4 1°: what the agency does, as printed under its name (FR-04). */
export const ACTIVITY_STATEMENT = "Société de recouvrement amiable de créances";

export const due = (v: TemplateVars) => amount(totalsOf(v.claims).dueCents, v.currency, v.lang);

/** R124-4 4°: the demand to pay, always in French. */
export function frenchDemand(v: TemplateVars): string {
  return `Nous vous demandons de régler la somme de ${amount(totalsOf(v.claims).dueCents, v.currency, "fr")} sous huit jours.`;
}

/** R124-4 3°: what each claim rests on. */
export function claimBasis(c: TemplateClaim, lang: TemplateLang): string {
  return lang === "fr"
    ? `Facture n° ${c.number} du ${shortDate(c.issueDate)}, échue le ${shortDate(c.dueDate)}`
    : `Invoice No. ${c.number} of ${shortDate(c.issueDate)}, due on ${shortDate(c.dueDate)}`;
}

/** R124-4 4°: each way to pay, as printed. */
export function paymentMethods(v: TemplateVars): string[] {
  const ref = v.caseReference;
  const online =
    v.lang === "fr"
      ? `paiement en ligne sécurisé (carte, virement, échéancier) sur ${v.portalUrl}`
      : `secure online payment (card, transfer, instalment plan) at ${v.portalUrl}`;
  if (!v.agency.trustIban) return [online];
  const iban = printableIban(v.agency.trustIban);
  const transfer =
    v.lang === "fr"
      ? `virement sur le compte de tiers IBAN ${iban} ouvert au nom de ${v.agency.name}, avec la référence ${ref}`
      : `bank transfer to the client account IBAN ${iban} held by ${v.agency.name}, quoting reference ${ref}`;
  return [online, transfer];
}

export interface ClaimLabels {
  principal: string;
  interest: string;
  indemnity: string;
  paid: string;
  due: string;
}

export const CLAIM_LABELS: Record<TemplateLang, ClaimLabels> = {
  fr: {
    principal: "Principal",
    interest: "Intérêts de retard",
    indemnity: "Indemnité forfaitaire pour frais de recouvrement (art. D441-5 C. com.)",
    paid: "Déjà réglé",
    due: "Reste dû",
  },
  en: {
    principal: "Principal",
    interest: "Late interest (intérêts de retard)",
    indemnity: "Fixed recovery indemnity (indemnité forfaitaire, art. D441-5 C. com.)",
    paid: "Already paid",
    due: "Amount due",
  },
};

/** Claim lines as text: basis, then each component on its own line (R124-4 3°); never any agency fee. */
export function claimLines(v: TemplateVars): string[] {
  const l = CLAIM_LABELS[v.lang];
  const a = (cents: number) => amount(cents, v.currency, v.lang);
  const sep = v.lang === "fr" ? " : " : ": ";
  const lines: string[] = [];
  for (const c of v.claims) {
    lines.push(claimBasis(c, v.lang));
    lines.push(`  ${l.principal}${sep}${a(c.principalCents)}`);
    if (c.interestCents > 0) lines.push(`  ${l.interest}${sep}${a(c.interestCents)}`);
    if (c.indemnityCents > 0) lines.push(`  ${l.indemnity}${sep}${a(c.indemnityCents)}`);
    if (c.paidCents > 0) lines.push(`  ${l.paid}${sep}-${a(c.paidCents)}`);
  }
  lines.push(`${l.due}${sep}${due(v)}`);
  return lines;
}

/** FR-05: the recall of the first letter every later message carries. */
export function firstLetterRecall(v: TemplateVars): string | null {
  if (!v.firstLetter) return null;
  const { reference, date } = v.firstLetter;
  return v.lang === "fr"
    ? `Notre premier courrier : référence ${reference} du ${shortDate(date)}`
    : `Our first letter: reference ${reference} dated ${shortDate(date)}`;
}

export function referenceLine(v: TemplateVars): string {
  return v.lang === "fr" ? `Dossier : ${v.caseReference}` : `Case reference: ${v.caseReference}`;
}

export function dateLine(v: TemplateVars): string {
  const city = v.agency.addressLines.at(-1)?.replace(/^\d{4,5}\s*/, "") ?? "";
  return v.lang === "fr"
    ? `${city ? `${city}, le ` : "Le "}${longDate(v.today, "fr")}`
    : `${city ? `${city}, ` : ""}${longDate(v.today, "en")} (${shortDate(v.today)})`;
}

export function salutation(v: TemplateVars): string {
  if (v.lang === "en") return "Dear Sir or Madam,";
  return "Madame, Monsieur,";
}

export function signature(v: TemplateVars): string {
  return v.lang === "fr"
    ? `Le service recouvrement amiable de ${v.agency.name}`
    : `The amicable collection team, ${v.agency.name}`;
}

export function contactLine(v: TemplateVars): string | null {
  const parts = [v.agency.phone, v.agency.email].filter(Boolean);
  if (parts.length === 0) return null;
  return v.lang === "fr"
    ? `Pour toute question, contactez-nous : ${parts.join(" – ")}.`
    : `For any question, contact us: ${parts.join(" – ")}.`;
}

/** FR-06: L111-8 paragraphs 2 and 3, verbatim, with a translation for English readers. */
export function l1118Block(lang: TemplateLang): { title: string; paragraphs: string[] } {
  const title = "Article L111-8 du code des procédures civiles d'exécution (alinéas 2 et 3)";
  if (lang === "fr") return { title, paragraphs: [L111_8_PARAGRAPH_2, L111_8_PARAGRAPH_3] };
  return {
    title,
    paragraphs: [
      L111_8_PARAGRAPH_2,
      L111_8_PARAGRAPH_3,
      "Translation: the costs of recovery undertaken without an enforceable title remain payable by the creditor, " +
        "unless they concern an act the law requires of the creditor; any contrary clause is deemed unwritten. " +
        "However, a creditor who proves the necessity of the steps taken may ask the enforcement judge to leave " +
        "all or part of those costs to a debtor acting in bad faith.",
    ],
  };
}

/** R124-4 1°–4° in French, printed in every English first letter beside the English text. */
export function frenchMentionsBlock(v: TemplateVars): { title: string; paragraphs: string[] } {
  const creditor = [v.creditor.name, ...v.creditor.addressLines].join(", ");
  return {
    title: "Mentions légales (art. R124-4 du code des procédures civiles d'exécution)",
    paragraphs: [
      `${v.agency.name}, ${v.agency.addressLines.join(", ")} – ${ACTIVITY_STATEMENT}.`,
      `Créancier : ${creditor}.`,
      frenchDemand(v),
    ],
  };
}
