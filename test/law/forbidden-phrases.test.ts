import { describe, expect, it } from "vitest";
import { L111_8_PARAGRAPH_2, L111_8_PARAGRAPH_3 } from "../../src/law/fr/first-letter";
import { findForbiddenPhrases } from "../../src/law/fr/forbidden-phrases";

const codes = (text: string) => findForbiddenPhrases(text).map((f) => f.code);

describe("findForbiddenPhrases (FR-27)", () => {
  it.each([
    ["SERVICE JUDICIAIRE — Dernier avis", "judicial_vocabulary"],
    ["Un commandement de payer vous sera délivré.", "judicial_vocabulary"],
    ["Nous procéderons à une saisie sur salaire.", "judicial_vocabulary"],
    ["Saisie-attribution de vos comptes", "judicial_vocabulary"],
    ["Votre dossier sera transmis à notre huissier.", "bailiff_threat"],
    ["Vous risquez une inscription au fichier de la Banque de France.", "banque_de_france_threat"],
    ["Un fichage FICP est possible.", "banque_de_france_threat"],
    ["Frais de dossier : 35,00 €", "debtor_fees"],
    ["Des frais de relance s'ajoutent.", "debtor_fees"],
    ["Les frais de recouvrement amiable sont à votre charge.", "debtor_fees"],
    ["Nous réclamons des dommages-intérêts.", "damages_claim"],
    ["Appelez le 08 92 68 01 23.", "premium_rate_number"],
    ["Appelez le 0899.12.34.56", "premium_rate_number"],
  ])("flags %j", (text, code) => {
    expect(codes(text)).toContain(code);
  });

  it("leaves the statutory texts and honest wording alone", () => {
    const honest = [
      L111_8_PARAGRAPH_2,
      L111_8_PARAGRAPH_3,
      "Indemnité forfaitaire pour frais de recouvrement (art. D441-5 C. com.) : 40,00 €",
      "À défaut de paiement, le créancier pourra saisir la justice.",
      "Service recouvrement amiable — appelez le 01 84 80 12 34 ou le 0 800 123 456.",
    ].join("\n");
    expect(findForbiddenPhrases(honest)).toEqual([]);
  });

  it("ignores case and accents", () => {
    expect(codes("FRAIS DE GESTION")).toEqual(["debtor_fees"]);
    expect(codes("Département Judiciaire")).toEqual(["judicial_vocabulary"]);
  });

  it("reports every finding with its legal ground", () => {
    const findings = findForbiddenPhrases("Huissier. Frais de dossier. Huissier.");
    expect(findings).toHaveLength(3);
    expect(findings[0]!.ground).toMatch(/FR-27/);
  });
});
