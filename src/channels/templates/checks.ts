import { checkFirstLetter, checkLaterMessage, type FirstLetterFacts } from "../../law/fr/first-letter";
import { findForbiddenPhrases } from "../../law/fr/forbidden-phrases";
import type { TemplateDefinition } from "./catalog";
import { ACTIVITY_STATEMENT, claimBasis, frenchDemand, paymentMethods } from "./phrases";
import type { TemplateVars } from "./types";

// The last word before anything leaves: a rendered message goes out only if the law allows its words.
// While a case has no first letter, only a complete R124-4 first letter may go (FR-04, FR-06); after it,
// every message recalls its reference and date (FR-05); no message carries a forbidden phrase (FR-27).

/** The R124-4 facts a rendered first letter must show, from the variables it was rendered with. */
export function firstLetterFacts(v: TemplateVars): FirstLetterFacts {
  return {
    agency: { name: v.agency.name, address: v.agency.addressLines.join(", ") },
    activityStatement: ACTIVITY_STATEMENT,
    creditor: { name: v.creditor.name, address: v.creditor.addressLines.join(", ") },
    currency: v.currency,
    claims: v.claims.map((c) => ({
      basis: claimBasis(c, v.lang),
      principalCents: c.principalCents,
      interestCents: c.interestCents,
      otherAccessoriesCents: c.indemnityCents,
    })),
    demand: frenchDemand(v),
    paymentMethods: paymentMethods(v),
    reference: v.firstLetter?.reference ?? v.caseReference,
    date: v.firstLetter?.date ?? v.today,
  };
}

export type LawVerdict =
  | { ok: true; becomesFirstLetter: boolean }
  | {
      ok: false;
      code: "forbidden_phrase" | "first_letter_incomplete" | "first_letter_not_recalled" | "no_first_letter";
      detail: string[];
    };

export function checkRenderedMessage(
  template: TemplateDefinition,
  v: TemplateVars,
  text: string,
): LawVerdict {
  const forbidden = findForbiddenPhrases(text);
  if (forbidden.length > 0) {
    return { ok: false, code: "forbidden_phrase", detail: forbidden.map((f) => `${f.code}: ${f.match}`) };
  }
  if (!v.firstLetter) {
    if (!template.firstLetter) {
      // FR-05 presupposes a first letter: no later step may reach the debtor before it.
      return { ok: false, code: "no_first_letter", detail: [template.name] };
    }
    const missing = checkFirstLetter(text, firstLetterFacts(v));
    if (missing.length > 0) {
      return {
        ok: false,
        code: "first_letter_incomplete",
        detail: missing.map((m) => (m.claimIndex === undefined ? m.code : `${m.code}[${m.claimIndex}]`)),
      };
    }
    return { ok: true, becomesFirstLetter: true };
  }
  const missing = checkLaterMessage(text, v.firstLetter.reference, v.firstLetter.date);
  if (missing.length > 0) return { ok: false, code: "first_letter_not_recalled", detail: missing };
  return { ok: true, becomesFirstLetter: false };
}

/** A readable one-line reason, for the outbox row and the timeline. */
export function verdictReason(verdict: Exclude<LawVerdict, { ok: true }>): string {
  const what: Record<typeof verdict.code, string> = {
    forbidden_phrase: "forbidden phrase (FR-27)",
    first_letter_incomplete: "first letter lacks R124-4 mentions",
    first_letter_not_recalled:
      "message does not recall the first letter's reference and date (R124-4, FR-05)",
    no_first_letter: "no first letter has gone out yet (R124-4): a later message cannot be first",
  };
  return `${what[verdict.code]}: ${verdict.detail.join(", ")}`;
}
