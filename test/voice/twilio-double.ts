import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import WebSocket, { WebSocketServer } from "ws";
import { twilioSignature } from "../../src/platform/twilio-signature";
import { encodeMulaw, MULAW_SILENCE } from "../../src/voice/audio/mulaw";
import { parseWav, wavFromPcm } from "../../src/voice/speech/wav";

// Doubles of the outside services a Twilio call uses, on loopback, speaking their public protocols:
// - the carrier: Twilio's REST API (Calls.json with Basic auth and form fields, call update to hang up)
//   and, once a call is "answered", the Media Streams client side (connected, start, 20 ms μ-law
//   media, mark echoes, clear, stop), with signed status callbacks;
// - an OpenAI-compatible transcription endpoint, and an OpenAI-compatible speech endpoint.
// The simulated debtor speaks in tones: each scripted sentence gets its own frequency, and the
// transcription double recovers the sentence from the dominant frequency of the audio Relance cut.
// It is a double and honest about it: it understands tones, not French. The debtor also hands the
// carrier its transcript with its audio: the carrier publishes it on its transcript feed (what Relance's
// simulation recogniser, STT_SIMULATION_URL, listens to), stamped with the media time of the audio.

export const ACCOUNT_SID = `AC${"1".repeat(32)}`;
export const AUTH_TOKEN = "test-auth-token";

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Sentence ↔ tone frequency, shared by the debtor (who speaks) and the recogniser (who hears). */
export class ToneLexicon {
  private byFreq = new Map<number, string>();
  private byText = new Map<string, number>();
  freq(text: string): number {
    let f = this.byText.get(text);
    if (f === undefined) {
      f = 400 + 90 * this.byText.size;
      if (f > 3400) throw new Error("tone lexicon full");
      this.byText.set(text, f);
      this.byFreq.set(f, text);
    }
    return f;
  }
  /** Goertzel power at every known frequency; the strongest names the sentence. */
  recognise(pcm: Int16Array, rate: number): string {
    let best = "";
    let bestPower = 0;
    for (const [f, text] of this.byFreq) {
      const k = 2 * Math.cos((2 * Math.PI * f) / rate);
      let s1 = 0;
      let s2 = 0;
      for (let i = 0; i < pcm.length; i++) {
        const s0 = pcm[i]! + k * s1 - s2;
        s2 = s1;
        s1 = s0;
      }
      const power = s1 * s1 + s2 * s2 - k * s1 * s2;
      if (power > bestPower) {
        bestPower = power;
        best = text;
      }
    }
    return best;
  }
}

const tones = new Map<string, Uint8Array>();

/** A sine at `freq` for `ms`, as μ-law; made once per frequency and length (the double shares a process with what it measures). */
export function tone(freq: number, ms: number): Uint8Array {
  const key = `${freq}:${ms}`;
  let audio = tones.get(key);
  if (!audio) {
    const pcm = new Int16Array((ms * 8000) / 1000);
    for (let i = 0; i < pcm.length; i++)
      pcm[i] = Math.round(9000 * Math.sin((2 * Math.PI * freq * i) / 8000));
    audio = encodeMulaw(pcm);
    tones.set(key, audio);
  }
  return audio;
}

export interface SttDouble {
  baseUrl: string;
  requests: { model: string; language: string }[];
  close(): Promise<void>;
}

export async function startSttDouble(lexicon: ToneLexicon): Promise<SttDouble> {
  const requests: SttDouble["requests"] = [];
  const server = createServer(async (req, res) => {
    if (req.method !== "POST" || req.url !== "/v1/audio/transcriptions") {
      res.writeHead(404).end();
      return;
    }
    const body = await readBody(req);
    const form = await new Response(body, {
      headers: { "content-type": String(req.headers["content-type"]) },
    }).formData();
    const file = form.get("file");
    if (!(file instanceof Blob)) {
      res.writeHead(400, { "content-type": "application/json" }).end('{"error":{"message":"file missing"}}');
      return;
    }
    requests.push({ model: String(form.get("model")), language: String(form.get("language")) });
    const wav = parseWav(new Uint8Array(await file.arrayBuffer()));
    const text = lexicon.recognise(wav.samples, wav.sampleRate);
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ text }));
  });
  const baseUrl = `${await listen(server)}/v1`;
  return { baseUrl, requests, close: () => new Promise((r) => server.close(() => r())) };
}

