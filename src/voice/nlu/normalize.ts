// Puts what a recognizer or a person typed into one canonical form before any rule runs:
// lowercase, no accents, no punctuation except inside numbers, apostrophes and hyphens as spaces,
// colloquial contractions expanded, hesitation fillers removed. Rules are written for that form.

const FILLERS = new Set([
  "euh",
  "euhh",
  "heu",
  "hum",
  "hmm",
  "mmh",
  "ben",
  "bah",
  "beh",
  "bref",
  "genre",
  "ah",
  "oh",
  "eh",
]);

// Spoken and ASR spellings of common words, mapped to their full written form.
const CONTRACTIONS: Record<string, string> = {
  jai: "j ai",
  cest: "c est",
  sest: "c est",
  chuis: "je suis",
  chui: "je suis",
  jsuis: "je suis",
  jsui: "je suis",
  jpeux: "je peux",
  jveux: "je veux",
  jvais: "je vais",
  jsais: "je sais",
  chais: "je sais",
  jconnais: "je connais",
  jcomprends: "je comprends",
  jpaie: "je paie",
  jpaye: "je paye",
  ya: "il y a",
  yen: "il y en",
  ptet: "peut etre",
  ouai: "ouais",
  ouep: "ouais",
  ouaip: "ouais",
  mr: "monsieur",
  mme: "madame",
  svp: "s il vous plait",
  stp: "s il te plait",
  cb: "combien",
  dacc: "d accord",
  dac: "d accord",
  ok: "ok",
  okay: "ok",
  aurevoir: "au revoir",
  "1er": "1",
  "1ere": "1",
  eur: "euros",
};

export function stripAccents(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/œ/g, "oe")
    .replace(/æ/g, "ae");
}

/** Canonical form: tokens of [a-z0-9] (plus decimal marks and "/" inside numbers, "€", "%"). */
export function normalize(text: string): string {
  let s = stripAccents(text.toLowerCase());
  s = s.replace(/[’‘`´]/g, "'");
  // Keep "150,50", "1.200" and "3/12" whole; everything else becomes a word separator.
  s = s.replace(/(\d)[,.](\d)/g, "$1\ue000$2").replace(/(\d)\/(\d)/g, "$1\ue001$2");
  s = s.replace(/(\d)\s*(€|%)/g, "$1 $2 ").replace(/€(\d)/g, "€ $1");
  s = s.replace(/[^a-z0-9€%\ue000\ue001]+/g, " ");
  s = s.replace(/\ue000/g, ",").replace(/\ue001/g, "/");
  const out: string[] = [];
  for (const token of s.split(" ")) {
    if (token === "" || FILLERS.has(token)) continue;
    // "Bon" opens many sentences as a filler, but inside one it is meaning ("le bon numéro").
    if (token === "bon" && out.length === 0) continue;
    out.push(CONTRACTIONS[token] ?? token);
  }
  return out.join(" ");
}
