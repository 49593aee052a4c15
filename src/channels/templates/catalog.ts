import { amount, shortDate } from "./format";
import {
  contactLine,
  due,
  firstLetterRecall,
  frenchDemand,
  frenchMentionsBlock,
  l1118Block,
  paymentMethods,
  referenceLine,
  salutation,
  signature,
} from "./phrases";
import type { Block, TemplateVars, WrittenMessage } from "./types";

// Every template the default scenarios name (collection/default-scenarios.ts), in French and English.
// A template gives a written message (laid out as email or letter) and an SMS. The words avoid what the
// DGCCRF sanctions (law/fr/forbidden-phrases.ts): no judicial vocabulary, no threat, no fee on the debtor.

type Kind =
  | "first_notice"
  | "reminder"
  | "formal_notice"
  | "payment_link"
  | "call_followup"
  | "judicial"
  | "commitment_reminder";

export interface TemplateDefinition {
  name: string;
  kind: Kind;
  /** Who reads it: debtor messages go out through the channels; creditor ones are shown to the creditor. */
  audience: "debtor" | "creditor";
  /** The R124-4 first letter: every mention, L111-8 verbatim. */
  firstLetter: boolean;
  description: string;
}

const def = (
  name: string,
  kind: Kind,
  description: string,
  extra: Partial<TemplateDefinition> = {},
): TemplateDefinition => ({
  name,
  kind,
  audience: "debtor",
  firstLetter: kind === "first_notice",
  description,
  ...extra,
});

export const TEMPLATES: readonly TemplateDefinition[] = [
  def("first_notice", "first_notice", "First letter to a private debtor (R124-4 mentions, payment link)"),
  def(
    "first_notice_b2b",
    "first_notice",
    "First letter to a business debtor (R124-4, interest and 40 € indemnity)",
  ),
  def("payment_link_sms", "payment_link", "Short reminder with the payment link"),
  def("reminder_letter", "reminder", "Reminder to a private debtor"),
  def("reminder_letter_b2b", "reminder", "Reminder to a business debtor"),
  def("formal_notice", "formal_notice", "Formal notice (mise en demeure) to a private debtor"),
  def("formal_notice_b2b", "formal_notice", "Formal notice (mise en demeure) to a business debtor"),
  def("call_courteous", "call_followup", "Written follow-up of the courteous call"),
  def("call_firm", "call_followup", "Written follow-up of the firm call"),
  def("call_last_attempt", "call_followup", "Written follow-up of the last amicable call"),
  def("commitment_reminder", "commitment_reminder", "Reminder before a promised date or a plan instalment"),
  def(
    "commitment_reminder_sms",
    "commitment_reminder",
    "Short reminder before a promised date or instalment",
  ),
  def("judicial_proposal", "judicial", "Proposal to the creditor to go to judicial recovery", {
    audience: "creditor",
  }),
];

export function findTemplate(name: string): TemplateDefinition | undefined {
  return TEMPLATES.find((t) => t.name === name);
}

const fr = (v: TemplateVars) => v.lang === "fr";

function references(v: TemplateVars): string[] {
  const recall = firstLetterRecall(v);
  return recall ? [referenceLine(v), recall] : [referenceLine(v)];
}

function paymentBlock(v: TemplateVars): Block {
  return {
    kind: "payment",
    intro: fr(v) ? "Vous pouvez régler par :" : "You can pay by:",
    methods: paymentMethods(v),
  };
}

function closing(v: TemplateVars, text: string): Block {
  const contact = contactLine(v);
  return { kind: "closing", text: contact ? `${contact} ${text}` : text, signature: signature(v) };
}

const p = (text: string): Block => ({ kind: "paragraph", text });

const creditorIdentity = (v: TemplateVars) => [v.creditor.name, ...v.creditor.addressLines].join(", ");