export interface TranscriptFeed {
  /** ws:// URL for STT_SIMULATION_URL. */
  url: string;
  /** What a debtor said on a call, between two media timestamps. */
  publish(callSid: string, startMs: number, endMs: number, text: string): void;
  close(): void;
}

/**
 * The carrier side of the simulation recogniser's feed (src/voice/speech/simulated-stt.ts), served at
 * `/simulation/transcripts` on an HTTP server: one JSON message per utterance to every listener; the
 * last minute is replayed to a listener that connects, so a reconnection loses nothing.
 */
export function serveTranscriptFeed(server: Server, baseUrl: string): TranscriptFeed {
  const wss = new WebSocketServer({ noServer: true });
  const recent: { at: number; message: string }[] = [];
  server.on("upgrade", (req, socket, head) => {
    if (req.url !== "/simulation/transcripts") return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => {
      for (const r of recent) ws.send(r.message);
    });
  });
  return {
    url: `${baseUrl.replace(/^http/, "ws")}/simulation/transcripts`,
    publish(callSid, startMs, endMs, text) {
      const message = JSON.stringify({ type: "utterance", callSid, startMs, endMs, text });
      const now = performance.now();
      recent.push({ at: now, message });
      while (recent.length > 0 && now - recent[0]!.at > 60_000) recent.shift();
      for (const ws of wss.clients) if (ws.readyState === WebSocket.OPEN) ws.send(message);
    },
    close() {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}

export interface DebtorPlan {
  /** What the debtor says (a tone per sentence) or presses (`dtmf` events), turn by turn. */
  turns: (string | { dtmf: string })[];
  /** Index of a turn the debtor says over the agent's reply (barge-in) instead of waiting. */
  interruptAt?: number;
  /** The phone rings out: Twilio reports no-answer and never opens a stream. */
  noAnswer?: boolean;
  /** An answering machine: async AMD reports the end of its greeting once the stream runs. */
  machine?: boolean;
  /** How the collector's phone answers a cold transfer's `<Dial>` (Twilio's DialCallStatus). */
  dialOutcome?: "completed" | "no-answer" | "busy";
}

export interface CallLog {
  sid: string;
  /** The debtor this call reached. */
  plan: DebtorPlan;
  form: URLSearchParams;
  authorized: boolean;
  mediaFrames: number;
  marksSent: string[];
  clears: number;
  hungUp: boolean;
  statusCallbacks: number[];
  closedByServer: boolean;
  /** The number a TwiML update dialled (cold transfer). */
  dialled: string | null;
  /** The `<Dial action>` callback's HTTP status and the TwiML Relance answered with, once the leg ended. */
  dialAction: { status: number; twiml: string } | null;
  /** The recording the carrier made when the call asked for one. */
  recordingSid: string | null;
  /** Server events in order: "media", "mark:<name>", "clear". */
  events: string[];
}

export interface CarrierDouble {
  apiUrl: string;
  /** The debtors' transcripts, for the simulation recogniser (STT_SIMULATION_URL). */
  transcriptsUrl: string;
  calls: CallLog[];
  /** The debtor the next call reaches. */
  nextDebtor: DebtorPlan;
  deletedRecordings: string[];
  done(sid: string): Promise<void>;
  close(): Promise<void>;
}

export async function startCarrierDouble(lexicon: ToneLexicon): Promise<CarrierDouble> {
  const calls: CallLog[] = [];
  const finished = new Map<string, Promise<void>>();
  const hangups = new Map<string, () => void>();
  let seq = 0;
  let feed: TranscriptFeed | null = null;
  const double: CarrierDouble = {
    apiUrl: "",
    transcriptsUrl: "",
    calls,
    nextDebtor: { turns: [] },
    deletedRecordings: [],
    done: (sid) => finished.get(sid) ?? Promise.resolve(),
    close: () => {
      feed?.close();
      return new Promise((r) => server.close(() => r()));
    },
  };
  const server = createServer(async (req, res) => {
    const body = (await readBody(req)).toString("utf8");
    const form = new URLSearchParams(body);
    const expected = `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString("base64")}`;
    const authorized = req.headers.authorization === expected;
    const base = `/2010-04-01/Accounts/${ACCOUNT_SID}/Calls`;
    if (!authorized) {
      res.writeHead(401, { "content-type": "application/json" }).end('{"code":20003,"status":401}');
      return;
    }
    const recording = req.url?.match(/\/Recordings\/(RE[0-9a-f]+)\.json$/i);
    if (req.method === "DELETE" && recording) {
      double.deletedRecordings.push(recording[1]!);
      res.writeHead(204).end();
      return;
    }
    if (req.method === "POST" && req.url === `${base}.json`) {
      const sid = `CA${String(++seq).padStart(32, "0")}`;
      const log: CallLog = {
        sid,
        plan: double.nextDebtor,
        form,
        authorized,
        mediaFrames: 0,
        marksSent: [],
        clears: 0,
        hungUp: false,
        statusCallbacks: [],
        closedByServer: false,
        dialled: null,
        dialAction: null,
        recordingSid: form.get("Record") === "true" ? `RE${String(seq).padStart(32, "0")}` : null,
        events: [],
      };
      calls.push(log);
      res
        .writeHead(201, { "content-type": "application/json" })
        .end(JSON.stringify({ sid, status: "queued" }));
      const plan = double.nextDebtor;
      const hungUp = new Promise<void>((resolve) => hangups.set(sid, resolve));
      finished.set(sid, answer(log, plan, lexicon, feed!, hungUp));
      return;
    }
    const update = req.url?.match(/\/Calls\/(CA[0-9a-f]+)\.json$/i);
    if (req.method === "POST" && update) {
      const sid = update[1]!;
      const log = calls.find((c) => c.sid === sid);
      if (!log) {
        res.writeHead(404, { "content-type": "application/json" }).end('{"code":20404,"status":404}');
        return;
      }
      if (form.get("Status") === "completed") {
        log.hungUp = true;
        hangups.get(sid)?.();
      }
      // A TwiML update leaves the stream for the new TwiML at once: here, a cold transfer's <Dial>. The
      // dialled leg then rings the collector; when it ends, Twilio posts its outcome to the `action` URL
      // and plays the TwiML that comes back.
      const dial = form.get("Twiml")?.match(/<Dial((?: [a-zA-Z]+="[^"]*")*)>([^<]+)<\/Dial>/);
      if (dial) {
        log.dialled = dial[2]!;
        hangups.get(sid)?.();
        const action = dial[1]!.match(/ action="([^"]+)"/)?.[1]?.replace(/&amp;/g, "&");
        if (action) {
          const outcome = log.plan.dialOutcome ?? "completed";
          const leg = (finished.get(sid) ?? Promise.resolve()).then(async () => {
            const r = await postStatus(action, {
              AccountSid: ACCOUNT_SID,
              CallSid: sid,
              DialCallStatus: outcome,
              DialCallDuration: outcome === "completed" ? "95" : "0",
            });
            log.dialAction = { status: r.status, twiml: await r.text() };
          });
          finished.set(sid, leg);
        }
      }
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ sid, status: "completed" }));
      return;
    }
    res.writeHead(404).end();
  });
  double.apiUrl = await listen(server);
  feed = serveTranscriptFeed(server, double.apiUrl);
  double.transcriptsUrl = feed.url;
  return double;
}

