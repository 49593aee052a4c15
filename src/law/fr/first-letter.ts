import { containsAmount, containsDate, containsLoose, normalizeLoose, normalizeVerbatim } from "./text-match";

// The first letter to a debtor (CPCE R124-4) and the reminders that follow it. A template validator
// refuses a letter that lacks a mandatory mention: leaving one out is a 5th-class contravention
// (FR-11, R124-7).

/** FR-06: CPCE L111-8 paragraph 2, reproduced verbatim in every first letter (R124-4 5°). */
export const L111_8_PARAGRAPH_2 =
  "Les frais de recouvrement entrepris sans titre exécutoire restent à la charge du créancier, sauf s'ils concernent un acte dont l'accomplissement est prescrit par la loi au créancier. Toute stipulation contraire est réputée non écrite, sauf disposition législative contraire.";

/** FR-06: CPCE L111-8 paragraph 3, reproduced verbatim in every first letter (R124-4 5°). */
export const L111_8_PARAGRAPH_3 =
  "Cependant, le créancier qui justifie du caractère nécessaire des démarches entreprises pour recouvrer sa créance peut demander au juge de l'exécution de laisser tout ou partie des frais ainsi exposés à la charge du débiteur de mauvaise foi.";

export interface LetterParty {
  name: string;
  /** Address or registered office as printed, lines joined by commas or spaces. */
  address: string;
}

/**
 * One claim as R124-4 3° wants it: its basis and the amounts owed as principal, interest and other
 * accessories, each shown separately, in cents. There is deliberately no field for collection
 * fees: amicable costs stay with the creditor (FR-07, L111-8 para. 2) and never reach a letter.
 */
export interface LetterClaim {
  /** What the claim rests on, as printed: "Facture n° F-2025-014 du 12/02/2025". */
  basis: string;
  principalCents: number;
  interestCents: number;
  /** The creditor's own statutory accessories, e.g. B2B late penalties and the 40 € indemnity (FR-13, FR-14). */
  otherAccessoriesCents: number;
}

export interface FirstLetterFacts {
  agency: LetterParty;
  /** R124-4 1°: the statement that the agency does amicable debt collection. */
  activityStatement: string;
  creditor: LetterParty;
  currency: string;
  claims: readonly LetterClaim[];
  /** R124-4 4°: the demand to pay, as printed. */
  demand: string;
  /** R124-4 4°: each way to pay, as printed (IBAN line, payment link, address for cheques…). */
  paymentMethods: readonly string[];
  /** FR-05: the reference every later step repeats. */
  reference: string;
  /** FR-05: the letter's date, YYYY-MM-DD. */
  date: string;
}

export const FIRST_LETTER_MENTIONS = [
  "agency_name",
  "agency_address",
  "activity_statement",
  "creditor_name",
  "creditor_address",
  "claim_basis",
  "claim_principal",
  "claim_interest",
  "claim_accessories",
  "demand_to_pay",
  "payment_methods",
  "l111_8_paragraph_2",
  "l111_8_paragraph_3",
  "reference",
  "date",
] as const;
export type FirstLetterMention = (typeof FIRST_LETTER_MENTIONS)[number];

export interface MissingMention {
  code: FirstLetterMention;
  /** Index in `facts.claims` for the claim_* codes. */
  claimIndex?: number;
}

/** The R124-4 mentions (FR-04, FR-05, FR-06) that the text lacks; empty when the letter may go. */
export function checkFirstLetter(text: string, facts: FirstLetterFacts): MissingMention[] {
  const missing: MissingMention[] = [];
  const need = (code: FirstLetterMention, present: boolean) => {
    if (!present) missing.push({ code });
  };
  // R124-4 1°
  need("agency_name", containsLoose(text, facts.agency.name));
  need("agency_address", containsLoose(text, facts.agency.address));
  need(
    "activity_statement",
    isActivityStatement(facts.activityStatement) && containsLoose(text, facts.activityStatement),
  );
  // R124-4 2°
  need("creditor_name", containsLoose(text, facts.creditor.name));
  need("creditor_address", containsLoose(text, facts.creditor.address));
  // R124-4 3°: basis and each component separately.
  if (facts.claims.length === 0) missing.push({ code: "claim_principal" });
  facts.claims.forEach((claim, claimIndex) => {
    const needClaim = (code: FirstLetterMention, present: boolean) => {
      if (!present) missing.push({ code, claimIndex });
    };
    needClaim("claim_basis", containsLoose(text, claim.basis));
    needClaim("claim_principal", claim.principalCents > 0 && containsAmount(text, claim.principalCents));
    if (claim.interestCents > 0) {
      needClaim(
        "claim_interest",
        /interet/.test(normalizeLoose(text)) && containsAmount(text, claim.interestCents),
      );
    }
    if (claim.otherAccessoriesCents > 0) {
      needClaim(
        "claim_accessories",
        /accessoire|penalite|indemnite/.test(normalizeLoose(text)) &&
          containsAmount(text, claim.otherAccessoriesCents),
      );
    }
  });
  // R124-4 4°
  need("demand_to_pay", isDemand(facts.demand) && containsLoose(text, facts.demand));
  need(
    "payment_methods",
    facts.paymentMethods.length > 0 && facts.paymentMethods.every((m) => containsLoose(text, m)),
  );
  // R124-4 5°, FR-06: verbatim, so only spacing and apostrophe shapes may differ.
  const verbatim = normalizeVerbatim(text);
  need("l111_8_paragraph_2", verbatim.includes(normalizeVerbatim(L111_8_PARAGRAPH_2)));
  need("l111_8_paragraph_3", verbatim.includes(normalizeVerbatim(L111_8_PARAGRAPH_3)));
  // FR-05
  need("reference", containsLoose(text, facts.reference));
  need("date", containsDate(text, facts.date));
  return missing;
}

export type LaterMessageMention = "first_letter_reference" | "first_letter_date";

/**
 * FR-05 (R124-4): every later step repeats the reference and date of the first letter. Relance
 * applies this to every channel, so call scripts and SMS go through the same check.
 */
export function checkLaterMessage(
  text: string,
  reference: string,
  firstLetterDate: string,
): LaterMessageMention[] {
  const missing: LaterMessageMention[] = [];
  if (!containsLoose(text, reference)) missing.push("first_letter_reference");
  if (!containsDate(text, firstLetterDate)) missing.push("first_letter_date");
  return missing;
}

function isActivityStatement(statement: string): boolean {
  // R124-4 1°: the letter must say that the agency collects debts amicably.
  const s = normalizeLoose(statement);
  return /recouvrement/.test(s) && /amiable/.test(s);
}

function isDemand(demand: string): boolean {
  return /\b(regler|reglement|payer|paiement|verser|versement|acquitter)\b/.test(normalizeLoose(demand));
}