function firstNotice(v: TemplateVars): WrittenMessage {
  const blocks: Block[] = fr(v)
    ? [
        p(
          `${v.creditor.name} nous a confié le recouvrement amiable des sommes qui lui restent dues. ` +
            "Sauf erreur de notre part, les factures ci-dessous demeurent impayées à ce jour :",
        ),
        p(`Créancier : ${creditorIdentity(v)}`),
        { kind: "claims" },
        p(frenchDemand(v)),
        paymentBlock(v),
        p(
          "Si vous rencontrez des difficultés, vous pouvez proposer un échéancier ou une date de paiement depuis " +
            `votre espace sécurisé (${v.portalUrl}). Si vous contestez tout ou partie de ces sommes, indiquez-le-nous ` +
            "par le même moyen : nous suspendrons nos démarches le temps de vérifier votre contestation auprès du créancier.",
        ),
        { kind: "legal", ...l1118Block("fr") },
        closing(v, "Nous vous prions d'agréer, Madame, Monsieur, nos salutations distinguées."),
      ]
    : [
        p(
          `${v.creditor.name} has instructed us to collect amicably the sums still owed to it. ` +
            "Unless we are mistaken, the invoices below remain unpaid to date:",
        ),
        p(`Creditor: ${creditorIdentity(v)}`),
        { kind: "claims" },
        p(`We ask you to pay ${due(v)} within eight days.`),
        paymentBlock(v),
        p(
          "If you are facing difficulties, you can propose an instalment plan or a payment date from your secure " +
            `page (${v.portalUrl}). If you dispute all or part of these sums, tell us the same way: we will pause ` +
            "our reminders while we check your dispute with the creditor.",
        ),
        { kind: "legal", ...frenchMentionsBlock(v) },
        { kind: "legal", ...l1118Block("en") },
        closing(v, "Yours faithfully,"),
      ];
  return {
    subject: fr(v)
      ? `Dossier ${v.caseReference} – Demande de règlement pour le compte de ${v.creditor.name}`
      : `Case ${v.caseReference} – Request for payment on behalf of ${v.creditor.name}`,
    references: references(v),
    salutation: salutation(v),
    blocks,
    firstLetter: true,
  };
}

function reminder(v: TemplateVars): WrittenMessage {
  const blocks: Block[] = fr(v)
    ? [
        p(
          `Malgré notre premier courrier, nous n'avons pas reçu votre règlement des sommes dues à ${v.creditor.name}. ` +
            "Voici le détail de ce qui reste dû :",
        ),
        { kind: "claims" },
        p(
          `Nous vous remercions de régler ${due(v)} dès réception, ou de nous proposer un échéancier adapté à votre situation.`,
        ),
        paymentBlock(v),
        closing(v, "Veuillez agréer, Madame, Monsieur, nos salutations distinguées."),
      ]
    : [
        p(
          `Despite our first letter, we have not received your payment of the sums owed to ${v.creditor.name}. ` +
            "Here is what remains due:",
        ),
        { kind: "claims" },
        p(`Please pay ${due(v)} upon receipt, or propose an instalment plan that suits your situation.`),
        paymentBlock(v),
        closing(v, "Yours faithfully,"),
      ];
  return {
    subject: fr(v)
      ? `Dossier ${v.caseReference} – Relance : votre règlement reste attendu`
      : `Case ${v.caseReference} – Reminder: your payment is still awaited`,
    references: references(v),
    salutation: salutation(v),
    blocks,
    firstLetter: false,
  };
}

function formalNotice(v: TemplateVars): WrittenMessage {
  const blocks: Block[] = fr(v)
    ? [
        p(
          `Nos relances précédentes sont restées sans réponse. Par la présente, nous vous mettons en demeure, pour le compte de ${v.creditor.name}, ` +
            `de régler la somme de ${due(v)} dans un délai de huit jours à compter de sa réception.`,
        ),
        { kind: "claims" },
        paymentBlock(v),
        p(
          "À défaut de règlement ou d'accord dans ce délai, le créancier pourra décider de saisir la juridiction compétente. " +
            "Il est encore temps de trouver une solution amiable : un échéancier peut vous être proposé depuis votre espace sécurisé.",
        ),
        { kind: "legal", ...l1118Block("fr") },
        closing(v, "Veuillez agréer, Madame, Monsieur, nos salutations distinguées."),
      ]
    : [
        p(
          `Our previous reminders have gone unanswered. We hereby give you formal notice (mise en demeure), on behalf of ${v.creditor.name}, ` +
            `to pay ${due(v)} within eight days of receiving this letter.`,
        ),
        { kind: "claims" },
        paymentBlock(v),
        p(
          "Without payment or agreement within that time, the creditor may decide to bring the matter before the competent court. " +
            "There is still time for an amicable solution: an instalment plan can be offered from your secure page.",
        ),
        { kind: "legal", ...l1118Block("en") },
        closing(v, "Yours faithfully,"),
      ];
  return {
    subject: fr(v)
      ? `Dossier ${v.caseReference} – Mise en demeure de payer`
      : `Case ${v.caseReference} – Formal notice to pay`,
    references: references(v),
    salutation: salutation(v),
    blocks,
    firstLetter: false,
  };
}

