import type { TemplateLang, TemplateVars } from "./types";

/** A plausible case for previews (`relance template preview --demo`) and template tests. */
export function demoVars(
  lang: TemplateLang,
  options: { b2b?: boolean; firstLetter?: boolean; portalUrl?: string } = {},
): TemplateVars {
  const b2b = options.b2b ?? false;
  return {
    lang,
    today: "2026-12-07",
    agency: {
      name: "Relance Recouvrement",
      addressLines: ["18 rue de la Bourse", "69002 Lyon"],
      siren: "812345674",
      phone: "+33 4 78 00 00 00",
      email: "contact@relance-recouvrement.example",
      trustIban: "FR7630004000031234567890143",
    },
    creditor: {
      name: b2b ? "Fournitures Pro du Rhône SAS" : "Énergie Verte Abonnements SA",
      addressLines: b2b ? ["4 quai Perrache", "69002 Lyon"] : ["27 avenue de France", "75013 Paris"],
    },
    debtor: b2b
      ? { kind: "company", name: "Boulangerie Martin SARL", addressLines: ["12 rue des Lilas", "69003 Lyon"] }
      : { kind: "person", name: "Camille Durand", addressLines: ["5 allée des Tilleuls", "38000 Grenoble"] },
    caseReference: "REL-2026-000042",
    currency: "EUR",
    claims: b2b
      ? [
          {
            number: "FP-2026-000311",
            issueDate: "2026-06-01",
            dueDate: "2026-07-01",
            principalCents: 123_456,
            interestCents: 2_315,
            indemnityCents: 4_000,
            paidCents: 0,
          },
          {
            number: "FP-2026-000347",
            issueDate: "2026-07-03",
            dueDate: "2026-08-02",
            principalCents: 48_000,
            interestCents: 0,
            indemnityCents: 4_000,
            paidCents: 10_000,
          },
        ]
      : [
          {
            number: "EV-2026-004210",
            issueDate: "2026-08-14",
            dueDate: "2026-08-29",
            principalCents: 18_740,
            interestCents: 0,
            indemnityCents: 0,
            paidCents: 0,
          },
        ],
    portalUrl: options.portalUrl ?? "https://relance.example/p/demo-7Hq2",
    firstLetter: options.firstLetter ? { reference: "REL-2026-000042", date: "2026-11-23" } : null,
  };
}