/** A signed status callback, as Twilio posts it. */
export async function postStatus(url: string, params: Record<string, string>, token = AUTH_TOKEN) {
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-twilio-signature": twilioSignature(token, url, params),
    },
    body: new URLSearchParams(params).toString(),
  });
}

/** The carrier answers: opens the media stream named in the TwiML and plays the debtor. */
async function answer(
  log: CallLog,
  plan: DebtorPlan,
  lexicon: ToneLexicon,
  feed: TranscriptFeed,
  hungUp: Promise<void>,
) {
  const twiml = log.form.get("Twiml") ?? "";
  const url = twiml.match(/<Stream url="([^"]+)"/)?.[1];
  if (!url) throw new Error("TwiML without <Connect><Stream url>");
  const parameters: Record<string, string> = {};
  for (const m of twiml.matchAll(/<Parameter name="([^"]+)" value="([^"]*)"\/>/g)) parameters[m[1]!] = m[2]!;
  const statusUrl = log.form.get("StatusCallback")!;
  const callback = async (CallStatus: string) => {
    const r = await postStatus(statusUrl, { AccountSid: ACCOUNT_SID, CallSid: log.sid, CallStatus });
    log.statusCallbacks.push(r.status);
  };
  await callback("ringing");
  if (plan.noAnswer) return callback("no-answer");
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  const streamSid = `MZ${log.sid.slice(2)}`;
  let sequence = 0;
  let chunk = 0;
  let timestamp = 0;
  let lastServerMessage = performance.now();
  let held: string[] = [];
  let holding = false;
  let sawClear: () => void = () => {};
  const send = (m: Record<string, unknown>) => ws.send(JSON.stringify(m));
  ws.on("message", (data) => {
    lastServerMessage = performance.now();
    const m = JSON.parse(data.toString());
    if (m.streamSid !== streamSid) throw new Error("message for another stream");
    if (m.event === "media") {
      log.mediaFrames++;
      log.events.push("media");
    } else if (m.event === "mark") {
      log.marksSent.push(m.mark.name);
      log.events.push(`mark:${m.mark.name}`);
      // Playback is instant unless the debtor is talking over the agent: then the mark waits.
      if (holding) held.push(m.mark.name);
      else
        send({ event: "mark", sequenceNumber: String(++sequence), streamSid, mark: { name: m.mark.name } });
    } else if (m.event === "clear") {
      log.clears++;
      log.events.push("clear");
      // A clear flushes the buffer and echoes every pending mark.
      for (const name of held)
        send({ event: "mark", sequenceNumber: String(++sequence), streamSid, mark: { name } });
      held = [];
      holding = false;
      sawClear();
    }
  });
  ws.on("close", () => {
    log.closedByServer = true;
  });
  const frame = (bytes: Uint8Array) => {
    send({
      event: "media",
      sequenceNumber: String(++sequence),
      media: {
        track: "inbound",
        chunk: String(++chunk),
        timestamp: String(timestamp),
        payload: Buffer.from(bytes).toString("base64"),
      },
      streamSid,
    });
    timestamp += bytes.length / 8;
  };
  const silence = new Uint8Array(160).fill(MULAW_SILENCE);
  /** The debtor says `text`: its audio on the line, its transcript on the feed. */
  const say = async (text: string, ms: number) => {
    const audio = tone(lexicon.freq(text), ms);
    feed.publish(log.sid, timestamp, timestamp + audio.length / 8, text);
    await play(audio);
  };
  const play = async (audio: Uint8Array) => {
    for (let at = 0; at < audio.length; at += 160) {
      frame(audio.subarray(at, at + 160));
      if ((at / 160) % 10 === 9) await sleep(0);
    }
  };
  /** Line noise in real time until the agent has answered (a mark) and been quiet for a while. */
  let answeredFrom = 0;
  const waitQuiet = async (quietMs = 350, maxMs = 8000) => {
    const start = performance.now();
    while (performance.now() - start < maxMs) {
      const answered = log.events.slice(answeredFrom).some((e) => e.startsWith("mark:"));
      if (answered && performance.now() - lastServerMessage > quietMs) return;
      frame(silence);
      await sleep(20);
    }
  };
  send({ event: "connected", protocol: "Call", version: "1.0.0" });
  send({
    event: "start",
    sequenceNumber: String(++sequence),
    start: {
      accountSid: ACCOUNT_SID,
      streamSid,
      callSid: log.sid,
      tracks: ["inbound"],
      mediaFormat: { encoding: "audio/x-mulaw", sampleRate: 8000, channels: 1 },
      customParameters: parameters,
    },
    streamSid,
  });
  await callback("in-progress");
  if (plan.machine) {
    await sleep(100);
    const amd = await postStatus(log.form.get("AsyncAmdStatusCallback")!, {
      AccountSid: ACCOUNT_SID,
      CallSid: log.sid,
      AnsweredBy: "machine_end_beep",
      MachineDetectionDuration: "4210",
    });
    log.statusCallbacks.push(amd.status);
  }
  for (const [i, text] of plan.turns.entries()) {
    if (ws.readyState !== WebSocket.OPEN) break;
    if (typeof text !== "string") {
      await waitQuiet();
      answeredFrom = log.events.length;
      send({
        event: "dtmf",
        streamSid,
        sequenceNumber: String(++sequence),
        dtmf: { track: "inbound_track", digit: text.dtmf },
      });
      continue;
    }
    if (i === plan.interruptAt) {
      // The agent's reply is "playing" (its marks are held): talk over it.
      while (held.length === 0) {
        frame(silence);
        await sleep(20);
      }
      const cleared = new Promise<void>((r) => {
        sawClear = r;
      });
      await say(text, 900);
      await play(new Uint8Array(160 * 40).fill(MULAW_SILENCE));
      await Promise.race([cleared, sleep(3000)]);
      holding = false;
    } else {
      await waitQuiet();
      if (i + 1 === plan.interruptAt) holding = true;
      answeredFrom = log.events.length;
      await say(text, 700);
      await play(new Uint8Array(160 * 40).fill(MULAW_SILENCE));
    }
  }
  await Promise.race([hungUp, waitQuiet(600, 10_000)]);
  await Promise.race([hungUp, sleep(2000)]);
  if (ws.readyState === WebSocket.OPEN) {
    send({
      event: "stop",
      sequenceNumber: String(++sequence),
      streamSid,
      stop: { accountSid: ACCOUNT_SID, callSid: log.sid },
    });
    await new Promise<void>((resolve) => {
      if (ws.readyState === WebSocket.CLOSED) resolve();
      ws.once("close", () => resolve());
      setTimeout(resolve, 3000);
    });
  }
  await callback("completed");
  if (log.recordingSid) {
    const r = await postStatus(log.form.get("RecordingStatusCallback")!, {
      AccountSid: ACCOUNT_SID,
      CallSid: log.sid,
      RecordingSid: log.recordingSid,
      RecordingStatus: "completed",
      RecordingDuration: String(Math.max(1, Math.round(timestamp / 1000))),
      RecordingChannels: "2",
    });
    log.statusCallbacks.push(r.status);
  }
}