function paymentLink(v: TemplateVars): WrittenMessage {
  return {
    subject: fr(v)
      ? `Dossier ${v.caseReference} – Votre lien de paiement`
      : `Case ${v.caseReference} – Your payment link`,
    references: references(v),
    salutation: salutation(v),
    blocks: [
      p(
        fr(v)
          ? `Pour régler les ${due(v)} dus à ${v.creditor.name}, ou proposer un échéancier, utilisez votre espace sécurisé : ${v.portalUrl}`
          : `To pay the ${due(v)} owed to ${v.creditor.name}, or to propose an instalment plan, use your secure page: ${v.portalUrl}`,
      ),
      closing(v, fr(v) ? "Cordialement," : "Kind regards,"),
    ],
    firstLetter: false,
  };
}

function callFollowup(v: TemplateVars): WrittenMessage {
  return {
    subject: fr(v)
      ? `Dossier ${v.caseReference} – Nous avons tenté de vous joindre`
      : `Case ${v.caseReference} – We tried to reach you`,
    references: references(v),
    salutation: salutation(v),
    blocks: [
      p(
        fr(v)
          ? `Nous avons tenté de vous joindre par téléphone au sujet des sommes dues à ${v.creditor.name} (${due(v)}). ` +
              "Vous pouvez régler, proposer un échéancier ou demander à être rappelé au moment qui vous convient depuis votre espace sécurisé."
          : `We tried to reach you by phone about the sums owed to ${v.creditor.name} (${due(v)}). ` +
              "You can pay, propose an instalment plan or ask us to call you back at a time that suits you from your secure page.",
      ),
      paymentBlock(v),
      closing(v, fr(v) ? "Cordialement," : "Kind regards,"),
    ],
    firstLetter: false,
  };
}

function judicialProposal(v: TemplateVars): WrittenMessage {
  return {
    subject: fr(v)
      ? `Dossier ${v.caseReference} – Proposition de passage au recouvrement judiciaire`
      : `Case ${v.caseReference} – Proposal to move to judicial recovery`,
    references: references(v),
    salutation: fr(v) ? "Madame, Monsieur," : "Dear client,",
    blocks: [
      p(
        fr(v)
          ? `La phase amiable du dossier de ${v.debtor.name} est terminée sans règlement. Reste dû : ${due(v)}. ` +
              "Nous vous proposons d'engager une procédure d'injonction de payer ; les frais de cette procédure vous seront présentés avant tout engagement."
          : `The amicable phase for ${v.debtor.name} ended without payment. Amount due: ${due(v)}. ` +
              "We propose to file for an order for payment (injonction de payer); its costs will be presented to you before anything is filed.",
      ),
      { kind: "claims" },
      closing(v, fr(v) ? "Cordialement," : "Kind regards,"),
    ],
    firstLetter: false,
  };
}

/** What the debtor committed to, in words: "l'échéance n° 2 de votre échéancier de 150,00 € prévue le 15/12/2026". */
function commitmentPhrase(v: TemplateVars): string {
  const c = v.commitment;
  if (!c) return fr(v) ? "votre prochain paiement" : "your next payment";
  const sum = amount(c.amountCents, v.currency, v.lang);
  const date = shortDate(c.dueDate);
  if (fr(v))
    return c.kind === "promise"
      ? `le paiement promis de ${sum} pour le ${date}`
      : `l'échéance n° ${c.instalmentNo ?? 1} de votre échéancier, ${sum} le ${date},`;
  return c.kind === "promise"
    ? `the payment of ${sum} you promised for ${date}`
    : `instalment ${c.instalmentNo ?? 1} of your plan, ${sum} on ${date},`;
}

