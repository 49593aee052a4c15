import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Corpus, evaluateCorpus } from "../../src/voice/nlu/evaluate";
import { normalize } from "../../src/voice/nlu/normalize";
import { parseFrenchNumber } from "../../src/voice/nlu/numbers";
import { INTENTS } from "../../src/voice/nlu/types";
import { understand } from "../../src/voice/nlu/understand";
import corpusJson from "./corpus/fr-utterances.json";
import { frenchWords } from "./french-words";

const corpus = corpusJson as Corpus;
const NOW = new Date("2026-09-09T10:00:00+02:00"); // a Wednesday
const ZONE = "Europe/Paris";
const u = (text: string) => understand(text, NOW, ZONE);

describe("French number words", () => {
  it("parses any integer from 0 to 999 999 written out in words, old or 1990 spelling", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999 }), fc.boolean(), (n, reformed) => {
        expect(parseFrenchNumber(frenchWords(n, reformed))).toBe(n);
      }),
      { numRuns: 3000 },
    );
  });

  it("reads the forms debtors actually say", () => {
    expect(parseFrenchNumber("soixante-dix")).toBe(70);
    expect(parseFrenchNumber("quatre-vingt-dix-neuf")).toBe(99);
    expect(parseFrenchNumber("deux mille trois cents")).toBe(2300);
    expect(parseFrenchNumber("mille deux cent cinquante")).toBe(1250);
    expect(parseFrenchNumber("soixante et onze")).toBe(71);
    expect(parseFrenchNumber("septante-cinq")).toBe(75);
    expect(parseFrenchNumber("nonante")).toBe(90);
    expect(parseFrenchNumber("cent mille")).toBe(100_000);
  });

  it("refuses sequences that are two numbers, not one", () => {
    expect(parseFrenchNumber("deux trois")).toBeNull();
    expect(parseFrenchNumber("vingt dix")).toBeNull();
  });
});

describe("normalization", () => {
  it("lowercases, strips accents, fillers and punctuation but keeps numbers whole", () => {
    expect(normalize("Euh… bah J'ai DÉJÀ payé 150,50 € !")).toBe("j ai deja paye 150,50 €");
    expect(normalize("le 3/12, à 14h")).toBe("le 3/12 a 14h");
    expect(normalize("chuis au chomage jpeux pas")).toBe("je suis au chomage je peux pas");
  });
});

describe("dates in the debtor's time zone", () => {
  const cases: [string, string][] = [
    ["je paie demain", "2026-09-10"],
    ["après-demain", "2026-09-11"],
    ["lundi", "2026-09-14"],
    ["mercredi", "2026-09-16"],
    ["vendredi prochain", "2026-09-11"],
    ["jeudi en huit", "2026-09-17"],
    ["le 15", "2026-09-15"],
    ["le 5", "2026-10-05"],
    ["le 31", "2026-10-31"],
    ["le premier", "2026-10-01"],
    ["le 15 mars", "2027-03-15"],
    ["le quinze mars", "2027-03-15"],
    ["le 3/12", "2026-12-03"],
    ["fin du mois", "2026-09-30"],
    ["fin du mois prochain", "2026-10-31"],
    ["début du mois prochain", "2026-10-01"],
    ["mi-octobre", "2026-10-15"],
    ["dans deux semaines", "2026-09-23"],
    ["dans quinze jours", "2026-09-23"],
    ["dans huit jours", "2026-09-16"],
    ["la semaine prochaine", "2026-09-14"],
    ["en fin de semaine", "2026-09-11"],
    ["ce week-end", "2026-09-12"],
    ["aujourd'hui", "2026-09-09"],
  ];
  for (const [text, date] of cases) {
    it(`resolves "${text}" to ${date}`, () => expect(u(text).entities.date).toBe(date));
  }

  it("uses the debtor's calendar day, not the server's", () => {
    // 23:30 in Paris on 9 September is already the 10th in Nouméa.
    const late = new Date("2026-09-09T21:30:00Z");
    expect(understand("demain", late, "Europe/Paris").entities.date).toBe("2026-09-10");
    expect(understand("demain", late, "Pacific/Noumea").entities.date).toBe("2026-09-11");
  });

  it("resolves across a daylight-saving change", () => {
    const beforeChange = new Date("2026-10-24T12:00:00+02:00");
    expect(understand("dans une semaine", beforeChange, ZONE).entities.date).toBe("2026-10-31");
    expect(understand("lundi", beforeChange, ZONE).entities.date).toBe("2026-10-26");
  });

  it("does not take a clock time or a count for a day of the month", () => {
    expect(u("rappelez-moi à 15h").entities.date).toBeUndefined();
    expect(u("je peux payer en 3 fois").entities.date).toBeUndefined();
  });
});

