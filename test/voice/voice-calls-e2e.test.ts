import { eq } from "drizzle-orm";
import Fastify from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCase } from "../../src/cases/create-case";
import { createCaseSchema } from "../../src/cases/create-case.schema";
import { agency, cases, timelineEvents } from "../../src/cases/schema";
import { SYSTEM } from "../../src/cases/timeline";
import { recordingDeleter } from "../../src/cli/engine";
import type { OutboundAction } from "../../src/collection/channel";
import { users } from "../../src/platform/auth/schema";
import { type Config, loadConfig } from "../../src/platform/config";
import { errorHandler } from "../../src/platform/http/error-handler";
import type { App } from "../../src/platform/http/types";
import { createLogger } from "../../src/platform/logger";
import { registerTwilioVoiceRoutes } from "../../src/voice/http/twilio-routes";
import { DEBTOR_SCRIPTS } from "../../src/voice/sandbox/debtor-profiles";
import { voiceCalls } from "../../src/voice/schema";
import { purgeExpiredRecordings } from "../../src/voice/session/recordings";
import { twilioVoiceChannel } from "../../src/voice/twilio/twilio-voice-channel";
import { caseBody, createTestApp, TEST_NOW, type TestApp } from "../helpers/app";
import { freePort } from "../helpers/cli";
import { DEEPGRAM_KEY, type DeepgramDouble, startDeepgramDouble } from "./deepgram-double";
import {
  ACCOUNT_SID,
  AUTH_TOKEN,
  type CarrierDouble,
  type DebtorPlan,
  startCarrierDouble,
  startTtsDouble,
  ToneLexicon,
  type TtsDouble,
} from "./twilio-double";

// Whole calls with the providers chosen by configuration, each a real adapter against a loopback
// double of its public protocol: Twilio (REST + Media Streams) for the line, Deepgram live streaming
// for recognition (DEEPGRAM_API_URL / DEEPGRAM_API_KEY), OpenAI-compatible speech for the agent's voice
// (TTS_BASE_URL). Key presses, cold transfers and recordings go through the same carrier double.

const lexicon = new ToneLexicon();
let t: TestApp;
let carrier: CarrierDouble;
let deepgram: DeepgramDouble;
let tts: TtsDouble;
let voice: App;
let publicUrl: string;
let config: Config;

beforeAll(async () => {
  carrier = await startCarrierDouble(lexicon);
  deepgram = await startDeepgramDouble(lexicon);
  tts = await startTtsDouble();
  publicUrl = `http://127.0.0.1:${await freePort()}`;
  const env = {
    PUBLIC_URL: publicUrl,
    TWILIO_API_URL: carrier.apiUrl,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_FROM: "+33159000000",
    DEEPGRAM_API_URL: deepgram.apiUrl,
    DEEPGRAM_API_KEY: DEEPGRAM_KEY,
    TTS_BASE_URL: tts.baseUrl,
    TTS_API_KEY: "tts-key",
    TTS_MODEL: "tts-test",
    TTS_VOICE: "nova",
  };
  t = await createTestApp(env);
  config = loadConfig({ NODE_ENV: "test", RELANCE_SECRET: "x".repeat(40), LOG_LEVEL: "silent", ...env });
  voice = Fastify() as unknown as App;
  voice.setErrorHandler(errorHandler);
  const deps = { config, database: t.database, clock: t.clock, logger: createLogger({ level: "silent" }) };
  // No overrides: recognition and synthesis are what the configuration selects.
  await registerTwilioVoiceRoutes(voice, deps);
  await voice.listen({ port: Number(new URL(publicUrl).port), host: "127.0.0.1" });
});

afterAll(async () => {
  await voice?.close();
  await t?.close();
  await carrier?.close();
  await deepgram?.close();
  await tts?.close();
});

beforeEach(async () => {
  deepgram.mode = "endpointing";
  await t.database.db.update(users).set({ availableForTransfers: false });
  await t.database.db.update(agency).set({ recordCalls: false });
});

async function eventTypes(caseId: string): Promise<string[]> {
  const rows = await t.database.db
    .select({ type: timelineEvents.type })
    .from(timelineEvents)
    .where(eq(timelineEvents.caseId, caseId));
  return rows.map((r) => r.type);
}

