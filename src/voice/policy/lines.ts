import { type Locale, registerMessages, t } from "../../platform/i18n";
import { format, money } from "../../platform/money";

// What the policy itself says, French first. The persona supplies greeting, pitch, closing and
// voicemail; these lines carry what the law fixes (disclosure, purpose, third-party message) and the
// answers the policy gives on its own.

registerMessages("fr", {
  "voice.disclosure": "Je suis un assistant vocal doté d'intelligence artificielle.",
  "voice.recording": "Cet appel est enregistré à des fins de qualité.",
  "voice.ask_debtor": "Suis-je bien en ligne avec {debtor} ?",
  "voice.ask_debtor_again": "Pourrais-je parler à {debtor}, s'il vous plaît ?",
  "voice.only_with_debtor": "Je ne peux en parler qu'avec {debtor} en personne.",
  "voice.number_check": "Est-ce bien le numéro de {debtor} ?",
  "voice.third_party":
    "Pourriez-vous demander à {debtor} de rappeler le cabinet {agency} au {agencyPhone} ? Je vous remercie, bonne journée.",
  "voice.wrong_number":
    "Je vous prie de nous excuser pour ce dérangement, nous retirons ce numéro. Bonne journée.",
  "voice.purpose":
    "Je vous appelle pour le compte de {creditor}, au sujet d'une somme de {amount} qui reste à régler.",
  "voice.purpose_letter": "Il s'agit du dossier référencé {reference} dans notre courrier du {letterDate}.",
  "voice.purpose_reference": "Il s'agit du dossier référencé {reference}.",
  "voice.identity":
    "Je suis {persona}, un assistant vocal doté d'intelligence artificielle, et j'appelle de la part du cabinet {agency}.",
  "voice.amount": "La somme restant due est de {amount}, pour le compte de {creditor}.",
  "voice.still_there": "Êtes-vous toujours en ligne ?",
  "voice.not_understood": "Excusez-moi, je n'ai pas bien compris.",
  "voice.link_sent_sms": "Je viens de vous envoyer le lien de paiement sécurisé par SMS.",
  "voice.link_sent_email": "Je viens de vous envoyer le lien de paiement sécurisé par e-mail.",
  "voice.stay_on_line": "Vous pouvez régler tout de suite ; je reste en ligne le temps que vous le fassiez.",
  "voice.take_your_time": "Prenez votre temps, je reste en ligne.",
  "voice.payment_received": "Votre paiement de {amount} vient de nous parvenir. Merci beaucoup.",
  "voice.offer_link": "Souhaitez-vous que je vous renvoie le lien de paiement par SMS ?",
  "voice.ask_date": "À quelle date pourrez-vous régler cette somme ?",
  "voice.ask_today": "Pouvez-vous la régler aujourd'hui ? Sinon, à quelle date ?",
  "voice.date_past": "Cette date est déjà passée. À quelle date pourrez-vous payer ?",
  "voice.date_too_late": "Je ne peux pas accepter une date au-delà du {maxDate}.",
  "voice.confirm_promise": "Je note donc un paiement de {amount} au plus tard le {date}. Est-ce bien cela ?",
  "voice.promise_recorded":
    "C'est noté : {amount} au plus tard le {date}. Nous suspendons les relances jusque-là.",
  "voice.partial": "Cette somme ne couvre pas la totalité.",
  "voice.offer_plan":
    "Je peux vous proposer de régler en {instalments} mensualités de {instalment}, la première le {date}. Cela vous convient-il ?",
  "voice.plan_recorded": "C'est noté : {instalments} mensualités de {instalment}, la première le {date}.",
  "voice.plan_limit": "Je ne peux pas aller au-delà de {max} mensualités.",
  "voice.offer_appointment":
    "Je vous propose un rendez-vous téléphonique avec un chargé de recouvrement, qui pourra étudier votre situation. Cela vous convient-il ?",
  "voice.appointment_booked": "C'est réservé : un chargé de recouvrement vous appellera le {slot}.",
  "voice.transferring": "Je vous passe un conseiller du cabinet, ne quittez pas.",
  "voice.no_human": "Aucun conseiller n'est disponible à l'instant.",
  "voice.transfer_unanswered":
    "Notre conseiller n'a pas pu prendre votre appel. Le cabinet vous rappellera au plus vite. Au revoir.",
  "voice.callback_scheduled": "Entendu, nous vous rappellerons le {date}.",
  "voice.callback_soon": "Entendu, nous vous rappellerons prochainement.",
  "voice.dispute_recorded":
    "J'ai bien noté votre contestation. Le dossier est suspendu le temps de la vérifier ; vous pouvez déposer vos justificatifs sur votre espace de paiement.",
  "voice.already_paid_recorded":
    "Merci, je le note. Le dossier est suspendu le temps de vérifier ce paiement ; vous pouvez déposer la preuve de paiement sur votre espace en ligne.",
  "voice.opt_out_recorded":
    "C'est noté, nous ne vous appellerons plus. Le cabinet pourra encore vous écrire au sujet de ce dossier.",
  "voice.abuse":
    "Je préfère mettre fin à cet appel. Le cabinet {agency} reste joignable au {agencyPhone}. Au revoir.",
  "voice.distress":
    "Je suis désolé de ce que vous traversez. Je mets fin à l'appel, et un membre du cabinet prendra contact avec vous plus tard, avec toute l'attention nécessaire. Prenez soin de vous.",
  "voice.max_duration": "Je dois écourter cet appel.",
  "voice.tool_failed": "Je n'ai pas pu l'enregistrer pour le moment ; un conseiller vous recontactera.",
  "voice.anything_else": "Puis-je faire autre chose pour vous ?",
  "voice.goodbye": "Au revoir.",
});

