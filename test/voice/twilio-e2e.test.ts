import { execFileSync } from "node:child_process";
import { createServer } from "node:net";
import { eq } from "drizzle-orm";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createCase } from "../../src/cases/create-case";
import { createCaseSchema } from "../../src/cases/create-case.schema";
import { cases, contactPoints } from "../../src/cases/schema";
import { SYSTEM } from "../../src/cases/timeline";
import type { OutboundAction } from "../../src/collection/channel";
import { type Config, loadConfig } from "../../src/platform/config";
import { errorHandler } from "../../src/platform/http/error-handler";
import type { App } from "../../src/platform/http/types";
import { createLogger } from "../../src/platform/logger";
import { registerTwilioVoiceRoutes } from "../../src/voice/http/twilio-routes";
import { DEBTOR_SCRIPTS } from "../../src/voice/sandbox/debtor-profiles";
import { voiceCalls } from "../../src/voice/schema";
import { espeakTts } from "../../src/voice/speech/espeak-tts";
import { signCallToken } from "../../src/voice/twilio/call-token";
import type { TurnTiming } from "../../src/voice/twilio/media-stream";
import { TWILIO_STATUS_PATH, twilioVoiceChannel } from "../../src/voice/twilio/twilio-voice-channel";
import { caseBody, createTestApp, TEST_NOW, type TestApp } from "../helpers/app";
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  type CarrierDouble,
  type DebtorPlan,
  postStatus,
  type SttDouble,
  startCarrierDouble,
  startSttDouble,
  ToneLexicon,
} from "./twilio-double";

// Whole calls through the real Twilio adapter and media endpoint, against a carrier double on loopback
// that speaks Twilio's REST and Media Streams protocols, with espeak-ng as the agent's voice and the
// OpenAI-compatible transcription adapter pointed at a tone-reading double.

