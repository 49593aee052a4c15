// The intent rules, in priority order. Several may match one utterance ("je suis au chômage mais
// je peux payer en dix fois"); the first in this list wins and the others are kept as
// alternatives. The order encodes what the dialogue policy must not miss: distress, an opt-out,
// a wrong person and a dispute come before anything about paying (FR: stop on dispute/opt-out).

import type { Entities, Intent } from "./types";

export interface Utterance {
  /** Normalized, numbers as digits. */
  text: string;
  entities: Entities;
}

type Rule = { intent: Intent; test: (u: Utterance) => number };

const re = (source: string) => new RegExp(source);
const any =
  (strength: number, ...patterns: RegExp[]) =>
  (u: Utterance) =>
    patterns.some((p) => p.test(u.text)) ? strength : 0;

const PAY_WORD = re(
  String.raw`\b(?:pa[iy]\w*|regl\w*|verse\w*|vire\w*|virement|rembours\w*|sold\w*|cheque|argent|totalite|somme|acompte|reste|montant|carte|lien)\b`,
);
const NOW =
  /\b(?:maintenant|tout de suite|de suite|immediatement|direct|directement|sur le champ|dans la foulee|en ligne|par carte|carte bleue|carte bancaire|cb|par telephone|apple pay|google pay|paypal)\b/;
const LINK_REQUEST =
  /\b(?:envoy|renvoy|donn|transmet|mett|fil)\w* (?:moi |nous )?(?:le |un |votre |vos |les )?(?:lien|rib|iban|coordonnees bancaires)\b/;
const FUTURE_OR_PROMISE = /\b(?:d ici|promis|je vais|vais|je vous promets|sera|serez|aurez)\b/;

const DISTRESS = [
  /\b(?:suicid\w*|me tuer|me foutre en l air|mettre fin a mes jours|me supprimer|en finir(?! avec)|(?:plus )?envie de vivre|veux plus vivre)\b/,
  /\b(?:decede\w*|deces|mourir|mort|morte|meurt|enterr\w*|obseques|funerailles|veuf|veuve|fausse couche|perdu (?:mon|ma) (?:bebe|enfant|fils|fille|mari|femme|pere|mere))\b/,
  /\b(?:cancer|chimio\w*|hopital|hospitalis\w*|soins palliatifs|tres malade|gravement malade|maladie grave|depression|avc|infarctus|crise cardiaque|greffe|dialyse)\b/,
  /\b(?:a bout|desespere\w*|je craque|sais plus quoi faire|gout a rien|plus envie de rien|plus la force)\b/,
  /\b(?:reanimation|soins intensifs|coma|urgences)\b/,
];

const OPT_OUT = [
  /\b(?:m |me |nous )?(?:appel+ez|appeler|appelle|rappel+ez|rappeler|rappelle|contactez|contacter|telephonez|telephoner|harcelez|derangez) (?:moi |nous )?plus\b(?! tard)/,
  /\b(?:arretez|arrete|arreter|cessez|cesser|stop|stoppez) (?:de |d )?(?:me |m |nous )?(?:appeler|rappeler|harceler|contacter|telephoner|deranger|les appels|vos appels)\b/,
  /\b(?:veux|voudrais|souhaite) plus (?:que vous m|etre (?:contact|appel|derang|relanc|harcel)\w*|de vos appels|d appels|recevoir|entendre parler)/,
  /\bplus d appels?\b|\binterdis de m\w* (?:appeler|contacter)|\bbloctel\b/,
  /\b(?:retirez|supprimez|effacez|enlevez) (?:mon numero|moi)\b/,
  /\b(?:laissez|laisse) moi tranquille|\b(?:foutez|fichez) moi la paix/,
  /\b(?:uniquement|seulement|que) par (?:courrier|ecrit|mail|email|lettre)\b/,
  /\bderniere fois que vous m\w* appel/,
];

const WRONG_NUMBER = [
  /\b(?:faites|fait|faire|faites une) (?:erreur|fausse route)\b/,
  /\b(?:mauvais|faux) numero\b|\berreur de (?:numero|personne)\b/,
  /\btromp\w* de (?:numero|personne)\b|\bvous (?:avez (?:du|fait) )?(?:vous )?(?:etes )?tromp\w*|\b(?:du|devez) vous tromper\b/,
  /\bconnais (?:pas|personne|aucun)\b/,
  /\b(?:il n y a|il y a|y a) (?:pas|personne|aucun\w*) (?:de |d )?(?:monsieur|madame|mademoiselle|ce nom|du nom|de ce nom)|\bpersonne (?:de ce nom|qui s appelle)/,
  /\bdemenag\w*|\b(?:habite|vit) plus (?:ici|la)\b/,
  /\bj ai ce numero depuis|\b(?:nouveau|nouvel) (?:numero|abonne)\b|\bpas (?:du tout )?(?:le bon|mon|ce) (?:numero|nom)\b/,
];

