// The simulated debtor population for demos, `relance run` and campaign simulation: what each kind
// of debtor says, in French, turn by turn. Shares follow the published field figures for AI collection
// calls (about a third answer; among answered calls, a third hang up within 20 s).

export const DEBTOR_PROFILES = [
  "no_answer",
  "voicemail",
  "hangs_up_early",
  "cooperative",
  "promise",
  "hardship",
  "wants_human",
  "dispute",
  "already_paid",
  "call_later",
  "wrong_number",
  "third_party",
  "angry",
  "opt_out",
] as const;
export type DebtorProfile = (typeof DEBTOR_PROFILES)[number];

export type DebtorTurn = string | { hangupAfterMs: number };

export const DEBTOR_SCRIPTS: Record<DebtorProfile, DebtorTurn[]> = {
  no_answer: [],
  voicemail: [],
  hangs_up_early: [{ hangupAfterMs: 8000 }],
  cooperative: ["oui c'est moi", "non je ne l'ai pas reçu", "d'accord merci", "au revoir"],
  promise: ["oui c'est moi", "oui je l'ai reçu", "je vous paierai vendredi prochain", "oui c'est ça"],
  hardship: ["oui c'est moi", "je suis au chômage en ce moment, c'est très difficile", "oui d'accord"],
  wants_human: ["oui c'est moi", "je voudrais parler à un conseiller"],
  dispute: ["oui c'est moi", "je conteste cette facture, la marchandise est arrivée cassée"],
  already_paid: ["oui c'est bien moi", "j'ai déjà payé par virement la semaine dernière"],
  call_later: ["je suis au volant, rappelez-moi demain"],
  wrong_number: ["vous faites erreur, je ne connais personne de ce nom"],
  third_party: ["non c'est sa femme, il est au travail"],
  angry: ["oui c'est moi", "vous êtes des vautours, espèce d'abruti"],
  opt_out: ["oui c'est moi", "arrêtez de m'appeler"],
};

/** Percentages; they sum to 100. */
export const DEFAULT_SHARES: Record<DebtorProfile, number> = {
  no_answer: 33,
  voicemail: 32,
  hangs_up_early: 11,
  cooperative: 6,
  promise: 4,
  hardship: 3,
  wants_human: 3,
  dispute: 2,
  already_paid: 1,
  call_later: 1,
  wrong_number: 1,
  third_party: 1,
  angry: 1,
  opt_out: 1,
};

/** A deterministic pick from a seed string (case id and attempt), so a replay calls the same debtor. */
export function pickProfile(
  seed: string,
  shares: Record<DebtorProfile, number> = DEFAULT_SHARES,
): DebtorProfile {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619) >>> 0;
  const total = DEBTOR_PROFILES.reduce((s, p) => s + shares[p], 0);
  let roll = h % Math.max(1, total);
  for (const p of DEBTOR_PROFILES) {
    if (roll < shares[p]) return p;
    roll -= shares[p];
  }
  return "no_answer";
}