async function call(ref: string, plan: DebtorPlan) {
  const body = createCaseSchema.parse(caseBody(ref));
  const { caseId } = await createCase(t.database.db, t.creditors.a.id, body, SYSTEM, TEST_NOW);
  carrier.nextDebtor = plan;
  const channel = twilioVoiceChannel(t.database.db, () => t.clock.now(), {
    account: { apiUrl: carrier.apiUrl, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN },
    from: "+33159000000",
    publicUrl,
    secret: config.secret,
    waitMs: 60_000,
    pollMs: 50,
  });
  const action: OutboundAction = {
    outboxId: ref,
    idempotencyKey: `e2e-${ref}`,
    creditorId: t.creditors.a.id,
    caseId,
    channel: "voice_call",
    template: "call",
    persona: "firm",
    attempt: 1,
    payload: {},
  };
  const result = await channel.send(action);
  const log = carrier.calls.at(-1)!;
  await carrier.done(log.sid);
  const [row] = await t.database.db.select().from(voiceCalls).where(eq(voiceCalls.caseId, caseId));
  const [c] = await t.database.db.select().from(cases).where(eq(cases.id, caseId));
  const debtorSaid = row!.transcript.filter((x) => x.speaker === "debtor").map((x) => x.text);
  return { result, log, row: row!, c: c!, debtorSaid };
}

describe("voice calls with Deepgram live recognition and OpenAI-compatible speech", () => {
  it("streams the call to Deepgram, whose final results drive the turns: a promise puts the case on hold", async () => {
    const turns = DEBTOR_SCRIPTS.promise as string[];
    const sessionsBefore = deepgram.sessions.length;
    const r = await call("DG-PROMISE", { turns });
    expect(r.row.outcome).toBe("promise");
    expect(r.debtorSaid).toEqual(turns);
    expect(r.c.holdReason).toBe("promise");
    // One Deepgram socket for the call, with the documented query, fed the whole line, closed cleanly.
    expect(deepgram.sessions.length).toBe(sessionsBefore + 1);
    const s = deepgram.sessions.at(-1)!;
    expect(Object.fromEntries(s.query)).toMatchObject({
      encoding: "mulaw",
      sample_rate: "8000",
      channels: "1",
      interim_results: "true",
      endpointing: "300",
      utterance_end_ms: "1000",
      language: "fr",
      model: "nova-3",
    });
    expect(s.audioBytes).toBeGreaterThan(8000 * 3);
    expect(s.closeStreams).toBe(1);
    expect(s.sent.some((m) => m.type === "Results" && m.is_final === false)).toBe(true);
    expect(s.sent.at(-1)?.type).toBe("Metadata");
    // The agent's voice came from the synthesis double, sentence by sentence.
    expect(tts.requests.length).toBeGreaterThan(3);
    expect(tts.requests.at(-1)).toMatchObject({ model: "tts-test", voice: "nova", auth: "Bearer tts-key" });
    expect(r.row.cost!.usage.sttSeconds).toBeGreaterThan(3);
  });

  it("on a line where endpointing never fires, UtteranceEnd ends the turn", async () => {
    deepgram.mode = "utterance_end";
    const turns = DEBTOR_SCRIPTS.dispute as string[];
    const r = await call("DG-UTTEND", { turns });
    expect(deepgram.sessions.at(-1)!.sent.some((m) => m.type === "UtteranceEnd")).toBe(true);
    expect(deepgram.sessions.at(-1)!.sent.some((m) => m.speech_final === true)).toBe(false);
    expect(r.debtorSaid).toEqual(turns);
    expect(r.row.outcome).toBe("dispute");
    expect(r.c.holdReason).toBe("dispute");
  });

  it("a refused Deepgram key is reported as an error, and closing does not hang", async () => {
    const refusedBefore = deepgram.refused;
    const stt = (await import("../../src/voice/speech/deepgram-stt")).deepgramStt({
      apiUrl: deepgram.apiUrl,
      apiKey: "wrong",
    });
    const errors: unknown[] = [];
    const live = stt.open("fr", { utterance: () => {}, error: (e) => errors.push(e) });
    live.send(new Uint8Array(160).fill(0xff));
    await new Promise((r) => setTimeout(r, 200));
    await live.close();
    expect(deepgram.refused).toBe(refusedBefore + 1);
    expect(String(errors[0])).toMatch(/401/);
  });
});

