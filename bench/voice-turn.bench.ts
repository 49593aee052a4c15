// Per-turn overhead of the voice agent's decision path, providers excluded: the debtor's final
// transcript goes in, the built-in understanding reads it, the dialogue policy decides, tools answer
// at once (in memory), and the agent's first sentence comes out. This is the "end of speech → text to
// speak" part of Relance itself; media framing, VAD and TTS are not in it.
// Run: npx tsx bench/voice-turn.bench.ts [calls]

import { nluBrain } from "../src/voice/brains/nlu-brain";
import { defaultPersona } from "../src/voice/personas/default-personas";
import type { CallContext } from "../src/voice/policy/types";
import { CallSession } from "../src/voice/session/call-session";
import type { CallTools } from "../src/voice/tools/call-tools";

const CALLS = Number(process.argv[2] ?? 2000);
const SCRIPTS = [
  ["oui c'est moi", "je suis au chômage, c'est difficile", "oui d'accord"],
  ["oui c'est moi", "je vous paierai le 20", "oui"],
  ["oui c'est moi", "je conteste cette facture"],
  ["non c'est sa femme, il est au travail"],
  ["oui", "non je ne l'ai pas reçu", "d'accord merci", "au revoir"],
];

const ok = async () => ({ ok: true as const, data: { slot: "lundi à 14 h" } });
const tools: CallTools = {
  sendPaymentLink: ok,
  transferToHuman: ok,
  bookAppointment: ok,
  recordPromise: ok,
  proposePlan: ok,
  recordDispute: ok,
  reportAlreadyPaid: ok,
  scheduleCallback: ok,
  optOutOfCalls: ok,
  markWrongNumber: ok,
  endCall: ok,
  flag: async () => {},
};

function ctx(i: number): CallContext {
  const keys = ["courteous", "firm", "last_attempt"] as const;
  return {
    locale: "fr",
    persona: defaultPersona(keys[i % 3] as (typeof keys)[number], "fr"),
    openingIndex: i,
    agencyName: "Relance Recouvrement",
    agencyPhone: "04 78 00 00 00",
    creditorName: "Boulangerie Martin",
    debtorName: "Monsieur Jean Dupont",
    balanceCents: 50_000 + i,
    currency: "EUR",
    firstLetterRef: `RL-${i}`,
    firstLetterDate: "2026-08-20",
    today: "2026-09-09",
    planLimits: { maxInstalments: 6, minInstalmentCents: 3000, maxFirstPaymentDelayDays: 30 },
    recordingNotice: false,
    humanAvailable: false,
    maxCallMs: 300_000,
  };
}

const now = new Date("2026-09-09T10:00:00+02:00");
const times: number[] = [];
for (let i = 0; i < CALLS; i++) {
  const session = new CallSession(ctx(i), nluBrain, tools, { now: () => now, timeZone: "Europe/Paris" });
  await session.start();
  let at = 0;
  for (const line of SCRIPTS[i % SCRIPTS.length] ?? []) {
    at += 4000;
    const t0 = performance.now();
    const out = await session.hear(line, at);
    if (out.say.length > 0) times.push(performance.now() - t0);
    if (session.ended) break;
  }
}
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0;
console.log(`voice turn (NLU + policy + in-memory tools), ${times.length} turns over ${CALLS} calls`);
console.log(
  `p50 ${q(0.5).toFixed(3)} ms · p95 ${q(0.95).toFixed(3)} ms · p99 ${q(0.99).toFixed(3)} ms · max ${q(1).toFixed(3)} ms`,
);