const DISPUTE = [
  /\bcontest\w*|\blitige\b|\breclamation\b|\barnaque\b|\bescroquerie\b|\busurpation\b|\bprescri\w*/,
  /\b(?:jamais|pas|rien) (?:recu|eu|vu) (?:la |le |les |ma |mon |mes |de |d |cette |ce )?(?:marchandise|colis|commande|produit|livraison|article|prestation|service|facture|appareil|materiel)s?\b/,
  /\b(?:marchandise|colis|commande|produit|prestation|service|article)s? (?:que j ai |qu on m a )?(?:n est |est |a )?(?:jamais|pas) (?:ete )?(?:eu|recu|arrive|livre)\w*/,
  /\b(?:facture|montant|somme|dette)s? (?:est |n est |sont |etait )?(?:fausse?s?|errone\w*|injustifie\w*|incorrect\w*|exagere\w*|pas (?:bon|bonne|juste|correct\w*|justifie\w*))\b/,
  /\bdoi[st] (?:rien|pas (?:cette|cet|ces|ca|cela|un centime))\b/,
  /\bjamais (?:commande|signe|souscrit|ete client|eu de contrat|pris|eu affaire|achete)\w*|\brien (?:commande|achete|signe)\b|\bresili\w*|\bretract\w*|\bannule\w*/,
  /\b(?:renvoye|retourne|rendu)\w* (?:le |la |les |mon |ma )?(?:produit|colis|article|commande|marchandise|appareil)s?\b|\bc est une erreur\b|\bpas (?:a moi|la mienne|le mien)\b/,
  /\b(?:pas|plus) (?:ma|mon|mes) (?:dette|facture|credit|contrat)s?\b|\breconnais pas\b|\bpas d accord avec\b/,
  /\b(?:etait|est|etaient|sont|arrive\w*) (?:cass|defectueu|abime)\w*|\b(?:fonctionn|march)\w* (?:pas|plus|jamais)\b|\bnon conforme\b/,
  /\b(?:travaux|chantier|prestation|reparation)s? .*\b(?:jamais|pas|mal) (?:ete )?(?:fini|termine|fait|faite)s?\b/,
  /\berreur (?:de|dans la) factur\w*|\bfactur\w* (?:2|deux) fois\b|\ben double\b|\bmauvaise? (?:commande|article|produit|taille|modele)\b|\bil y a une erreur\b/,
];

const ALREADY_PAID = [
  /\b(?:j ai|on a|je l ai|l ai|c est|c etait|ca a ete|a ete|deja|tout|bien) (?:deja |bien |tout )?(?:paye|payee|regle|reglee|rembourse|solde|vire|verse)\b/,
  /\bai (?:deja |bien )?(?:fait|envoye|effectue|passe|poste) (?:le |un |mon |ce |votre )?(?:virement|cheque|paiement|versement|reglement)\b/,
  /\b(?:virement|cheque|paiement|versement) (?:est |a ete )?(?:parti|envoye|fait|effectue|passe)\b/,
  /\b(?:suis|est|sommes) a jour\b|\bpreuve de paiement\b/,
];

const THIRD_PARTY = [
  /\b(?:c est|je suis|ici c est|moi c est) (?:sa|son|le|la) (?:femme|mari|epou\w*|fils|fille|mere|pere|soeur|frere|compagne|compagnon|copine|copain|conjoint\w*|voisin\w*|colocataire|coloc|assistante?|secretaire|collegue|grand (?:mere|pere)|belle mere|beau pere|tante|oncle|niece|neveu|patron|enfant|tuteur|curatrice|curateur)\b/,
  /\b(?:mon mari|ma femme|mon epou\w*|ma mere|mon pere|mon fils|ma fille|mon frere|ma soeur|mon compagnon|ma compagne|mon conjoint|ma conjointe) (?:n est |est )(?:pas la|pas ici|pas disponible|au travail|au boulot|absente?|sortie?|en deplacement|en vacances|en reunion|occupee?)\b/,
  /\b(?:il|elle) (?:n est |est )?(?:pas|plus) (?:la|ici|disponible|dispo|joignable|a la maison)\b/,
  /\b(?:il|elle) est (?:au travail|au boulot|absente?|sortie?|partie?|en deplacement|en vacances|en reunion|occupee?|a l etranger|en voyage|en rendez vous)\b/,
  /\b(?:prendre|laisser|transmettre|passer) (?:un |le )?message\b|\bje lui (?:dirai|transmettrai|transmets|passe|dis)\b/,
  /\bc est pour (?:ma|mon) (?:femme|mari|mere|pere|fils|fille|frere|soeur)\b|\bprete son telephone\b/,
];

