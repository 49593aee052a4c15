import { describe, expect, it } from "vitest";
import {
  checkFirstLetter,
  checkLaterMessage,
  type FirstLetterFacts,
  L111_8_PARAGRAPH_2,
  L111_8_PARAGRAPH_3,
} from "../../src/law/fr/first-letter";

const facts: FirstLetterFacts = {
  agency: { name: "Cabinet Martin Recouvrement", address: "12 rue de la Paix, 75002 Paris" },
  activityStatement: "société de recouvrement amiable de créances",
  creditor: { name: "Boulangerie Durand SARL", address: "4 place du Marché, 69003 Lyon" },
  currency: "EUR",
  claims: [
    {
      basis: "Facture n° F-2025-014 du 12/02/2025",
      principalCents: 123_456,
      interestCents: 1_520,
      otherAccessoriesCents: 4_000,
    },
  ],
  demand: "Nous vous demandons de régler la somme de 1 250,76 € sous huit jours.",
  paymentMethods: [
    "virement sur le compte FR76 3000 6000 0112 3456 7890 189",
    "paiement en ligne sur https://pay.example.fr/R-2025-0042",
  ],
  reference: "R-2025-0042",
  date: "2025-03-05",
};

const letter = `Cabinet Martin Recouvrement
12 rue de la Paix
75002 Paris
Société de recouvrement amiable de créances

Paris, le 5 mars 2025
Référence : R-2025-0042

Madame, Monsieur,

Nous intervenons pour le compte de Boulangerie Durand SARL, 4 place du Marché, 69003 Lyon.

Facture n° F-2025-014 du 12/02/2025
  Principal : 1\u202f234,56 €
  Intérêts : 15,20 €
  Indemnité forfaitaire (art. D441-5 C. com.) : 40,00 €

Nous vous demandons de régler la somme de 1 250,76 € sous huit jours.

Vous pouvez payer par virement sur le compte FR76 3000 6000 0112 3456 7890 189,
ou par paiement en ligne sur https://pay.example.fr/R-2025-0042.

Article L111-8 du code des procédures civiles d'exécution :
${L111_8_PARAGRAPH_2.replaceAll("'", "\u2019")}
${L111_8_PARAGRAPH_3.replace("ainsi exposés", "ainsi\nexposés")}
`;

describe("checkFirstLetter (R124-4)", () => {
  it("accepts a first letter with every mandatory mention", () => {
    expect(checkFirstLetter(letter, facts)).toEqual([]);
  });

  it.each([
    ["agency_name", "Cabinet Martin Recouvrement"],
    ["agency_address", "12 rue de la Paix"],
    ["activity_statement", "Société de recouvrement amiable de créances"],
    ["creditor_name", "Boulangerie Durand SARL"],
    ["creditor_address", "69003 Lyon"],
    ["reference", "Référence : R-2025-0042"],
    ["date", "le 5 mars 2025"],
  ])("reports %s when it is left out", (code, removed) => {
    const text = letter.replace(removed, "");
    expect(checkFirstLetter(text, facts).map((m) => m.code)).toContain(code);
  });

  it("reports each claim component shown without its amount (R124-4 3°)", () => {
    const text = letter.replace("1\u202f234,56 €", "").replace("15,20 €", "").replace("40,00 €", "");
    expect(checkFirstLetter(text, facts)).toEqual([
      { code: "claim_principal", claimIndex: 0 },
      { code: "claim_interest", claimIndex: 0 },
      { code: "claim_accessories", claimIndex: 0 },
    ]);
  });

  it("reports a claim whose basis is not printed", () => {
    const text = letter.replace("Facture n° F-2025-014 du 12/02/2025", "Votre facture");
    expect(checkFirstLetter(text, facts)).toEqual([{ code: "claim_basis", claimIndex: 0 }]);
  });

  it("does not ask for interest or accessories lines when there are none", () => {
    const plain = { ...facts, claims: [{ ...facts.claims[0]!, interestCents: 0, otherAccessoriesCents: 0 }] };
    expect(checkFirstLetter(letter.replace("15,20 €", "").replace("40,00 €", ""), plain)).toEqual([]);
  });

  it("refuses an L111-8 text with a word changed, but not with other spacing or apostrophes (FR-06)", () => {
    const altered = letter.replace("de mauvaise foi", "de bonne foi");
    expect(checkFirstLetter(altered, facts)).toEqual([{ code: "l111_8_paragraph_3" }]);
    const withoutParagraph2 = letter.replace(L111_8_PARAGRAPH_2.replaceAll("'", "\u2019"), "");
    expect(checkFirstLetter(withoutParagraph2, facts)).toEqual([{ code: "l111_8_paragraph_2" }]);
  });

  it("reports a missing way to pay and a demand that asks for nothing", () => {
    const text = letter.replace("https://pay.example.fr/R-2025-0042", "notre site");
    expect(checkFirstLetter(text, facts)).toEqual([{ code: "payment_methods" }]);
    const noDemand = { ...facts, demand: "Nous restons à votre disposition." };
    expect(checkFirstLetter(`${letter}\nNous restons à votre disposition.`, noDemand)).toEqual([
      { code: "demand_to_pay" },
    ]);
    expect(checkFirstLetter(letter, { ...facts, paymentMethods: [] })).toEqual([{ code: "payment_methods" }]);
  });

  it("refuses an activity statement that does not say amicable collection", () => {
    const vague = { ...facts, activityStatement: "Cabinet de conseil" };
    expect(checkFirstLetter(`${letter}\nCabinet de conseil`, vague)).toEqual([
      { code: "activity_statement" },
    ]);
  });

  it("does not take a longer number for the amount owed", () => {
    const text = letter.replace("1\u202f234,56 €", "11 234,56 €");
    expect(checkFirstLetter(text, facts)).toEqual([{ code: "claim_principal", claimIndex: 0 }]);
  });

  it("accepts amounts written with a dot for thousands or with no separator", () => {
    expect(checkFirstLetter(letter.replace("1\u202f234,56", "1.234,56"), facts)).toEqual([]);
    expect(checkFirstLetter(letter.replace("1\u202f234,56", "1234,56"), facts)).toEqual([]);
  });
});

describe("checkLaterMessage (FR-05)", () => {
  it("accepts an SMS that repeats the first letter's reference and date", () => {
    const sms = "Rappel dossier R-2025-0042 (courrier du 05/03/2025) : réglez sur https://pay.example.fr";
    expect(checkLaterMessage(sms, "R-2025-0042", "2025-03-05")).toEqual([]);
  });

  it("reports a call script that forgets the reference or the date", () => {
    expect(checkLaterMessage("Suite à notre courrier du 5 mars 2025", "R-2025-0042", "2025-03-05")).toEqual([
      "first_letter_reference",
    ]);
    expect(checkLaterMessage("Dossier R-2025-0042", "R-2025-0042", "2025-03-05")).toEqual([
      "first_letter_date",
    ]);
  });

  it("does not mistake a longer reference or another date for the right ones", () => {
    expect(checkLaterMessage("Dossier R-2025-00421 du 15/03/2025", "R-2025-0042", "2025-03-05")).toEqual([
      "first_letter_reference",
      "first_letter_date",
    ]);
  });

  it("reads the first of the month written as 1er", () => {
    expect(checkLaterMessage("Dossier R-1, courrier du 1er avril 2025", "R-1", "2025-04-01")).toEqual([]);
  });
});
