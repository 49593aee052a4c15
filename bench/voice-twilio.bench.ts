// End-of-speech → first agent audio through the Twilio media transport, as a carrier sees it. Relance's
// real Twilio channel places each call on a loopback carrier double that speaks Twilio's REST and Media
// Streams protocols; the debtor's turns arrive as 20 ms μ-law frames, the voice-activity detector cuts
// them, the OpenAI-compatible transcription adapter sends each utterance to a loopback double (tones,
// answered at once), the policy, built-in understanding and case tools run on embedded PGlite, espeak-ng
// synthesises the first sentence, and the clock stops when its first media frame is sent.
// With `instant`, synthesis is a double that answers at once with a fixed second of audio, which
// leaves Relance's own overhead (framing, VAD, recognition round trip on loopback, session, tools, DB).
// Run: npx tsx bench/voice-twilio.bench.ts [calls] [espeak|instant]

import { createServer } from "node:net";
import { eq } from "drizzle-orm";
import Fastify from "fastify";
import { cases, contactPoints, debtors } from "../src/cases/schema";
import { seedDemo } from "../src/cli/demo-data";
import { seedDefaultScenarios } from "../src/collection/scenario-store";
import { loadConfig } from "../src/platform/config";
import { openDatabase } from "../src/platform/db/client";
import { migrateDatabase } from "../src/platform/db/migrate";
import type { App } from "../src/platform/http/types";
import { createLogger } from "../src/platform/logger";
import { registerTwilioVoiceRoutes } from "../src/voice/http/twilio-routes";
import { seedDefaultPersonas } from "../src/voice/personas/persona-store";
import { DEBTOR_SCRIPTS, type DebtorProfile } from "../src/voice/sandbox/debtor-profiles";
import { espeakTts } from "../src/voice/speech/espeak-tts";
import type { TextToSpeech } from "../src/voice/speech/speech";
import type { TurnTiming } from "../src/voice/twilio/media-stream";
import { twilioVoiceChannel } from "../src/voice/twilio/twilio-voice-channel";
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  startCarrierDouble,
  startSttDouble,
  ToneLexicon,
} from "../test/voice/twilio-double";

const CALLS = Number(process.argv[2] ?? 20);
const SYNTHESIS = process.argv[3] === "instant" ? "instant" : "espeak";
const ONE_SECOND = new Uint8Array(8000).fill(0x7e);
const tts: TextToSpeech =
  SYNTHESIS === "instant" ? { name: "instant-double", synthesize: async () => ONE_SECOND } : espeakTts();
const PROFILES: DebtorProfile[] = ["promise", "cooperative", "hardship", "dispute", "already_paid"];
const NOW = new Date("2026-11-23T09:00:00Z");

const port = await new Promise<number>((resolve) => {
  const s = createServer().listen(0, "127.0.0.1", () => {
    const p = (s.address() as { port: number }).port;
    s.close(() => resolve(p));
  });
});
const lexicon = new ToneLexicon();
const carrier = await startCarrierDouble(lexicon);
const stt = await startSttDouble(lexicon);
const config = loadConfig({
  NODE_ENV: "test",
  RELANCE_SECRET: "b".repeat(40),
  PUBLIC_URL: `http://127.0.0.1:${port}`,
  TWILIO_API_URL: carrier.apiUrl,
  TWILIO_ACCOUNT_SID: ACCOUNT_SID,
  TWILIO_AUTH_TOKEN: AUTH_TOKEN,
  STT_BASE_URL: stt.baseUrl,
});
const database = await openDatabase({ databaseUrl: undefined, dataDir: "/tmp", memory: {} });
await migrateDatabase(database);
await seedDefaultScenarios(database.db);
await seedDefaultPersonas(database.db, NOW);
await seedDemo(database.db, NOW, 60);
const db = database.db;
const clock = { now: () => NOW, timeZone: "Europe/Paris" };
const timings: TurnTiming[] = [];
const app = Fastify() as unknown as App;
await registerTwilioVoiceRoutes(
  app,
  { config, database, clock: clock as never, logger: createLogger({ level: "silent" }) },
  { tts, onTurn: (t) => timings.push(t) },
);
await app.listen({ port, host: "127.0.0.1" });

const callable = await db
  .selectDistinct({ id: cases.id })
  .from(cases)
  .innerJoin(debtors, eq(debtors.id, cases.debtorId))
  .innerJoin(contactPoints, eq(contactPoints.debtorId, debtors.id))
  .where(eq(contactPoints.kind, "phone"));
const channel = twilioVoiceChannel(db, () => NOW, {
  account: { apiUrl: carrier.apiUrl, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
  from: "+33159000000",
  publicUrl: config.publicUrl,
  secret: config.secret,
  waitMs: 60_000,
  pollMs: 20,
});
const outcomes = new Map<string, number>();
for (let i = 0; i < Math.min(CALLS, callable.length); i++) {
  const profile = PROFILES[i % PROFILES.length]!;
  carrier.nextDebtor = { turns: DEBTOR_SCRIPTS[profile] as string[] };
  const result = await channel.send({
    outboxId: `bench-${i}`,
    idempotencyKey: `bench-${i}`,
    creditorId: "",
    caseId: callable[i]!.id,
    channel: "voice_call",
    template: "call",
    persona: "courteous",
    attempt: 1,
    payload: {},
  });
  await carrier.done(carrier.calls.at(-1)!.sid);
  const key = result.status === "sent" ? (result.outcome ?? "sent") : "failed";
  outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
}

const q = (values: number[], p: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};
const row = (name: string, values: number[]) =>
  console.log(
    `${name.padEnd(34)} p50 ${q(values, 0.5).toFixed(1).padStart(6)} ms   p95 ${q(values, 0.95).toFixed(1).padStart(6)} ms   max ${Math.max(
      ...values,
    )
      .toFixed(1)
      .padStart(6)} ms`,
  );
console.log(
  `${carrier.calls.length} calls, ${timings.length} debtor turns; outcomes ${JSON.stringify(Object.fromEntries(outcomes))}`,
);
row(
  "end of speech → first agent frame",
  timings.map((t) => t.endOfSpeechToFirstAudioMs),
);
row(
  "  recognition (loopback double)",
  timings.map((t) => t.sttMs),
);
row(
  "  session (NLU, policy, tools, DB)",
  timings.map((t) => t.sessionMs),
);
row(
  "  first sentence synthesis + framing",
  timings.map((t) => t.endOfSpeechToFirstAudioMs - t.queueMs - t.sttMs - t.sessionMs),
);
await app.close();
await carrier.close();
await stt.close();
await database.close();
