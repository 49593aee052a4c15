import { describe, expect, it } from "vitest";
import { MULAW_SILENCE } from "../../src/voice/audio/mulaw";
import { nluBrain } from "../../src/voice/brains/nlu-brain";
import { defaultPersona } from "../../src/voice/personas/default-personas";
import type { CallContext } from "../../src/voice/policy/types";
import { CallSession } from "../../src/voice/session/call-session";
import type { CallTools } from "../../src/voice/tools/call-tools";
import type { OutboundMessage } from "../../src/voice/twilio/media-messages";
import { MediaStream } from "../../src/voice/twilio/media-stream";

// The media stream handler alone, fed Twilio messages by hand: no network, no database.

const ok = async () => ({ ok: true as const });
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

const ctx: CallContext = {
  locale: "fr",
  persona: defaultPersona("courteous", "fr"),
  openingIndex: 0,
  agencyName: "Relance Recouvrement",
  agencyPhone: "04 78 00 00 00",
  creditorName: "Boulangerie Martin",
  debtorName: "Monsieur Jean Dupont",
  balanceCents: 50_000,
  currency: "EUR",
  firstLetterRef: "RL-1",
  firstLetterDate: "2026-08-20",
  today: "2026-09-09",
  planLimits: { maxInstalments: 6, minInstalmentCents: 3000, maxFirstPaymentDelayDays: 30 },
  recordingNotice: false,
  humanAvailable: false,
  maxCallMs: 9_000,
};

