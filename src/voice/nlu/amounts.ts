// Sums of money and numbers of instalments in a normalized, digit-converted utterance. Dates and
// clock times are removed first by the caller, so "le 15" or "à 18h" never become euros.

const NUM = String.raw`(\d{1,3}(?:[ ,]\d{3})+|\d+)(?:,(\d{1,2}))?(?!\d)`;
const CURRENCY = "(?:euros?|€|balles|boules)";
/** A number followed by one of these counts something else than money. */
const OTHER_UNIT = String.raw`(?! ?(?:fois|mois|jours?|semaines?|ans?|annees?|%|h\b|heures?|minutes?|secondes?|enfants?|versements?|mensualites?|echeances?))`;

const WITH_CURRENCY = new RegExp(
  String.raw`\b${NUM} ?${CURRENCY}(?![a-z0-9])(?: (?:et )?(\d{1,2})(?: centimes?)?\b${OTHER_UNIT}(?! ?${CURRENCY}))?`,
);
const CENTS_ONLY = /\b(\d{1,2}) centimes?\b/;
const PER_MONTH = new RegExp(String.raw`\b${NUM} (?:par mois|tous les mois|chaque mois|mensuels?)\b`);
// Money said without a unit, after a verb or noun of payment: "je peux mettre 100", "un virement de 200".
const AFTER_PAYMENT_WORD = new RegExp(
  String.raw`\b(?:payer|paye|paie|paierai|payerai|regler|regle|reglerai|verser|verse|verserai|mettre|mets|donner|donne|donnerai|envoyer|envoie|virer|vire|rembourser|rembourse|faire|fais|ferai|avancer|avance|virement|cheque|versement|acompte|mensualites?|echeances?)(?: (?!en\b|sur\b|le\b|dans\b)[a-z]+){0,3} ${NUM}\b${OTHER_UNIT}`,
);

function toCents(whole: string, decimals: string | undefined): number {
  const euros = Number(whole.replace(/[ ,]/g, ""));
  const cents = decimals === undefined ? 0 : Number(decimals.length === 1 ? `${decimals}0` : decimals);
  return euros * 100 + cents;
}

export function findAmountCents(text: string): number | null {
  const m = WITH_CURRENCY.exec(text);
  if (m) {
    const base = toCents(m[1]!, m[2]);
    // "150 euros 50", "45 euros et 30 centimes": the cents come after the unit.
    return m[3] !== undefined && m[2] === undefined ? base + Number(m[3]) : base;
  }
  const perMonth = PER_MONTH.exec(text);
  if (perMonth) return toCents(perMonth[1]!, perMonth[2]);
  const bare = AFTER_PAYMENT_WORD.exec(text);
  if (bare) return toCents(bare[1]!, bare[2]);
  const cents = CENTS_ONLY.exec(text);
  if (cents) return Number(cents[1]);
  return null;
}

const INSTALMENT_RULES: [RegExp, (m: RegExpExecArray) => number][] = [
  [
    /\ben (\d+|une) (?:seule )?(?:fois|versements?|mensualites?|echeances?|paiements?|prelevements?)\b/,
    (m) => count(m[1]!),
  ],
  [/\bsur (\d+|un|une) (ans?|annees?)\b/, (m) => count(m[1]!) * 12],
  [/\b(?:sur|pendant|en) (\d+|un|une) mois\b/, (m) => count(m[1]!)],
  [/\b(\d+) (?:mensualites|echeances|versements|prelevements|paiements)\b/, (m) => count(m[1]!)],
];

function count(word: string): number {
  return word === "un" || word === "une" ? 1 : Number(word);
}

export function findInstalments(text: string): number | null {
  for (const [pattern, read] of INSTALMENT_RULES) {
    const m = pattern.exec(text);
    if (m) {
      const n = read(m);
      if (n >= 1 && n <= 120) return n;
    }
  }
  return null;
}
