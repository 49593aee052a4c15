import { describe, expect, it } from "vitest";
import { defaultPersona } from "../../src/voice/personas/default-personas";
import { checkUtterance } from "../../src/voice/policy/guard";
import { context, play } from "./policy-helpers";

const vincent = defaultPersona("firm", "fr");
const guillaume = defaultPersona("last_attempt", "fr");
const all = (texts: string[]) => texts.join(" | ");
const debtDetails = (ctx: ReturnType<typeof context>, texts: string[]) =>
  texts.flatMap((t) =>
    checkUtterance(t, ctx, false).filter((v) => v.rule === "debt_detail_before_right_party"),
  );

describe("dialogue policy: opening and right-party check", () => {
  it("opens with the agency's name and the AI disclosure, not interruptible, then asks for the debtor", () => {
    const ctx = context({ recordingNotice: true });
    const run = play(ctx, []);
    const [opening, ask] = run.actions;
    expect(opening).toMatchObject({ type: "say", kind: "opening", interruptible: false });
    const text = opening?.type === "say" ? opening.text : "";
    expect(text).toContain("Relance Recouvrement");
    expect(text).toContain("intelligence artificielle");
    expect(text).toContain("Cet appel est enregistré");
    expect(ask).toMatchObject({ type: "say", text: "Suis-je bien en ligne avec Monsieur Jean Dupont ?" });
  });

  it("gives the creditor, the amount and the first letter's reference and date once the debtor confirms", () => {
    const run = play(context(), ["oui c'est moi"]);
    const purpose = all(run.said.slice(2));
    expect(purpose).toContain("Boulangerie Martin");
    expect(purpose).toContain("1 250,50 €");
    expect(purpose).toContain("RL-2026-0042");
    expect(purpose).toContain("jeudi 20 août");
    expect(run.state.rightParty).toBe(true);
    expect(run.said.at(-1)).toContain("L'avez-vous bien reçu ?");
  });

  it("leaves a third party only a call-back request, with no debt detail", () => {
    const ctx = context();
    const run = play(ctx, ["non c'est sa femme, il est au travail", "oui"]);
    expect(run.state.outcome).toBe("third_party");
    expect(run.tools).toEqual([]);
    expect(run.said.at(-1)).toContain("rappeler le cabinet Relance Recouvrement au 04 78 00 00 00");
    expect(debtDetails(ctx, run.said)).toEqual([]);
    expect(all(run.said)).not.toContain("Boulangerie");
  });

  it("marks the number invalid on a wrong number, also after a plain 'non' twice", () => {
    const direct = play(context(), ["vous faites erreur, je ne connais pas ce monsieur"]);
    expect(direct.tools).toEqual([{ tool: "mark_wrong_number" }]);
    expect(direct.state.outcome).toBe("wrong_number");
    const twice = play(context(), ["non", "non"]);
    expect(twice.said).toContain("Est-ce bien le numéro de Monsieur Jean Dupont ?");
    expect(twice.tools).toEqual([{ tool: "mark_wrong_number" }]);
    const knows = play(context(), ["non", "oui"]);
    expect(knows.state.outcome).toBe("third_party");
  });

  it("says nothing about the debt to someone who asks the amount before confirming who they are", () => {
    const ctx = context();
    const run = play(ctx, ["c'est combien ?", "je conteste cette facture"]);
    expect(run.tools).toEqual([]);
    expect(run.state.rightParty).toBe(false);
    expect(debtDetails(ctx, run.said)).toEqual([]);
  });
});