/** The SMS form: "echeance 2: 150,00 € le 10/12/2026". */
function shortCommitment(v: TemplateVars): string {
  const c = v.commitment;
  if (!c) return fr(v) ? "votre prochain paiement" : "your next payment";
  const what = fr(v)
    ? c.kind === "promise"
      ? "paiement promis"
      : `echeance ${c.instalmentNo ?? 1}`
    : c.kind === "promise"
      ? "promised payment"
      : `instalment ${c.instalmentNo ?? 1}`;
  return `${what}: ${amount(c.amountCents, v.currency, v.lang)} ${fr(v) ? "le" : "on"} ${shortDate(c.dueDate)}`;
}

function commitmentReminder(v: TemplateVars): WrittenMessage {
  return {
    subject: fr(v)
      ? `Dossier ${v.caseReference} – Rappel de votre prochain paiement`
      : `Case ${v.caseReference} – Your next payment`,
    references: references(v),
    salutation: salutation(v),
    blocks: [
      p(
        fr(v)
          ? `Nous vous remercions de votre engagement envers ${v.creditor.name}. Pour mémoire, ${commitmentPhrase(v)} approche.`
          : `Thank you for your commitment to ${v.creditor.name}. As a reminder, ${commitmentPhrase(v)} is coming up.`,
      ),
      paymentBlock(v),
      p(
        fr(v)
          ? `Si vous avez déjà réglé, ne tenez pas compte de ce message. En cas d'imprévu, contactez-nous ou utilisez votre espace sécurisé (${v.portalUrl}).`
          : `If you have already paid, please disregard this message. If something unexpected comes up, contact us or use your secure page (${v.portalUrl}).`,
      ),
      closing(v, fr(v) ? "Cordialement," : "Kind regards,"),
    ],
    firstLetter: false,
  };
}

export function writtenMessage(template: TemplateDefinition, v: TemplateVars): WrittenMessage {
  switch (template.kind) {
    case "first_notice":
      return firstNotice(v);
    case "reminder":
      return reminder(v);
    case "formal_notice":
      return formalNotice(v);
    case "payment_link":
      return paymentLink(v);
    case "call_followup":
      return callFollowup(v);
    case "judicial":
      return judicialProposal(v);
    case "commitment_reminder":
      return commitmentReminder(v);
  }
}

/** The SMS form: who writes, for whom, the amount, the first-letter recall, the link, how to stop. */
export function smsText(template: TemplateDefinition, v: TemplateVars): string {
  const recall = v.firstLetter
    ? fr(v)
      ? ` (courrier ${v.firstLetter.reference} du ${v.firstLetter.date.split("-").reverse().join("/")})`
      : ` (letter ${v.firstLetter.reference} of ${v.firstLetter.date.split("-").reverse().join("/")})`
    : ` (${v.caseReference})`;
  const who = fr(v) ? `${v.agency.name} pour ${v.creditor.name}` : `${v.agency.name} for ${v.creditor.name}`;
  const stop = fr(v) ? "STOP SMS: repondez STOP" : "Reply STOP to opt out";
  const lead: Record<Kind, string> = fr(v)
    ? {
        first_notice: `demande de reglement de ${due(v)}`,
        payment_link: `solde a regler ${due(v)}`,
        reminder: `relance, ${due(v)} restent dus`,
        formal_notice: `mise en demeure de regler ${due(v)} sous 8 jours`,
        call_followup: `nous avons tente de vous joindre, solde ${due(v)}`,
        judicial: `fin de la phase amiable, reste du ${due(v)}`,
        commitment_reminder: `rappel: ${shortCommitment(v)}`,
      }
    : {
        first_notice: `request for payment of ${due(v)}`,
        payment_link: `balance due ${due(v)}`,
        reminder: `reminder, ${due(v)} still due`,
        formal_notice: `formal notice to pay ${due(v)} within 8 days`,
        call_followup: `we tried to call you, balance ${due(v)}`,
        judicial: `amicable phase ended, ${due(v)} due`,
        commitment_reminder: `reminder: ${shortCommitment(v)}`,
      };
  const act = fr(v) ? "Payer ou proposer un echeancier" : "Pay or propose a plan";
  return `${who}: ${lead[template.kind]}${recall}. ${act}: ${v.portalUrl} ${stop}`;
}
