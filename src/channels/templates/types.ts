// What a template is rendered with: the facts of one case at one moment, already loaded and
// formatted-free (cents, ISO dates). Templates are pure functions of these variables.

export const TEMPLATE_LANGS = ["fr", "en"] as const;
export type TemplateLang = (typeof TEMPLATE_LANGS)[number];

/** The written forms a template takes: an email (HTML + text), an SMS, a letter (PDF). */
export const RENDER_CHANNELS = ["email", "sms", "letter"] as const;
export type RenderChannel = (typeof RENDER_CHANNELS)[number];

export interface Party {
  name: string;
  /** Postal address lines as printed, street first, "69002 Lyon" last. Empty when unknown. */
  addressLines: string[];
}

export interface TemplateClaim {
  /** Invoice or contract number. */
  number: string;
  issueDate: string;
  dueDate: string;
  principalCents: number;
  /** Late interest or penalties the creditor claims on this invoice (L441-10, C. civ. 1231-6). */
  interestCents: number;
  /** The creditor's 40 € recovery indemnity (D441-5), business debtors only. */
  indemnityCents: number;
  paidCents: number;
}

export interface TemplateVars {
  lang: TemplateLang;
  /** The message's date in the debtor's zone, YYYY-MM-DD. */
  today: string;
  agency: Party & {
    siren: string | null;
    phone: string | null;
    email: string | null;
    /** The trust account (R124-2) debtors pay into, when set. */
    trustIban: string | null;
  };
  creditor: Party;
  debtor: Party & { kind: "person" | "company" };
  caseReference: string;
  currency: string;
  claims: TemplateClaim[];
  /** The debtor's secure page (pay, plan, dispute); supplied by the caller. */
  portalUrl: string;
  /** FR-05: the first letter's reference and date, once it went out. */
  firstLetter: { reference: string; date: string } | null;
  /** The promise or instalment a commitment reminder is about, from the outbox payload; absent otherwise. */
  commitment?: Commitment | null;
}

/** A payment the debtor committed to: a promise, or one instalment of a plan (1-based `instalmentNo`). */
export interface Commitment {
  kind: "promise" | "payment_plan";
  dueDate: string;
  amountCents: number;
  instalmentNo?: number;
}

export interface Totals {
  principalCents: number;
  interestCents: number;
  indemnityCents: number;
  paidCents: number;
  dueCents: number;
}

export function totalsOf(claims: readonly TemplateClaim[]): Totals {
  const sum = (f: (c: TemplateClaim) => number) => claims.reduce((s, c) => s + f(c), 0);
  const principalCents = sum((c) => c.principalCents);
  const interestCents = sum((c) => c.interestCents);
  const indemnityCents = sum((c) => c.indemnityCents);
  const paidCents = sum((c) => c.paidCents);
  return {
    principalCents,
    interestCents,
    indemnityCents,
    paidCents,
    dueCents: principalCents + interestCents + indemnityCents - paidCents,
  };
}

/** One block of a written message; email, text and PDF renderers lay the same blocks out. */
export type Block =
  | { kind: "paragraph"; text: string }
  | { kind: "claims" }
  | { kind: "payment"; intro: string; methods: string[] }
  | { kind: "legal"; title: string; paragraphs: string[] }
  | { kind: "closing"; text: string; signature: string };

export interface WrittenMessage {
  subject: string;
  /** Lines printed under the date: reference, first-letter recall. */
  references: string[];
  salutation: string;
  blocks: Block[];
  /** Whether this message is meant to be the R124-4 first letter. */
  firstLetter: boolean;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  /** Every link the email carries, in order; the first is the portal link. */
  links: string[];
}

export interface RenderedSms {
  text: string;
}

export interface RenderedLetter {
  message: WrittenMessage;
  vars: TemplateVars;
  /** The letter as plain text, what the PDF prints; the law checks run on it. */
  text: string;
}