registerMessages("en", {
  "voice.disclosure": "I am a voice assistant powered by artificial intelligence.",
  "voice.recording": "This call is recorded for quality purposes.",
  "voice.ask_debtor": "Am I speaking with {debtor}?",
  "voice.ask_debtor_again": "May I speak with {debtor}, please?",
  "voice.only_with_debtor": "I can only discuss this with {debtor} in person.",
  "voice.number_check": "Is this {debtor}'s number?",
  "voice.third_party": "Could you ask {debtor} to call {agency} back on {agencyPhone}? Thank you, goodbye.",
  "voice.wrong_number": "Sorry to have troubled you; we will remove this number. Goodbye.",
  "voice.purpose": "I am calling on behalf of {creditor} about a sum of {amount} that is still outstanding.",
  "voice.purpose_letter": "This is the file referenced {reference} in our letter of {letterDate}.",
  "voice.purpose_reference": "This is the file referenced {reference}.",
  "voice.identity":
    "I am {persona}, a voice assistant powered by artificial intelligence, calling from {agency}.",
  "voice.amount": "The outstanding sum is {amount}, on behalf of {creditor}.",
  "voice.still_there": "Are you still there?",
  "voice.not_understood": "Sorry, I did not quite understand.",
  "voice.link_sent_sms": "I have just sent you the secure payment link by text message.",
  "voice.link_sent_email": "I have just sent you the secure payment link by email.",
  "voice.stay_on_line": "You can pay right away; I will stay on the line while you do.",
  "voice.take_your_time": "Take your time, I am still here.",
  "voice.payment_received": "Your payment of {amount} has just reached us. Thank you very much.",
  "voice.offer_link": "Would you like me to send the payment link again by text message?",
  "voice.ask_date": "On what date will you be able to pay this sum?",
  "voice.ask_today": "Can you pay it today? If not, on what date?",
  "voice.date_past": "That date has already passed. On what date can you pay?",
  "voice.date_too_late": "I cannot accept a date later than {maxDate}.",
  "voice.confirm_promise": "So I note a payment of {amount} by {date} at the latest. Is that right?",
  "voice.promise_recorded": "Noted: {amount} by {date}. We will pause our reminders until then.",
  "voice.partial": "That sum does not cover the whole amount.",
  "voice.offer_plan":
    "I can offer you {instalments} monthly instalments of {instalment}, the first on {date}. Does that suit you?",
  "voice.plan_recorded": "Noted: {instalments} monthly instalments of {instalment}, the first on {date}.",
  "voice.plan_limit": "I cannot go beyond {max} instalments.",
  "voice.offer_appointment":
    "I can book you a phone appointment with a collector who will look at your situation. Would that suit you?",
  "voice.appointment_booked": "Booked: a collector will call you on {slot}.",
  "voice.transferring": "I am putting you through to an adviser, please hold.",
  "voice.no_human": "No adviser is available right now.",
  "voice.transfer_unanswered":
    "Our adviser could not take your call. The agency will call you back as soon as possible. Goodbye.",
  "voice.callback_scheduled": "Certainly, we will call you back on {date}.",
  "voice.callback_soon": "Certainly, we will call you back soon.",
  "voice.dispute_recorded":
    "I have noted your dispute. The file is paused while it is checked; you can upload your documents in your payment space.",
  "voice.already_paid_recorded":
    "Thank you, noted. The file is paused while we check this payment; you can upload the proof of payment in your online space.",
  "voice.opt_out_recorded":
    "Noted, we will not call you again. The agency may still write to you about this file.",
  "voice.abuse": "I would rather end this call. {agency} remains available on {agencyPhone}. Goodbye.",
  "voice.distress":
    "I am sorry for what you are going through. I will end the call now, and someone from the agency will contact you later, with all due care. Take care.",
  "voice.max_duration": "I have to cut this call short.",
  "voice.tool_failed": "I could not record that right now; an adviser will contact you.",
  "voice.anything_else": "Is there anything else I can do for you?",
  "voice.goodbye": "Goodbye.",
});

export const line = (locale: Locale, key: string, vars: Record<string, string | number> = {}): string =>
  t(locale, `voice.${key}`, vars);

export function sayAmount(cents: number, currency: string, locale: Locale): string {
  // Speech engines read a narrow no-break space as a pause or a symbol: plain spaces only.
  return format(money(cents, currency), locale).replace(/[\u00a0\u202f]/g, " ");
}

export function sayDate(isoDate: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === "fr" ? "fr-FR" : "en-GB", {
    weekday: "long",
    day: "numeric",
    month: "long",
    timeZone: "UTC",
  }).format(new Date(`${isoDate}T12:00:00Z`));
}

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