const HUMAN = String.raw`(?:quelqu un|un humain|une humaine|humain|une personne|(?:une )?vraie? personne|un vrai|conseill\w*|operat\w*|interlocut\w*|responsable|superieur|chef|directeur|manager|superviseur|agent|un etre humain|votre service|service client)`;
const WANTS_HUMAN = [
  re(
    String.raw`\b(?:parler|discuter|avoir|passez|passer|passe|mettez|voudrais|veux|voulais|prefere|aimerais|transfer\w*|joindre)\b.*\b${HUMAN}\b`,
  ),
  /^(?:un |une |le |la )?(?:conseiller|conseillere|operateur|operatrice|humain|agent|interlocuteur)(?: s il vous plait)?$/,
  /\bmettez moi en relation\b|\btransferez moi\b|\b(?:pas|plus) (?:parler|discuter) (?:a|avec) (?:un|une) (?:robot|machine|ordinateur|ia)\b/,
];

const ABUSE = [
  /\b(?:connard|connasse|conasse|salop\w*|salaud|encul\w*|batard|fils de pute|pute|abruti\w*|cretin\w*|debile|imbecile|idiot\w*|bouffon|enfoire\w*|minable|vautour\w*|charognard\w*|rapace\w*|escroc\w*|voleur\w*|voleuse\w*|sangsue\w*|racaille|con|conne|cons)\b/,
  /\b(?:ta|votre|vos) gueules?\b|\bfaire (?:foutre|voir|enculer)\b|\bnique\w*|\bcass\w* les (?:couilles|pieds)\b/,
  /\b(?:vous|tu) me (?:faites|fais|gonflez|saoulez|soulez|emmerdez)\b|\b(?:crevez|creve|allez crever|va crever)\b|\b(?:de merde|une merde|sous merde)\b|\b(?:je vais|j vais) (?:venir )?(?:vous|te) (?:retrouver|tuer|casser|defoncer|buter)\b|\b(?:degage|degagez|casse toi|cassez vous)\b/,
];

const ROBOT = [
  /\b(?:robot|machine|ia|intelligence artificielle|ordinateur|repondeur|bot|voix de synthese|voix artificielle|automate|chatbot|enregistre\w*)\b/,
  /\b(?:vous etes|t es|tu es|c est) (?:une |un )?(?:vraie?|vrai|bien une?|vraiment une?)? ?(?:personne|humain|humaine|reel|reelle)\b/,
  /\bparle (?:a|avec) (?:un |une )?(?:vraie? |vrai )?(?:humain|humaine|personne|robot|machine)\b/,
];

const PLAN = [
  /\bplusieurs (?:fois|mois|paiements|versements)\b|\becheancier\b|\betal\w*|\bfacilites? de paiement\b|\bmensualites?\b|\bplan de paiement\b|\bpetit a petit\b|\bpetites sommes\b|\bechelon\w*|\bpar petits? (?:bouts|montants|versements)\b/,
  /\b(?:par|chaque|tous les) mois\b|\barrang\w*|\ben (?:[2-9]|[1-9]\d) fois\b/,
  /\b(?:pas|peux pas|impossible de) (?:tout )?(?:payer |regler )?(?:tout )?(?:d un coup|en une (?:seule )?fois)\b/,
];

const PROMISE_WORDS =
  /\b(?:je vais|je vous|j vais|je peux|je pourrai|je promets|promis)\b.*\b(?:pa[iy]\w*|regl\w*|verse\w*|vire\w*|virement|cheque)\b/;

/** "Je ne peux pas (tout) payer", "je pourrai rien vous rembourser": unable, not unwilling. */
const CANNOT_PAY =
  /\b(?:peux|peut|pourrai|pourrais|pourrons)(?: (?:pas|rien|plus))(?: (?:tout|vous|le|la|les|encore|tout de suite|tout ca|cette somme))* (?:payer|regler|donner|rembourser|verser)\b/;

