import { findForbiddenPhrases } from "../../law/fr/forbidden-phrases";
import { containsAmount, containsLoose, normalizeLoose } from "../../law/fr/text-match";
import type { CallContext } from "./types";

// Every sentence the agent is about to say passes here, whoever wrote it (policy, persona, LLM).
// Two rules: no phrase the DGCCRF sanctions (FR-27), and before the right-party check nothing that
// tells a stranger about the debt — no amount, creditor, reference or debt vocabulary.

export type GuardViolation =
  | { rule: "forbidden_phrase"; code: string; match: string }
  | { rule: "debt_detail_before_right_party"; detail: string };

// English counterparts of the French list: a threat is a threat in either language.
const ENGLISH_FORBIDDEN: { code: string; pattern: RegExp }[] = [
  { code: "bailiff_threat", pattern: /\b(bailiffs?|enforcement agents?|seize|seizure|repossess\w*)\b/ },
  {
    code: "banque_de_france_threat",
    pattern: /\b(banque de france|credit (file|record|blacklist)|blacklist\w*)\b/,
  },
  {
    code: "debtor_fees",
    pattern: /\b(collection|admin(istration)?|handling|file|processing) (fees?|charges?)\b/,
  },
  { code: "judicial_vocabulary", pattern: /\b(legal department|enforcement department|court officer)\b/ },
  { code: "damages_claim", pattern: /\bdamages\b/ },
];

const DEBT_WORDS =
  /\b(dette|dettes|creance|creances|impaye\w*|facture\w*|somme due|montant du|vous devez|doit|recouvr\w*|relance\w*|paiement|payer|regler|reglement|debt|debts|owe|owed|owing|unpaid|invoice\w*|outstanding|balance|arrears|collection|payment|pay)\b/;

export function checkUtterance(text: string, ctx: CallContext, rightParty: boolean): GuardViolation[] {
  const violations: GuardViolation[] = [];
  for (const f of findForbiddenPhrases(text))
    violations.push({ rule: "forbidden_phrase", code: f.code, match: f.match });
  const loose = normalizeLoose(text);
  for (const f of ENGLISH_FORBIDDEN) {
    const m = f.pattern.exec(loose);
    if (m) violations.push({ rule: "forbidden_phrase", code: f.code, match: m[0] });
  }
  if (!rightParty) {
    const detail = (name: string) =>
      violations.push({ rule: "debt_detail_before_right_party", detail: name });
    if (ctx.creditorName && containsLoose(text, ctx.creditorName)) detail("creditor");
    if (ctx.balanceCents > 0 && containsAmount(text, ctx.balanceCents)) detail("amount");
    if (ctx.firstLetterRef && containsLoose(text, ctx.firstLetterRef)) detail("reference");
    // The agency's own name may contain "Recouvrement": it is said in the opening by law, so it is
    // taken out before looking for debt words.
    const withoutAgency = loose.split(normalizeLoose(ctx.agencyName)).join(" ");
    const word = DEBT_WORDS.exec(withoutAgency);
    if (word) detail(`word:${word[0]}`);
    if (/\d+(?:[.,]\d+)? ?(?:€|eur\b|euros?\b)|€ ?\d/.test(loose)) detail("money");
  }
  return violations;
}
