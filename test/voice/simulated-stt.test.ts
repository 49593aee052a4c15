import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { eq } from "drizzle-orm";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCase } from "../../src/cases/create-case";
import { createCaseSchema } from "../../src/cases/create-case.schema";
import { cases } from "../../src/cases/schema";
import { SYSTEM } from "../../src/cases/timeline";
import { loadConfig } from "../../src/platform/config";
import { errorHandler } from "../../src/platform/http/error-handler";
import type { App } from "../../src/platform/http/types";
import { createLogger } from "../../src/platform/logger";
import { registerTwilioVoiceRoutes } from "../../src/voice/http/twilio-routes";
import { DEBTOR_SCRIPTS } from "../../src/voice/sandbox/debtor-profiles";
import { voiceCalls } from "../../src/voice/schema";
import { hasRecogniser, selectStt } from "../../src/voice/speech/select-speech";
import { simulatedStt } from "../../src/voice/speech/simulated-stt";
import { twilioVoiceChannel } from "../../src/voice/twilio/twilio-voice-channel";
import { caseBody, createTestApp, TEST_NOW, type TestApp } from "../helpers/app";
import { freePort } from "../helpers/cli";
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  type CarrierDouble,
  serveTranscriptFeed,
  startCarrierDouble,
  startTtsDouble,
  ToneLexicon,
  type TranscriptFeed,
  type TtsDouble,
} from "./twilio-double";

// The simulation recogniser (STT_SIMULATION_URL): the simulated debtor hands the carrier double its
// audio and its transcript; Relance's VAD cuts the turns and the recogniser answers each cut with the
// transcripts the carrier published for that stretch of the line.

const NO_AUDIO = new Uint8Array(0);
const span = (startMs: number, endMs: number, callSid = "CA1") => ({ callSid, startMs, endMs });