const HARDSHIP = [
  CANNOT_PAY,
  /\b(?:chomage|chomeur|rsa|sans emploi|sans travail|licenci\w*|surendett\w*|banque de france|interdit bancaire|decouvert|dans le rouge|fauche|endette\w*|credits|smic|retraite\w*|pension|allocations?|caf|pole emploi|france travail|arret maladie|invalidite|handicap\w*|divorc\w*|separe\w*|celibataire)\b/,
  /\bperd\w* (?:mon|son) (?:travail|emploi|boulot|job)\b|\bfinanci\w*|\bce que je gagne\b|\bgagne (?:pas assez|que|presque rien)\b|\b(?:plus|pas) rien sur (?:mon|le) compte\b|\bde quoi payer\b|^je (?:ne )?peux pas$|\bpas de (?:travail|boulot|salaire|revenus?)\b|\b(?:pas|plus|aucun) (?:d argent|de sous|de revenus?|les moyens|un sou|un rond|un centime)\b/,
  /\b(?:n y |y |j )arrive (?:pas|plus)\b|\barrive (?:pas|plus) a (?:payer|suivre|boucler|m en sortir)\b/,
  /\bfins? de mois\b|\bgaler\w*|\bdifficultes?\b|\bc est (?:vraiment |tres |trop |un peu )?(?:dur|complique|difficile|la galere|tendu|serre)\b|\bdur financierement\b/,
  /\b(?:paie|salaire) (?:qui )?(?:n )?est pas (?:tombee?|arrivee?|versee?)\b|\battends ma paie\b|\bseule? avec (?:les|mes) enfants\b|\bimpossible de payer\b|\bje suis malade\b/,
];

const CALL_LATER = [
  /\b(?:rappel+ez|rappeler|rappelez moi|rappelle|rappellerai|recontactez|rappeller)\b/,
  /\bpas (?:le|un) (?:bon )?moment\b|\btombez mal\b|\bplus tard\b|\bpas dispo\w*\b/,
  /\bje suis (?:occupee?|au volant|en voiture|en reunion|au travail|au boulot|en rendez vous|chez le medecin|en train de|dans le metro|dans le train|dans le bus|en cours)\b|\bje conduis\b|\b(?:peux|peut) pas (?:parler|vous parler|repondre)\b/,
];

const ASK_AMOUNT = [
  /\bdoi[st] quoi\b|\bqu est ce que je (?:vous )?doi[st]\b|\bcombien\b|\bmontant\b|\bla somme\b|\bs eleve\b|\bse monte\b|\bdes frais\b|\bles frais\b|\ble total\b/,
];

const ASK_IDENTITY = [
  /\b(?:vous etes|t es|tu es|c est) qui\b|\bqui (?:etes vous|est ce|vous etes|c est)\b|^(?:c est )?qui (?:parle|appelle|est a l appareil)\b|\bde la part de qui\b/,
  /\bvous \w+ (?:pour |de la part de )?qui$|\brepresent\w* qui\b/,
  /\b(?:quelle?) (?:societe|entreprise|cabinet|organisme|boite|creancier|agence)\b|\b(?:nom|quoi) (?:de )?(?:votre|ce) (?:cabinet|societe|entreprise)\b/,
  /\ba quel sujet\b|^c est pour quoi$|\bc est pourquoi\b|\bpourquoi vous (?:m |me )?appel\w*|\bc est a propos de quoi\b/,
  /\b(?:eu|trouve|donne) mon numero\b|\bpour qui\b|\bvous appelez pour\b|\bhuissier\b|\bvous etes (?:de|d) (?:quel|quelle|ou)\b/,
];

const IDENTITY_CONFIRMED = [
  /^(?:oui |ouais )*c est (?:bien )?(?:moi|lui|elle)\b|\b(?:moi|lui|elle) meme\b|\bc est (?:bien )?moi\b|\ben personne\b|\ba l appareil\b|\bc est (?:bien )?mon nom\b/,
  /^(?:oui |ouais )*(?:c est|je suis) (?:bien )?(?:monsieur|madame|mademoiselle)\b/,
  /^(?:oui |ouais )+je suis [a-z]+(?: [a-z]+)?$/,
];

const ASK_REPEAT = [
  /^(?:pardon|quoi|hein|comment|vous dites|plait il|pardon madame|pardon monsieur|excusez moi|allo allo)$/,
  /\brepet\w*|\bredi\w*|\bpas (?:bien )?(?:compris|entendu|saisi)\b|\brien compris\b|\bentend\w* (?:tres |vraiment |rien |pas )?(?:mal|pas|rien|plus)\b|\bplus (?:fort|lentement)\b|\bmoins vite\b|\bca coupe\b|\bqu est ce que vous (?:avez dit|dites)\b|\bvous avez dit quoi\b/,
];