const hasEspeak = (() => {
  if (process.env.RELANCE_REQUIRE_ESPEAK === "1") return true;
  try {
    execFileSync("espeak-ng", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

const lexicon = new ToneLexicon();
let t: TestApp;
let carrier: CarrierDouble;
let stt: SttDouble;
let voice: App;
let publicUrl: string;
let config: Config;
const timings: TurnTiming[] = [];

beforeAll(async () => {
  carrier = await startCarrierDouble(lexicon);
  stt = await startSttDouble(lexicon);
  const port = await freePort();
  publicUrl = `http://127.0.0.1:${port}`;
  const env = {
    PUBLIC_URL: publicUrl,
    TWILIO_API_URL: carrier.apiUrl,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_FROM: "+33159000000",
    STT_BASE_URL: stt.baseUrl,
    STT_MODEL: "whisper-test",
  };
  t = await createTestApp(env);
  config = loadConfig({ NODE_ENV: "test", RELANCE_SECRET: "x".repeat(40), LOG_LEVEL: "silent", ...env });
  // The media endpoint on a real port (WebSockets need one), with a probe on turn timings.
  voice = Fastify() as unknown as App;
  voice.setErrorHandler(errorHandler);
  const deps = { config, database: t.database, clock: t.clock, logger: createLogger({ level: "silent" }) };
  await registerTwilioVoiceRoutes(voice, deps, { tts: espeakTts(), onTurn: (x) => timings.push(x) });
  await voice.listen({ port, host: "127.0.0.1" });
});

afterAll(async () => {
  await voice?.close();
  await t?.close();
  await carrier?.close();
  await stt?.close();
  if (timings.length > 0) {
    const ms = timings.map((x) => x.endOfSpeechToFirstAudioMs).sort((a, b) => a - b);
    const q = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))]!.toFixed(1);
    console.log(
      `voice turn (${t.database.kind}): end of speech → first agent frame, n=${ms.length}, p50 ${q(0.5)} ms, p95 ${q(0.95)} ms`,
    );
  }
});

async function newCase(ref: string) {
  const body = createCaseSchema.parse(caseBody(ref));
  return (await createCase(t.database.db, t.creditors.a.id, body, SYSTEM, TEST_NOW)).caseId;
}

function action(caseId: string, key: string): OutboundAction {
  return {
    outboxId: key,
    idempotencyKey: key,
    creditorId: t.creditors.a.id,
    caseId,
    channel: "voice_call",
    template: "call",
    persona: "courteous",
    attempt: 1,
    payload: {},
  };
}

function channel() {
  return twilioVoiceChannel(t.database.db, () => t.clock.now(), {
    account: { apiUrl: carrier.apiUrl, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
    from: "+33159000000",
    publicUrl,
    secret: config.secret,
    waitMs: 60_000,
    pollMs: 50,
  });
}

async function call(ref: string, plan: DebtorPlan) {
  const caseId = await newCase(ref);
  carrier.nextDebtor = plan;
  const result = await channel().send(action(caseId, `tw-${ref}`));
  const log = carrier.calls.at(-1)!;
  await carrier.done(log.sid);
  const db = t.database.db;
  const [row] = await db.select().from(voiceCalls).where(eq(voiceCalls.caseId, caseId));
  const [c] = await db.select().from(cases).where(eq(cases.id, caseId));
  return { caseId, result, log, row: row!, c: c! };
}

describe.skipIf(!hasEspeak)("Twilio voice calls, end to end through the carrier double", () => {
  it("places the call over REST and a promise made on the media stream puts the case on a promise hold", async () => {
    const turns = DEBTOR_SCRIPTS.promise as string[];
    const r = await call("TW-PROMISE", { turns });
    expect(r.result).toMatchObject({ status: "sent", provider: "twilio", outcome: "answered" });
    // REST: Basic auth, form fields, inline TwiML connecting a stream with the signed call token.
    expect(r.log.authorized).toBe(true);
    expect(r.log.form.get("To")).toMatch(/^\+33\d{9}$/);
    expect(r.log.form.get("From")).toBe("+33159000000");
    expect(r.log.form.get("StatusCallback")).toBe(`${publicUrl}${TWILIO_STATUS_PATH}?call=${r.row.id}`);
    expect(r.log.form.getAll("StatusCallbackEvent")).toEqual([
      "initiated",
      "ringing",
      "answered",
      "completed",
    ]);
    expect(r.log.form.get("MachineDetection")).toBe("DetectMessageEnd");
    expect(r.log.form.get("AsyncAmd")).toBe("true");
    const twiml = r.log.form.get("Twiml")!;
    expect(twiml).toContain(
      `<Connect><Stream url="ws://127.0.0.1:${new URL(publicUrl).port}/voice/twilio/stream">`,
    );
    expect(twiml).toContain(`<Parameter name="token" value="${signCallToken(config.secret, r.row.id)}"/>`);
    // Media: the agent spoke real audio with a mark per sentence, and hung up by call update.
    expect(r.log.mediaFrames).toBeGreaterThan(200);
    expect(r.log.marksSent.length).toBeGreaterThan(3);
    expect(r.log.events.at(-1)).toMatch(/^mark:/);
    expect(r.log.hungUp).toBe(true);
    expect(r.log.statusCallbacks.every((s) => s === 204)).toBe(true);
    // The call record and the case.
    expect(r.row).toMatchObject({
      provider: "twilio",
      providerRef: r.log.sid,
      status: "completed",
      outcome: "promise",
    });
    expect(r.row.transcript.filter((x) => x.speaker === "debtor").map((x) => x.text)).toEqual(turns);
    expect(r.row.transcript[0]?.text).toContain("intelligence artificielle");
    expect(r.row.cost!.telephonyMicros).toBeGreaterThan(0);
    expect(r.row.cost!.usage.sttSeconds).toBeGreaterThan(0);
    expect(r.c.holdReason).toBe("promise");
    expect(stt.requests.at(-1)).toEqual({ model: "whisper-test", language: "fr" });
  });

  it("a debtor who talks over the agent gets a clear, and 'arrêtez de m'appeler' opts the number out of calls", async () => {
    const turns = DEBTOR_SCRIPTS.opt_out as string[];
    const r = await call("TW-OPTOUT", { turns, interruptAt: 1 });
    expect(r.log.clears).toBeGreaterThanOrEqual(1);
    expect(r.row.outcome).toBe("opt_out");
    const points = await t.database.db
      .select()
      .from(contactPoints)
      .where(eq(contactPoints.debtorId, r.c.debtorId));
    expect(points.find((p) => p.kind === "phone")!.optOuts.map((o) => o.channel)).toEqual(["call"]);
  });

  it("an answering machine reported by async AMD gets the persona's message, with no debt detail", async () => {
    const r = await call("TW-MACHINE", { turns: [], machine: true });
    expect(r.result).toMatchObject({ status: "sent", outcome: "voicemail" });
    expect(r.row.outcome).toBe("voicemail");
    expect(r.log.hungUp).toBe(true);
    const spoken = r.row.transcript
      .filter((x) => x.speaker === "agent")
      .map((x) => x.text)
      .join(" ");
    expect(spoken).toContain("intelligence artificielle");
    expect(spoken).not.toMatch(/€|dossier|facture|REL-/);
  });
});

describe("Twilio voice calls: what is refused and what never connects", () => {
  it("a call that rings out is recorded as no answer from the signed status callback", async () => {
    const r = await call("TW-NOANSWER", { turns: [], noAnswer: true });
    expect(r.result).toMatchObject({ status: "sent", outcome: "no_answer" });
    expect(r.row).toMatchObject({ outcome: "no_answer", durationMs: 0 });
    expect(r.log.statusCallbacks).toEqual([204, 204]);
  });

  it("status callbacks with a wrong signature are refused, by the media server and by the main server", async () => {
    const url = `${publicUrl}${TWILIO_STATUS_PATH}`;
    const forged = await postStatus(url, { CallSid: "CA1", CallStatus: "no-answer" }, "not-the-token");
    expect(forged.status).toBe(401);
    const res = await t.request("POST", TWILIO_STATUS_PATH, {
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": "AAAA" },
      body: "CallSid=CA1&CallStatus=no-answer",
    });
    expect(res.statusCode).toBe(401);
  });

  it("a media stream whose start carries an unsigned or unknown token is closed without a word", async () => {
    const ws = new WebSocket(`${publicUrl.replace("http", "ws")}/voice/twilio/stream`);
    const received: string[] = [];
    ws.on("message", (d) => received.push(d.toString()));
    await new Promise((r) => ws.once("open", r));
    const closed = new Promise((r) => ws.once("close", r));
    const start = (token: string) => ({
      event: "start",
      sequenceNumber: "1",
      streamSid: "MZ1",
      start: {
        accountSid: ACCOUNT_SID,
        streamSid: "MZ1",
        callSid: "CA1",
        tracks: ["inbound"],
        mediaFormat: { encoding: "audio/x-mulaw", sampleRate: 8000, channels: 1 },
        customParameters: { token },
      },
    });
    ws.send(JSON.stringify({ event: "connected", protocol: "Call", version: "1.0.0" }));
    ws.send(
      JSON.stringify(
        start(
          signCallToken("another-secret-of-sufficient-length-xx", "00000000-0000-0000-0000-000000000000"),
        ),
      ),
    );
    await closed;
    expect(received).toEqual([]);
    // Signed by us but for no call we placed: refused too.
    const ws2 = new WebSocket(`${publicUrl.replace("http", "ws")}/voice/twilio/stream`);
    await new Promise((r) => ws2.once("open", r));
    const closed2 = new Promise((r) => ws2.once("close", r));
    ws2.send(JSON.stringify(start(signCallToken(config.secret, "00000000-0000-0000-0000-000000000000"))));
    await closed2;
  });
});