describe("dialogue policy: what the debtor says after the check", () => {
  it("sends the payment link, stays on the line and confirms the payment when it arrives", () => {
    const run = play(context(), [
      "oui c'est moi",
      "envoyez-moi le lien",
      { silence: true },
      { payment: 125_050 },
    ]);
    expect(run.tools).toEqual([{ tool: "send_payment_link", channel: "sms" }]);
    expect(all(run.said)).toContain("je reste en ligne");
    expect(all(run.said)).toContain("Votre paiement de 1 250,50 € vient de nous parvenir");
    expect(run.state.outcome).toBe("paid");
    expect(run.actions.at(-1)).toEqual({ type: "hangup" });
  });

  it("resends the link when Lucien hears it never arrived", () => {
    const run = play(context(), ["oui", "non", "au revoir"]);
    expect(run.tools).toEqual([{ tool: "send_payment_link", channel: "sms" }]);
    expect(run.state.outcome).toBe("paid_link_sent");
  });

  it("records an 'already paid' for verification and points to the portal for the proof", () => {
    const run = play(context(), ["c'est bien moi", "mais j'ai déjà payé la semaine dernière"]);
    expect(run.tools[0]).toMatchObject({ tool: "report_already_paid" });
    expect(all(run.said)).toContain("preuve de paiement");
    expect(run.state).toMatchObject({ outcome: "already_paid", reason: "process" });
  });

  it("records a dispute and stops there", () => {
    const run = play(context(), [
      "oui c'est moi",
      "je conteste cette facture, je n'ai jamais reçu la marchandise",
    ]);
    expect(run.tools).toEqual([
      { tool: "record_dispute", statement: "je conteste cette facture, je n'ai jamais reçu la marchandise" },
    ]);
    expect(run.state).toMatchObject({ outcome: "dispute", reason: "dispute", phase: "ended" });
  });

  it("offers a plan within the mandate's limits on hardship (Vincent) and records it once accepted", () => {
    const run = play(context({}, vincent), ["oui c'est moi", "oui, je suis au chômage", "oui d'accord"]);
    expect(all(run.said)).toContain("Rencontrez-vous des difficultés");
    expect(run.tools).toEqual([
      { tool: "propose_plan", instalments: 6, instalmentCents: 20_841, firstDate: "2026-09-16" },
    ]);
    expect(run.state).toMatchObject({ outcome: "plan", reason: "solvency" });
  });

  it("caps the instalments at the mandate's maximum and says so", () => {
    const run = play(context({}, vincent), ["oui c'est moi", "je voudrais payer en 12 fois", "oui"]);
    expect(all(run.said)).toContain("Je ne peux pas aller au-delà de 6 mensualités");
    expect(run.tools[0]).toMatchObject({ tool: "propose_plan", instalments: 6 });
  });

  it("books a meeting with a collector when the persona may not propose a plan (Lucien)", () => {
    const run = play(context(), ["oui c'est moi", "je suis au chômage, c'est difficile", "oui"]);
    expect(run.tools).toEqual([{ tool: "book_appointment", preferredDate: null }]);
    expect(all(run.said)).toContain("jeudi 10 septembre à 14 h");
    expect(run.state.outcome).toBe("appointment");
  });

  it("offers a meeting when the balance is too small to split", () => {
    const run = play(context({ balanceCents: 4_000 }, vincent), [
      "oui c'est moi",
      "oui j'ai des difficultés",
      "oui",
    ]);
    expect(run.tools).toEqual([{ tool: "book_appointment", preferredDate: null }]);
  });

  it("reads a promise back and records it once confirmed", () => {
    const run = play(context(), ["oui c'est moi", "je vous payerai le 20", "oui"]);
    expect(all(run.said)).toContain(
      "Je note donc un paiement de 1 250,50 € au plus tard le dimanche 20 septembre",
    );
    expect(run.tools).toEqual([{ tool: "record_promise", date: "2026-09-20", amountCents: 125_050 }]);
    expect(run.state.outcome).toBe("promise");
  });

  it("counters a promise beyond the mandate's horizon with the latest date it allows", () => {
    const run = play(context(), ["oui c'est moi", "je pourrai payer le 15 décembre", "oui"]);
    expect(all(run.said)).toContain("Je ne peux pas accepter une date au-delà du vendredi 9 octobre");
    expect(run.tools).toEqual([{ tool: "record_promise", date: "2026-10-09", amountCents: 125_050 }]);
  });

  it("turns a partial promise into a plan offer (Guillaume)", () => {
    const run = play(context({}, guillaume), ["oui c'est moi", "je peux payer 200 euros le 20", "oui"]);
    expect(all(run.said)).toContain("Cette somme ne couvre pas la totalité");
    expect(run.tools[0]).toMatchObject({ tool: "propose_plan" });
  });

  it("schedules a call back on the day asked", () => {
    const run = play(context(), ["oui c'est moi", "je suis au volant, rappelez-moi demain"]);
    expect(run.tools).toEqual([
      { tool: "schedule_callback", date: "2026-09-10", note: "debtor asked to be called later" },
    ]);
    expect(run.state.outcome).toBe("call_back");
  });

  it("transfers to a human when one is available, otherwise books a meeting", () => {
    const free = play(context({ humanAvailable: true }), ["oui c'est moi", "je veux parler à un conseiller"]);
    expect(free.tools).toEqual([{ tool: "transfer_to_human" }]);
    expect(free.state.outcome).toBe("transferred");
    const busy = play(context({ humanAvailable: false }), [
      "oui c'est moi",
      "je veux parler à un conseiller",
    ]);
    expect(busy.tools).toEqual([{ tool: "book_appointment", preferredDate: null }]);
    const failed = play(
      context({ humanAvailable: true }),
      ["oui c'est moi", "passez-moi un humain"],
      (call) =>
        call.tool === "transfer_to_human"
          ? { ok: false, error: "nobody answered" }
          : { ok: true, data: { slot: "demain" } },
    );
    expect(failed.tools.map((t) => t.tool)).toEqual(["transfer_to_human", "book_appointment"]);
    expect(failed.state.outcome).toBe("appointment");
  });

  it("stops calling on 'ne m'appelez plus', before or after the check", () => {
    for (const script of [["ne m'appelez plus"], ["oui c'est moi", "ne m'appelez plus jamais"]]) {
      const run = play(context(), script);
      expect(run.tools).toEqual([{ tool: "opt_out_of_calls" }]);
      expect(run.state.outcome).toBe("opt_out");
    }
  });

  it("ends after two silences, as no answer when nobody ever spoke", () => {
    const run = play(context(), [{ silence: true }, { silence: true }]);
    expect(run.said).toContain("Êtes-vous toujours en ligne ?");
    expect(run.state).toMatchObject({ outcome: "no_answer", phase: "ended" });
  });

  it("ends politely and flags abuse or distress", () => {
    const abuse = play(context(), ["oui c'est moi", "espèce de connard"]);
    expect(abuse.state.flags).toEqual(["abuse"]);
    expect(abuse.actions.at(-1)).toEqual({ type: "hangup" });
    const distress = play(context(), ["oui c'est moi", "je n'ai plus envie de vivre"]);
    expect(distress.state.flags).toEqual(["distress"]);
    expect(all(distress.said)).toContain("Prenez soin de vous");
    expect(distress.tools).toEqual([]);
  });

  it("wraps up at the maximum call length", () => {
    const run = play(context({ maxCallMs: 12_000 }), ["oui c'est moi", "euh", "hmm"]);
    expect(run.state.flags).toContain("max_duration");
    expect(all(run.said)).toContain("Je dois écourter cet appel");
    expect(run.state.phase).toBe("ended");
  });

  it("leaves the persona's voicemail text, with no debt detail, on an answering machine", () => {
    const ctx = context({}, guillaume);
    const run = play(ctx, [{ voicemail: true }]);
    const message = run.actions.find((a) => a.type === "say" && a.kind === "voicemail");
    expect(message).toMatchObject({ interruptible: false });
    expect(run.state.outcome).toBe("voicemail");
    expect(debtDetails(ctx, run.said)).toEqual([]);
  });

  it("counts a hang-up within 20 seconds apart from a longer call", () => {
    expect(play(context(), [{ hangup: true }]).state.outcome).toBe("hung_up");
    const later = play(context(), ["oui c'est moi", "euh", "bon", "hmm", { hangup: true }]);
    expect(later.state.outcome).toBe("no_agreement");
  });

  it("speaks English with the English persona", () => {
    const run = play(context({ locale: "en" }, defaultPersona("courteous", "en")), []);
    expect(run.said[0]).toContain("artificial intelligence");
    expect(run.said[1]).toBe("Am I speaking with Monsieur Jean Dupont?");
  });
});