describe("amounts and instalments", () => {
  const amounts: [string, number][] = [
    ["150 euros", 15000],
    ["150,50 €", 15050],
    ["cent cinquante euros", 15000],
    ["deux mille trois cents euros", 230000],
    ["mille deux cent cinquante euros cinquante", 125050],
    ["soixante-dix euro", 7000],
    ["quatre-vingt-dix-neuf euros", 9900],
    ["1 200 euros", 120000],
    ["45 euros et 30 centimes", 4530],
    ["50 balles", 5000],
    ["un virement de 200", 20000],
  ];
  for (const [text, cents] of amounts) {
    it(`reads "${text}" as ${cents} cents`, () => expect(u(text).entities.amountCents).toBe(cents));
  }

  it("reads the number of instalments", () => {
    expect(u("en trois fois").entities.instalments).toBe(3);
    expect(u("sur 6 mois").entities.instalments).toBe(6);
    expect(u("un échéancier sur un an").entities.instalments).toBe(12);
    expect(u("en douze mensualités").entities.instalments).toBe(12);
  });

  it("keeps dates, counts and times out of the amount", () => {
    expect(u("je paie le 15").entities.amountCents).toBeUndefined();
    expect(u("payer en 4 fois").entities.amountCents).toBeUndefined();
    expect(u("je peux payer vers 18 heures").entities.amountCents).toBeUndefined();
    const both = u("je vous verse 200 euros le 5 octobre");
    expect(both.entities).toMatchObject({ amountCents: 20000, date: "2026-10-05" });
  });
});

describe("intents that change what the agent may do", () => {
  it("hears an opt-out even inside an insult, and ranks it first", () => {
    const r = u("m'appelez plus connard");
    expect(r.intent).toBe("opt_out");
    expect(r.alternatives).toContain("abuse");
  });

  it("does not mistake 'rappelez plus tard' for an opt-out", () => {
    expect(u("rappelez plus tard").intent).toBe("call_later");
  });

  it("puts a dispute before a promise to pay", () => {
    expect(u("je conteste mais je peux payer 50 euros demain").intent).toBe("dispute");
  });

  it("reads 'en finir avec ce dossier' as business, 'envie d'en finir' as distress", () => {
    expect(u("je veux en finir avec ce dossier je paie tout de suite").intent).toBe("pay_now");
    expect(u("j'ai envie d'en finir").intent).toBe("distress");
  });

  it("keeps the hardship behind a payment plan as an alternative", () => {
    const r = u("je suis au chômage mais je peux payer en dix fois");
    expect(r).toMatchObject({ intent: "payment_plan", entities: { instalments: 10 } });
    expect(r.alternatives).toContain("hardship");
  });

  it("tells a yes from an identity confirmation", () => {
    expect(u("oui").entities.yesNo).toBe("yes");
    expect(u("oui").intent).toBe("affirm");
    expect(u("oui c'est moi").intent).toBe("identity_confirmed");
    expect(u("non c'est pas moi").intent).toBe("deny");
    expect(u("absolument pas").intent).toBe("deny");
  });

  it("returns unknown with zero confidence when nothing matches", () => {
    expect(u("attendez je cherche un stylo")).toMatchObject({ intent: "unknown", confidence: 0 });
    expect(u("")).toMatchObject({ intent: "unknown", entities: {} });
  });
});

describe("the French utterance corpus", () => {
  it("has at least 300 utterances and covers every intent", () => {
    expect(corpus.utterances.length).toBeGreaterThanOrEqual(300);
    const seen = new Set(corpus.utterances.map((e) => e.intent));
    for (const intent of INTENTS) expect(seen, intent).toContain(intent);
  });

  it("is understood above the accuracy floors, fast", () => {
    const result = evaluateCorpus(corpus);
    console.log(
      `NLU corpus: intent ${result.intentCorrect}/${result.utterances} = ${(100 * result.intentAccuracy).toFixed(1)} %, ` +
        `entities ${result.entityCorrect}/${result.entitySlots} = ${(100 * result.entityAccuracy).toFixed(1)} %, ` +
        `${result.spuriousEntities} spurious, ${result.meanMicroseconds.toFixed(0)} µs per utterance (cold)`,
    );
    for (const miss of [...result.intentMisses, ...result.entityMisses])
      console.log(`  miss: "${miss.text}" expected ${miss.expected}, got ${miss.got}`);
    // Floors: 90 % intents, 90 % entity values, at most one spurious entity per 50 utterances.
    expect(result.intentAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(result.entityAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(result.spuriousEntities).toBeLessThanOrEqual(result.utterances / 50);
  });

  it("understands an utterance in well under a millisecond once warm", () => {
    const now = new Date(corpus.now);
    for (const e of corpus.utterances) understand(e.text, now, corpus.timeZone);
    const rounds = 10;
    const started = performance.now();
    for (let r = 0; r < rounds; r++)
      for (const e of corpus.utterances) understand(e.text, now, corpus.timeZone);
    const perUtteranceMs = (performance.now() - started) / (rounds * corpus.utterances.length);
    console.log(`NLU: ${(perUtteranceMs * 1000).toFixed(0)} µs per utterance (warm)`);
    expect(perUtteranceMs).toBeLessThan(1);
  });
});