function harness(o: { ctx?: Partial<CallContext>; tools?: Partial<CallTools> } = {}) {
  const sent: OutboundMessage[] = [];
  const hangups: string[] = [];
  const transfers: string[] = [];
  const finished: { durationMs: number }[] = [];
  const session = new CallSession(
    { ...ctx, ...o.ctx },
    nluBrain,
    { ...tools, ...o.tools },
    {
      now: () => new Date("2026-09-09T10:00:00+02:00"),
      timeZone: "Europe/Paris",
    },
  );
  let closed = false;
  const stream = new MediaStream({
    tts: { name: "fixed", synthesize: async () => new Uint8Array(400).fill(0x7e) },
    stt: { name: "none", transcribe: async () => "" },
    admit: async (m) =>
      m.start.customParameters.token === "good"
        ? { callId: "c1", session, locale: "fr", finish: async (x) => void finished.push(x) }
        : null,
    hangup: async (sid) => void hangups.push(sid),
    transfer: async (sid, to) => void transfers.push(`${sid}>${to}`),
    send: (m) => sent.push(m),
    close: () => {
      closed = true;
    },
  });
  const start = (token: string) =>
    stream.receive(
      JSON.stringify({
        event: "start",
        sequenceNumber: "1",
        streamSid: "MZ1",
        start: {
          accountSid: "AC1",
          streamSid: "MZ1",
          callSid: "CA1",
          tracks: ["inbound"],
          mediaFormat: { encoding: "audio/x-mulaw", sampleRate: 8000, channels: 1 },
          customParameters: { token },
        },
      }),
    );
  let ts = 0;
  const silence = Buffer.from(new Uint8Array(160).fill(MULAW_SILENCE)).toString("base64");
  const media = async (frames: number) => {
    for (let i = 0; i < frames; i++) {
      await stream.receive(
        JSON.stringify({
          event: "media",
          streamSid: "MZ1",
          media: { track: "inbound", chunk: "1", timestamp: String(ts), payload: silence },
        }),
      );
      ts += 20;
    }
  };
  const echoMarks = async () => {
    for (const m of sent.splice(0)) {
      if (m.event === "mark")
        await stream.receive(JSON.stringify({ event: "mark", streamSid: "MZ1", mark: m.mark }));
    }
  };
  const press = (digit: string) =>
    stream.receive(
      JSON.stringify({
        event: "dtmf",
        streamSid: "MZ1",
        sequenceNumber: "5",
        dtmf: { track: "inbound_track", digit },
      }),
    );
  return {
    stream,
    session,
    sent,
    hangups,
    transfers,
    finished,
    start,
    media,
    press,
    echoMarks,
    isClosed: () => closed,
  };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe("media stream handler", () => {
  it("speaks the opening as 20 ms frames with a mark after each sentence", async () => {
    const h = harness();
    await h.start("good");
    await settle();
    const kinds = h.sent.map((m) => m.event);
    expect(kinds[0]).toBe("media");
    expect(kinds.at(-1)).toBe("mark");
    const marks = kinds.filter((k) => k === "mark").length;
    // 400 bytes a sentence → three frames (160, 160, 80) then its mark.
    expect(kinds.filter((k) => k === "media").length).toBe(marks * 3);
    expect(h.sent.every((m) => m.streamSid === "MZ1")).toBe(true);
  });

  it("ignores malformed media messages; a well-formed one moves the call's clock", async () => {
    const h = harness();
    await h.start("good");
    await settle();
    const payload = Buffer.from(new Uint8Array(160).fill(MULAW_SILENCE)).toString("base64");
    const good = { event: "media", streamSid: "MZ1", media: { timestamp: "60000", payload } };
    for (const bad of [
      { ...good, media: { ...good.media, timestamp: "6e4" } },
      { ...good, media: { ...good.media, timestamp: 60000 } },
      { ...good, media: { ...good.media, payload: 12 } },
      { ...good, media: { ...good.media, chunk: 3 } },
      { ...good, sequenceNumber: "-1" },
      { event: "media", media: good.media },
    ])
      await h.stream.receive(JSON.stringify(bad));
    await h.stream.receive(JSON.stringify({ event: "stop", streamSid: "MZ1" }));
    expect(h.finished[0]!.durationMs).toBeLessThan(1000);

    const h2 = harness();
    await h2.start("good");
    await settle();
    await h2.stream.receive(JSON.stringify(good));
    await h2.stream.receive(JSON.stringify({ event: "stop", streamSid: "MZ1" }));
    expect(h2.finished[0]!.durationMs).toBe(60_020);
  });

  it("reads media written as Twilio writes it without parsing, with the same checks as the schema", async () => {
    const payload = Buffer.from(new Uint8Array(160).fill(MULAW_SILENCE)).toString("base64");
    const wire = (timestamp: string, body = payload) =>
      `{"event":"media","sequenceNumber":"3","media":{"track":"inbound","chunk":"2","timestamp":"${timestamp}","payload":"${body}"},"streamSid":"MZ1"}`;
    const h = harness();
    await h.start("good");
    await settle();
    // Handled before receive returns: no promise for a frame.
    expect(h.stream.receive(wire("40000"))).toBeUndefined();
    // An escaped slash is valid JSON: parsed the slow way, and heard.
    h.stream.receive(wire("60000", payload.replace(/\//g, "\\/")));
    // Not a counter: refused, as the schema would (the call's clock stays at 60 s).
    h.stream.receive(wire("7e4"));
    await h.stream.receive(JSON.stringify({ event: "stop", streamSid: "MZ1" }));
    expect(h.finished[0]!.durationMs).toBe(60_020);

    const h2 = harness();
    await h2.start("good");
    await settle();
    h2.stream.receive(wire("40000"));
    await h2.stream.receive(JSON.stringify({ event: "stop", streamSid: "MZ1" }));
    expect(h2.finished[0]!.durationMs).toBe(40_020);
  });

  it("refuses a stream whose token is not ours and says nothing", async () => {
    const h = harness();
    await h.start("forged");
    await h.media(10);
    expect(h.sent).toEqual([]);
    expect(h.isClosed()).toBe(true);
  });

  it("ends a silent call at the maximum length: says so, waits for the mark, hangs up, records on stop", async () => {
    const h = harness();
    await h.start("good");
    await settle();
    await h.echoMarks();
    // 12 s of line silence: one silence prompt at 7 s, then the 10 s tick is past the 9 s maximum.
    for (let s = 0; s < 12; s++) {
      await h.media(50);
      await settle();
      await h.echoMarks();
    }
    await settle();
    expect(h.session.flags).toContain("max_duration");
    expect(h.hangups).toEqual(["CA1"]);
    await h.stream.receive(JSON.stringify({ event: "stop", sequenceNumber: "9", streamSid: "MZ1" }));
    expect(h.finished).toHaveLength(1);
    expect(h.finished[0]!.durationMs).toBeGreaterThanOrEqual(10_000);
    expect(h.isClosed()).toBe(true);
  });

  it("keys answer like words: 1 confirms the right person, then 9 opts the number out of calls", async () => {
    const optedOut: string[] = [];
    const h = harness({
      tools: {
        optOutOfCalls: async () => {
          optedOut.push("call");
          return { ok: true };
        },
      },
    });
    await h.start("good");
    await settle();
    await h.echoMarks();
    await h.press("1");
    await settle();
    expect(h.session.rightParty).toBe(true);
    expect(
      h.session.transcript.some((t) => t.speaker === "agent" && t.text.includes("Boulangerie Martin")),
    ).toBe(true);
    await h.echoMarks();
    await h.press("9");
    await settle();
    await h.echoMarks();
    await settle();
    expect(optedOut).toEqual(["call"]);
    expect(h.session.outcome).toBe("opt_out");
    expect(h.hangups).toEqual(["CA1"]);
  });

  it("a key that means nothing says no debt detail before the right person is confirmed", async () => {
    const h = harness();
    await h.start("good");
    await settle();
    await h.echoMarks();
    await h.press("7");
    await settle();
    expect(h.session.rightParty).toBe(false);
    expect(h.session.transcript.some((t) => /Boulangerie|500/.test(t.text))).toBe(false);
  });

  it("0 asks for a human: with a collector available the call is dialled to them after the goodbye, not hung up", async () => {
    const h = harness({
      ctx: { humanAvailable: true },
      tools: {
        transferToHuman: async () => ({ ok: true, data: { transferred: true, transferTo: "+33600000001" } }),
      },
    });
    await h.start("good");
    await settle();
    await h.echoMarks();
    await h.press("1");
    await settle();
    await h.echoMarks();
    await h.press("0");
    await settle();
    // The "I am transferring you" line plays first: nothing is dialled before its mark comes back.
    expect(h.transfers).toEqual([]);
    await h.echoMarks();
    await settle();
    expect(h.session.outcome).toBe("transferred");
    expect(h.transfers).toEqual(["CA1>+33600000001"]);
    expect(h.hangups).toEqual([]);
  });
});