describe("utterance guard", () => {
  it("refuses threats the DGCCRF sanctions, in French and English, at any time", () => {
    const ctx = context();
    expect(checkUtterance("Un huissier va passer chez vous.", ctx, true)[0]).toMatchObject({
      code: "bailiff_threat",
    });
    expect(checkUtterance("Vous serez inscrit au fichier de la Banque de France.", ctx, true)).not.toEqual(
      [],
    );
    expect(checkUtterance("Our bailiffs will seize your car.", ctx, true)[0]).toMatchObject({
      code: "bailiff_threat",
    });
    expect(checkUtterance("Des frais de dossier seront ajoutés.", ctx, true)[0]).toMatchObject({
      code: "debtor_fees",
    });
  });

  it("refuses debt details before the right-party check and allows them after", () => {
    const ctx = context();
    const text = "Vous devez 1 250,50 € à Boulangerie Martin.";
    expect(checkUtterance(text, ctx, false).map((v) => ("detail" in v ? v.detail : v.code))).toEqual(
      expect.arrayContaining(["creditor", "amount", "word:vous devez"]),
    );
    expect(checkUtterance(text, ctx, true)).toEqual([]);
    expect(checkUtterance("Bonjour, ici Lucien, du cabinet Relance Recouvrement.", ctx, false)).toEqual([]);
  });
});
