import { type Scenario, scenarioSchema } from "./scenario";

// The two scenarios Relance ships, built on the sequence a digital agency runs in practice: written
// notice with the payment link by email and SMS, a courteous call, a letter, a firm call, a registered
// formal notice, a last amicable call, then a proposal to go to court. docs/scenarios.md explains them.
// Offsets count from the previous step, so a late step pushes the rest back rather than bunching them.

const common = (b2b: boolean): Scenario["steps"] => {
  const t = (name: string) => (b2b ? `${name}_b2b` : name);
  return [
    {
      id: "first-notice-email",
      label: "Première relance écrite (mentions R124-4) avec lien de paiement",
      offset: { days: 0, from: "placement" },
      channel: "email",
      template: t("first_notice"),
    },
    {
      id: "first-notice-sms",
      label: "SMS avec lien de paiement",
      offset: { days: 0, from: "previous_step" },
      channel: "sms",
      template: "payment_link_sms",
      sendAt: "08:30",
    },
    {
      id: "first-notice-letter",
      label: "Courrier de première relance si l'e-mail n'a pas pu être remis",
      offset: { days: 1, from: "previous_step" },
      channel: "letter",
      template: t("first_notice"),
      conditions: { ifOutcome: { step: "first-notice-email", in: ["not_delivered", "skipped"] } },
    },
    {
      id: "courteous-call",
      label: "Appel courtois : le lien est-il bien arrivé ?",
      offset: { days: 3, from: "previous_step" },
      channel: "voice_call",
      persona: "courteous",
      template: "call_courteous",
      retry: { onOutcomes: ["no_answer", "voicemail"], afterHours: 26, maxAttempts: 2 },
    },
    {
      id: "reminder-letter",
      label: "Lettre de relance",
      offset: { days: 7, from: "previous_step" },
      channel: "letter",
      template: t("reminder_letter"),
    },
    {
      id: "firm-call",
      label: "Appel ferme : difficultés, rendez-vous avec un chargé de recouvrement",
      offset: { days: 7, from: "previous_step" },
      channel: "voice_call",
      persona: "firm",
      template: "call_firm",
      retry: { onOutcomes: ["no_answer", "voicemail"], afterHours: 50, maxAttempts: 2 },
    },
    {
      id: "formal-notice",
      label: "Mise en demeure par lettre recommandée avec accusé de réception",
      offset: { days: 7, from: "previous_step" },
      channel: "registered_letter",
      template: t("formal_notice"),
      escalateTo: "pre_litigation",
    },
    {
      id: "last-attempt-call",
      label: "Dernière tentative amiable par téléphone",
      offset: { days: 8, from: "previous_step" },
      channel: "voice_call",
      persona: "last_attempt",
      template: "call_last_attempt",
      retry: { onOutcomes: ["no_answer", "voicemail"], afterHours: 50, maxAttempts: 2 },
    },
    {
      id: "judicial-proposal",
      label: "Proposition au créancier d'engager le recouvrement judiciaire",
      offset: { days: 7, from: "previous_step" },
      channel: "agent_task",
      template: "judicial_proposal",
      escalateTo: "judicial_proposal",
    },
  ];
};

export const FR_B2C_AMICABLE: Scenario = scenarioSchema.parse({
  key: "fr-b2c-amicable",
  name: "Amiable particuliers (France)",
  description:
    "Particuliers : principal seul, jamais de frais de recouvrement amiable (L111-8) ni d'indemnité de 40 €. " +
    "Appels dans les créneaux par défaut, au plus 4 tentatives sur 30 jours.",
  steps: common(false),
});

export const FR_B2B_AMICABLE: Scenario = scenarioSchema.parse({
  key: "fr-b2b-amicable",
  name: "Amiable entreprises (France)",
  description:
    "Entreprises : en plus du principal, pénalités de retard (L441-10) et indemnité forfaitaire de 40 € par facture " +
    "(D441-5), présentées comme créances propres du créancier.",
  steps: common(true),
});

export const DEFAULT_SCENARIOS: readonly Scenario[] = [FR_B2C_AMICABLE, FR_B2B_AMICABLE];

export function defaultScenarioKey(debtorKind: "person" | "company"): string {
  return debtorKind === "company" ? FR_B2B_AMICABLE.key : FR_B2C_AMICABLE.key;
}