export interface TtsDouble {
  baseUrl: string;
  requests: { model: string; voice: string; input: string; auth: string | undefined }[];
  close(): Promise<void>;
}

/** OpenAI-compatible `POST /v1/audio/speech`: a quiet 24 kHz WAV, 8 ms per character (at most 1 s). */
export async function startTtsDouble(): Promise<TtsDouble> {
  const requests: TtsDouble["requests"] = [];
  const server = createServer(async (req, res) => {
    if (req.method !== "POST" || req.url !== "/v1/audio/speech") {
      res.writeHead(404).end();
      return;
    }
    const body = JSON.parse((await readBody(req)).toString("utf8"));
    requests.push({
      model: body.model,
      voice: body.voice,
      input: body.input,
      auth: req.headers.authorization,
    });
    if (body.response_format !== "wav") {
      res.writeHead(400).end();
      return;
    }
    const pcm = new Int16Array(Math.min(24_000, 24 * 8 * String(body.input).length));
    for (let i = 0; i < pcm.length; i++)
      pcm[i] = Math.round(2000 * Math.sin((2 * Math.PI * 300 * i) / 24_000));
    res.writeHead(200, { "content-type": "audio/wav" }).end(Buffer.from(wavFromPcm(pcm, 24_000)));
  });
  const baseUrl = `${await listen(server)}/v1`;
  return { baseUrl, requests, close: () => new Promise((r) => server.close(() => r())) };
}
