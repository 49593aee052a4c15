import { normalizeLoose } from "./text-match";

// What the DGCCRF sanctions in amicable collection (FR-27), as patterns that a template validator
// and the voice agent's guardrails refuse. Patterns run on loosely normalised text (no accents, lower
// case, punctuation as spaces), so "Frais de Dossier" and "frais de dossier" are the same finding.

export const FORBIDDEN_PHRASE_CODES = [
  "judicial_vocabulary",
  "bailiff_threat",
  "banque_de_france_threat",
  "debtor_fees",
  "damages_claim",
  "premium_rate_number",
] as const;
export type ForbiddenPhraseCode = (typeof FORBIDDEN_PHRASE_CODES)[number];

export interface ForbiddenPhrase {
  code: ForbiddenPhraseCode;
  pattern: RegExp;
  ground: string;
}

export const FORBIDDEN_PHRASES: readonly ForbiddenPhrase[] = [
  {
    code: "judicial_vocabulary",
    // Headings that dress an amicable agency as a court service ("service judiciaire").
    pattern:
      /\b(service|departement|pole|cellule|direction|division) (judiciaire|des huissiers|d'execution)\b/,
    ground: "FR-27: letters blurring amicable and forced recovery",
  },
  {
    code: "judicial_vocabulary",
    // Acts only a commissaire de justice can do under a title; an amicable letter cannot announce them.
    pattern:
      /\b(commandement de payer|avis de saisie|saisie[ -](immediate|sur salaire|de vos biens|de vos comptes|attribution|des remunerations)|execution forcee|proces-verbal de saisie|avis avant saisie)\b/,
    ground: "FR-27: letters blurring amicable and forced recovery; FR-07: forced enforcement needs a title",
  },
  {
    code: "bailiff_threat",
    // The profession is "commissaire de justice" since 2022: "huissier" in a template is intimidation.
    pattern: /\b(huissiers?|visite domiciliaire|enqueteur a domicile)\b/,
    ground: "FR-27: letters blurring amicable and forced recovery",
  },
  {
    code: "banque_de_france_threat",
    pattern: /\b(banque de france|ficp|fichage|fichier (national|bancaire|des incidents))\b/,
    ground: "FR-27: threats of registration in a Banque de France file (DGCCRF 2016)",
  },
  {
    code: "debtor_fees",
    // "frais de recouvrement" alone stays allowed: L111-8 para. 2 and the B2B indemnity (FR-14) use it.
    pattern:
      /\b(frais (de dossier|de relance|de gestion|de traitement|accessoires|de l'acte|d'huissier|de mise en demeure|d'intervention|de poursuite)|frais de recouvrement (amiable )?((sont |seront |restent |resteront )?a votre charge|vous (seront|sont) (factures|imputes|reclames)))\b/,
    ground:
      "FR-07: amicable collection costs never go to the debtor (L111-8 para. 2); FR-27 'frais accessoires'",
  },
  {
    code: "damages_claim",
    pattern: /\bdommages( |-)(et )?interets\b/,
    ground: "FR-17: C. civ. 1231-6 damages need bad faith and a separate loss, never claimed by default",
  },
  {
    code: "premium_rate_number",
    // 081, 082 and 089 numbers are charged above the standard rate.
    pattern: /(?<![\d])(?:\+33 ?|0033 ?|0)8[ .-]?[129]\d(?:[ .-]?\d{2}){3}(?!\d)/,
    ground: "FR-27: premium-rate phone numbers",
  },
];

export interface ForbiddenPhraseFinding {
  code: ForbiddenPhraseCode;
  /** The offending words, as normalised. */
  match: string;
  ground: string;
}

/** Every forbidden phrase in an amicable template or script; empty when it may be used. */
export function findForbiddenPhrases(
  text: string,
  phrases: readonly ForbiddenPhrase[] = FORBIDDEN_PHRASES,
): ForbiddenPhraseFinding[] {
  const loose = normalizeLoose(text);
  const findings: ForbiddenPhraseFinding[] = [];
  for (const phrase of phrases) {
    const global = new RegExp(
      phrase.pattern.source,
      phrase.pattern.flags.includes("g") ? phrase.pattern.flags : `${phrase.pattern.flags}g`,
    );
    for (const match of loose.matchAll(global)) {
      findings.push({ code: phrase.code, match: match[0], ground: phrase.ground });
    }
  }
  return findings;
}