const GOODBYE = [
  /\bau revoir\b|\bbonne (?:journee|soiree|fin de journee|continuation|nuit|soiree)\b|\bsalut\b|\bciao\b|\btchao\b|\ba plus\b(?! tard)|\ba bientot\b|\bje raccroche\b|\bje vous laisse\b|\badieu\b|\ba la prochaine\b|\bbye\b|\bje dois (?:y aller|vous laisser|raccrocher)\b/,
];

export const YES =
  /^(?:oui|ouais|mouais|ok|d accord|voila|exactement|tout a fait|absolument|bien sur|evidemment|parfait|ca marche|entendu|c est bon|c est ca|si|yes|carrement|volontiers|bien entendu|effectivement|allez y|je confirme|affirmatif|c est exact|c est juste|en effet|tres bien|vas y)\b(?! pas)/;
export const NO =
  /^(?:non|nan|pas du tout|absolument pas|jamais|pas vraiment|aucunement|pas encore|nope|negatif|ca me dit rien|je (?:ne )?crois pas)\b/;

const COMMITMENT =
  /\b(?:comptez sur moi|sans faute|promis|je vous promets|c est sur|je m engage|vous aurez)\b/;

function promiseStrength(u: Utterance): number {
  const { date, amountCents } = u.entities;
  if ((date || amountCents !== undefined) && (PAY_WORD.test(u.text) || amountCents !== undefined))
    return 0.85;
  if (date && COMMITMENT.test(u.text)) return 0.8;
  return PROMISE_WORDS.test(u.text) && !/\b(?:peux|peut|pourrai) (?:pas|rien)\b/.test(u.text) ? 0.6 : 0;
}

export const RULES: readonly Rule[] = [
  { intent: "distress", test: any(0.9, ...DISTRESS) },
  { intent: "opt_out", test: any(0.95, ...OPT_OUT) },
  { intent: "wrong_number", test: any(0.9, ...WRONG_NUMBER) },
  { intent: "dispute", test: any(0.85, ...DISPUTE) },
  {
    intent: "already_paid",
    test: (u) => (ALREADY_PAID.some((p) => p.test(u.text)) && !FUTURE_OR_PROMISE.test(u.text) ? 0.85 : 0),
  },
  { intent: "third_party", test: any(0.85, ...THIRD_PARTY) },
  { intent: "wants_human", test: any(0.9, ...WANTS_HUMAN) },
  { intent: "abuse", test: any(0.85, ...ABUSE) },
  { intent: "ask_is_robot", test: any(0.9, ...ROBOT) },
  {
    intent: "payment_plan",
    test: (u) => ((u.entities.instalments ?? 0) >= 2 ? 0.9 : PLAN.some((p) => p.test(u.text)) ? 0.8 : 0),
  },
  {
    intent: "pay_now",
    test: (u) =>
      !CANNOT_PAY.test(u.text) && (LINK_REQUEST.test(u.text) || (NOW.test(u.text) && PAY_WORD.test(u.text)))
        ? 0.85
        : 0,
  },
  { intent: "promise", test: promiseStrength },
  { intent: "hardship", test: any(0.8, ...HARDSHIP) },
  { intent: "call_later", test: any(0.8, ...CALL_LATER) },
  { intent: "ask_amount", test: any(0.85, ...ASK_AMOUNT) },
  { intent: "ask_identity", test: any(0.85, ...ASK_IDENTITY) },
  { intent: "identity_confirmed", test: any(0.85, ...IDENTITY_CONFIRMED) },
  { intent: "ask_repeat", test: any(0.8, ...ASK_REPEAT) },
  { intent: "goodbye", test: any(0.85, ...GOODBYE) },
  {
    intent: "affirm",
    test: (u) => (YES.test(u.text) && !/\ballo\b/.test(u.text) ? (isBare(u.text, YES) ? 0.95 : 0.75) : 0),
  },
  { intent: "deny", test: (u) => (NO.test(u.text) ? (isBare(u.text, NO) ? 0.95 : 0.75) : 0) },
  // A date and nothing else ("le 20", "vendredi") answers the agent's "when can you pay?".
  { intent: "promise", test: (u) => (u.entities.date ? 0.5 : 0) },
];

/** True when the utterance is nothing but yes/no words ("oui oui", "non merci"). */
function isBare(text: string, pattern: RegExp): boolean {
  return (
    /^(?:(?:oui|ouais|non|nan|merci|d accord|ok|bien sur|pas du tout|absolument|absolument pas|voila) ?)+$/.test(
      text,
    ) && pattern.test(text)
  );
}