describe("key presses, transfers and recordings through the carrier double", () => {
  it("keys answer like words: 1 confirms the debtor, 9 opts the number out of calls", async () => {
    const r = await call("DG-DTMF", { turns: [{ dtmf: "1" }, { dtmf: "9" }] });
    expect(r.debtorSaid).toEqual(["[touche 1]", "[touche 9]"]);
    expect(r.row.outcome).toBe("opt_out");
    // The purpose (creditor, amount) came after the key that confirmed the right person, not before.
    const agent = r.row.transcript.filter((x) => x.speaker === "agent").map((x) => x.text);
    const firstDebt = agent.findIndex((x) => x.includes("CRED-A"));
    const keyAt = r.row.transcript.findIndex((x) => x.text === "[touche 1]");
    expect(firstDebt).toBeGreaterThan(-1);
    expect(r.row.transcript.findIndex((x) => x.text.includes("CRED-A"))).toBeGreaterThan(keyAt);
  });

  it("an agent marks themselves available (a phone is needed), and the call is handed to them by call update", async () => {
    const agent = await t.login("agent@test.example");
    const refused = await t.request("PUT", "/api/agency/me/transfer-presence", {
      auth: agent,
      body: { availableForTransfers: true },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain("phone");
    await t.database.db
      .update(users)
      .set({ phone: "06 12 34 56 78" })
      .where(eq(users.email, "agent@test.example"));
    const ok = await t.request("PUT", "/api/agency/me/transfer-presence", {
      auth: agent,
      body: { availableForTransfers: true },
    });
    expect(ok.json()).toEqual({ availableForTransfers: true });
    const r = await call("DG-TRANSFER", { turns: DEBTOR_SCRIPTS.wants_human as string[] });
    expect(r.row.outcome).toBe("transferred");
    expect(r.log.dialled).toBe("+33612345678");
    expect(r.log.hungUp).toBe(false);
    // The collector took it; when their leg ended Twilio posted to <Dial action>: they are free again.
    const [me] = await t.database.db.select().from(users).where(eq(users.email, "agent@test.example"));
    expect(r.row.transferredToUserId).toBe(me!.id);
    expect(r.log.dialAction).toEqual({
      status: 200,
      twiml: '<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>',
    });
    expect(me!.transferBusyUntil).toBeNull();
    expect(await eventTypes(r.c.id)).toContain("voice.transfer_answered");
  });

  it("goes round the free collectors, skips one on a transferred call, and tells the debtor when nobody picks up", async () => {
    const db = t.database.db;
    for (const [email, phone] of [
      ["agent@test.example", "06 12 34 56 78"],
      ["manager@test.example", "06 98 76 54 32"],
    ] as const)
      await db
        .update(users)
        .set({ phone, availableForTransfers: true, lastTransferAt: null, transferBusyUntil: null })
        .where(eq(users.email, email));
    // Nobody has had a transfer yet: the first goes to one of them, unanswered.
    const first = await call("DG-ROUND-1", {
      turns: DEBTOR_SCRIPTS.wants_human as string[],
      dialOutcome: "no-answer",
    });
    expect(first.row.outcome).toBe("transferred");
    expect(first.log.dialAction?.status).toBe(200);
    expect(first.log.dialAction?.twiml).toContain(
      '<Say language="fr-FR">Notre conseiller n&apos;a pas pu prendre votre appel.',
    );
    expect(first.log.dialAction?.twiml).toContain("<Hangup/>");
    expect(await eventTypes(first.c.id)).toEqual(
      expect.arrayContaining(["voice.transfer_unanswered", "callback.requested"]),
    );
    // The next transfer goes to the other collector, who waited longer.
    const second = await call("DG-ROUND-2", { turns: DEBTOR_SCRIPTS.wants_human as string[] });
    expect(second.log.dialled).not.toBe(first.log.dialled);
    expect(new Set([first.log.dialled, second.log.dialled])).toEqual(
      new Set(["+33612345678", "+33698765432"]),
    );

    // One collector still on a call (the carrier never said it ended): the other takes the next two.
    await db
      .update(users)
      .set({ transferBusyUntil: new Date(t.clock.now().getTime() + 10 * 60_000) })
      .where(eq(users.email, "manager@test.example"));
    for (const ref of ["DG-ROUND-3", "DG-ROUND-4"]) {
      const r = await call(ref, { turns: DEBTOR_SCRIPTS.wants_human as string[] });
      expect(r.log.dialled).toBe("+33612345678");
    }
    // Both busy: the agent offers an appointment instead of a transfer.
    await db
      .update(users)
      .set({ transferBusyUntil: new Date(t.clock.now().getTime() + 10 * 60_000) })
      .where(eq(users.email, "agent@test.example"));
    const none = await call("DG-ROUND-5", { turns: DEBTOR_SCRIPTS.wants_human as string[] });
    expect(none.log.dialled).toBeNull();
    expect(none.row.outcome).toBe("appointment");
  });

  it("refuses an unsigned <Dial action> callback", async () => {
    const res = await fetch(`${publicUrl}/webhooks/twilio/voice/transfer`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ CallSid: "CA1", DialCallStatus: "completed" }).toString(),
    });
    expect(res.status).toBe(401);
  });

  it("with nobody available the agent books an appointment instead of transferring", async () => {
    const r = await call("DG-NOAGENT", { turns: DEBTOR_SCRIPTS.wants_human as string[] });
    expect(r.log.dialled).toBeNull();
    expect(r.row.outcome).toBe("appointment");
    expect(r.c.holdReason).toBe("appointment");
    expect(r.log.hungUp).toBe(true);
  });

  it("records only when the agency turned recording on, says so, and purges the recording after 6 months", async () => {
    const off = await call("DG-NOREC", { turns: DEBTOR_SCRIPTS.third_party as string[] });
    expect(off.log.form.get("Record")).toBeNull();
    expect(off.row.recordingRef).toBeNull();

    const admin = await t.login("admin@test.example");
    const voiceOn = () =>
      t.request("PUT", "/api/agency/settings/voice", { auth: admin, body: { recordCalls: true } });
    expect((await voiceOn()).statusCode).toBe(400);
    const identity = await t.request("PUT", "/api/agency/settings", {
      auth: admin,
      body: {
        name: "Relance Recouvrement",
        address: { line1: "18 rue de la Bourse", postalCode: "69002", city: "Lyon", country: "FR" },
      },
    });
    expect(identity.statusCode).toBe(200);
    expect((await voiceOn()).json()).toEqual({ recordCalls: true });
    const r = await call("DG-REC", { turns: DEBTOR_SCRIPTS.third_party as string[] });
    expect(r.log.form.get("Record")).toBe("true");
    expect(r.log.form.get("RecordingChannels")).toBe("dual");
    expect(r.row.transcript[0]!.text).toMatch(/enregistr/);
    // The recording callback arrives after the call; wait for it.
    let row = r.row;
    for (let i = 0; i < 40 && !row.recordingRef; i++) {
      await new Promise((res) => setTimeout(res, 50));
      row = (await t.database.db.select().from(voiceCalls).where(eq(voiceCalls.id, r.row.id)))[0]!;
    }
    expect(row.recordingRef).toBe(r.log.recordingSid);
    expect(row.recordingDurationMs).toBeGreaterThan(0);

    const deleter = recordingDeleter(config);
    const sixMonthsLess = new Date(row.recordedAt!.getTime() + 180 * 86_400_000);
    expect(await purgeExpiredRecordings(t.database.db, sixMonthsLess, deleter)).toBe(0);
    const later = new Date(row.recordedAt!.getTime() + 186 * 86_400_000);
    expect(await purgeExpiredRecordings(t.database.db, later, deleter)).toBe(1);
    expect(carrier.deletedRecordings).toEqual([r.log.recordingSid]);
    const [purged] = await t.database.db.select().from(voiceCalls).where(eq(voiceCalls.id, r.row.id));
    expect(purged!.recordingRef).toBeNull();
    expect(purged!.recordingPurgedAt).toEqual(later);
  });
});