describe("the simulation recogniser", () => {
  let server: Server;
  let feed: TranscriptFeed;
  beforeAll(async () => {
    server = createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    feed = serveTranscriptFeed(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  });
  afterAll(async () => {
    feed.close();
    await new Promise((r) => server.close(r));
  });

  it("answers a cut with what the debtor said in that stretch of that call, once", async () => {
    const stt = simulatedStt({ url: feed.url, waitMs: 100 });
    await sleep(100);
    feed.publish("CA1", 1000, 1700, "oui c'est moi");
    feed.publish("CA2", 1000, 1700, "non c'est sa femme");
    feed.publish("CA1", 4000, 4700, "je conteste");
    await sleep(50);
    // The VAD's cut starts with its pre-roll and ends after the trailing silence.
    expect(await stt.transcribe(NO_AUDIO, "fr", span(700, 2300))).toBe("oui c'est moi");
    expect(await stt.transcribe(NO_AUDIO, "fr", span(700, 2300))).toBe("");
    expect(await stt.transcribe(NO_AUDIO, "fr", span(2500, 3500))).toBe("");
    expect(await stt.transcribe(NO_AUDIO, "fr", span(3700, 5300))).toBe("je conteste");
    expect(await stt.transcribe(NO_AUDIO, "fr", span(700, 2300, "CA2"))).toBe("non c'est sa femme");
    stt.close();
  });

  it("waits for a transcript still on its way, and a reconnection replays nothing twice", async () => {
    const stt = simulatedStt({ url: feed.url, waitMs: 500 });
    await sleep(100);
    const heard = stt.transcribe(NO_AUDIO, "fr", span(900, 2000, "CA3"));
    feed.publish("CA3", 1000, 1500, "d'accord");
    expect(await heard).toBe("d'accord");
    // A second recogniser connecting now gets the last minute replayed; the first one's was heard.
    const late = simulatedStt({ url: feed.url, waitMs: 100 });
    await sleep(100);
    expect(await late.transcribe(NO_AUDIO, "fr", span(900, 2000, "CA3"))).toBe("d'accord");
    expect(await stt.transcribe(NO_AUDIO, "fr", span(900, 2000, "CA3"))).toBe("");
    stt.close();
    late.close();
  });

  it("is chosen by STT_SIMULATION_URL, after the real providers", () => {
    const base = { NODE_ENV: "test" as const, RELANCE_SECRET: "x".repeat(40) };
    const sim = loadConfig({ ...base, STT_SIMULATION_URL: feed.url });
    expect(hasRecogniser(loadConfig(base))).toBe(false);
    expect(hasRecogniser(sim)).toBe(true);
    const chosen = selectStt(sim) as ReturnType<typeof simulatedStt>;
    expect(chosen.name).toBe("simulation");
    chosen.close();
    const both = loadConfig({ ...base, STT_SIMULATION_URL: feed.url, STT_BASE_URL: "http://127.0.0.1:9/v1" });
    expect(selectStt(both)!.name).toBe("openai-stt:whisper-1");
  });
});

describe("whole calls heard by the simulation recogniser", () => {
  const lexicon = new ToneLexicon();
  let t: TestApp;
  let carrier: CarrierDouble;
  let tts: TtsDouble;
  let voice: App;
  let publicUrl: string;
  let secret: string;

  beforeAll(async () => {
    carrier = await startCarrierDouble(lexicon);
    tts = await startTtsDouble();
    publicUrl = `http://127.0.0.1:${await freePort()}`;
    const env = {
      PUBLIC_URL: publicUrl,
      TWILIO_API_URL: carrier.apiUrl,
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM: "+33159000000",
      STT_SIMULATION_URL: carrier.transcriptsUrl,
      TTS_BASE_URL: tts.baseUrl,
      TTS_MODEL: "tts-test",
    };
    t = await createTestApp(env);
    const config = loadConfig({
      NODE_ENV: "test",
      RELANCE_SECRET: "x".repeat(40),
      LOG_LEVEL: "silent",
      ...env,
    });
    secret = config.secret;
    voice = Fastify() as unknown as App;
    voice.setErrorHandler(errorHandler);
    const deps = { config, database: t.database, clock: t.clock, logger: createLogger({ level: "silent" }) };
    // No overrides: the configuration selects the recogniser.
    await registerTwilioVoiceRoutes(voice, deps);
    await voice.listen({ port: Number(new URL(publicUrl).port), host: "127.0.0.1" });
  });

  afterAll(async () => {
    await voice?.close();
    await t?.close();
    await carrier?.close();
    await tts?.close();
  });

  it("hears each turn the debtor took: a dispute puts the case on a dispute hold", async () => {
    const body = createCaseSchema.parse(caseBody("SIM-DISPUTE"));
    const { caseId } = await createCase(t.database.db, t.creditors.a.id, body, SYSTEM, TEST_NOW);
    const turns = DEBTOR_SCRIPTS.dispute as string[];
    carrier.nextDebtor = { turns };
    const channel = twilioVoiceChannel(t.database.db, () => t.clock.now(), {
      account: { apiUrl: carrier.apiUrl, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
      from: "+33159000000",
      publicUrl,
      secret,
      waitMs: 60_000,
      pollMs: 50,
    });
    const result = await channel.send({
      outboxId: "sim-1",
      idempotencyKey: "sim-1",
      creditorId: t.creditors.a.id,
      caseId,
      channel: "voice_call",
      template: "call",
      persona: "courteous",
      attempt: 1,
      payload: {},
    });
    await carrier.done(carrier.calls.at(-1)!.sid);
    expect(result).toMatchObject({ status: "sent", outcome: "answered" });
    const [row] = await t.database.db.select().from(voiceCalls).where(eq(voiceCalls.caseId, caseId));
    const [c] = await t.database.db.select().from(cases).where(eq(cases.id, caseId));
    expect(row!.transcript.filter((x) => x.speaker === "debtor").map((x) => x.text)).toEqual(turns);
    expect(row!.outcome).toBe("dispute");
    expect(c!.holdReason).toBe("dispute");
  });
});
