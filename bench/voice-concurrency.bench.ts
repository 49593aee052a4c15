// Concurrent calls in one Relance process, against a plain `ws` echo server measured in the same run.
// Three processes per series: the server under test, a load generator (the carrier side), and this
// orchestrator. Each series ramps N connections up step by step; at each step the server reports its
// event-loop lag (monitorEventLoopDelay p99, 1 ms resolution) over a fixed window.
// - Reference: a `ws` echo server (plain http + ws, no framework); each connection sends the same Twilio
//   `media` message Relance receives (a 160-byte μ-law frame, base64 in JSON) every 20 ms and gets it
//   back. The echo does more I/O than Relance (every frame comes back), but no work on the audio.
// - Relance: the real Fastify server with the Twilio media route, embedded PGlite (or DATABASE_URL),
//   the built-in understanding and the real policy and case tools. Each call is a row the engine would
//   have placed and a signed stream token; the generator streams full-duplex 20 ms frames (the debtor's
//   scripted turns as tones, silence in between), so the VAD cuts turns, the transcription double in
//   the generator names them, the session answers, and synthesis is a double that returns one second
//   of audio per sentence at once. Marks are echoed when the debtor has "heard" the audio before them,
//   as Twilio does. A call the policy hangs up is replaced by a new one, so N calls stay up.
//   In the server: time to handle one inbound `media` message (JSON, validation, base64, VAD, turn
//   cutting), lag, CPU. In the generator: underruns, i.e. a frame of a sentence that arrives after the
//   debtor's playout buffer has run dry (Relance writes a sentence's frames in one go and Twilio plays
//   them from its buffer, so a gap inside a sentence is the only way the debtor hears a hole).
// Capacity of a series: the largest N whose lag p99 stays under the threshold (and, for Relance, with
// no underrun). The machine is shared: the orchestrator prints `uptime` at start and end.
// Run: npm run bench voice-concurrency
// (VOICE_LOAD_STEPS=50,100,200,400,800 VOICE_LOAD_THRESHOLD_MS=10 VOICE_LOAD_WINDOW_S=10 by default;
// VOICE_LOAD_ONLY=echo|relance runs one series).

import { type ChildProcess, execSync, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer as createHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createHistogram, monitorEventLoopDelay, performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import pg from "pg";
import WebSocket, { WebSocketServer } from "ws";

const SELF = fileURLToPath(import.meta.url);
const FRAME_MS = 20;

type Stats = {
  lagP50: number;
  lagP99: number;
  lagMax: number;
  cpuPct: number;
  frames: number;
  frameP50: number;
  frameP99: number;
  frameMax: number;
  turns: number;
  callsStarted: number;
  heapMb: number;
};
type LoadStats = {
  open: number;
  sent: number;
  received: number;
  underruns: number;
  sentences: number;
  genLagP99: number;
  rttP99: number;
  failures: number;
};

const ms = (ns: number) => ns / 1e6;

/** Lag, CPU and (Relance) frame-handling figures of this process since the last reset. */
function serverMeter() {
  const lag = monitorEventLoopDelay({ resolution: 1 });
  lag.enable();
  const frames = createHistogram();
  let cpu = process.cpuUsage();
  let since = performance.now();
  const counters = { turns: 0, callsStarted: 0 };
  return {
    frames,
    counters,
    reset() {
      lag.reset();
      frames.reset();
      cpu = process.cpuUsage();
      since = performance.now();
      counters.turns = counters.callsStarted = 0;
    },
    report(): Stats {
      const used = process.cpuUsage(cpu);
      const wall = performance.now() - since;
      const count = frames.count;
      return {
        lagP50: ms(lag.percentile(50)),
        lagP99: ms(lag.percentile(99)),
        lagMax: ms(lag.max),
        cpuPct: ((used.user + used.system) / 1000 / wall) * 100,
        frames: count,
        frameP50: count ? ms(frames.percentile(50)) : 0,
        frameP99: count ? ms(frames.percentile(99)) : 0,
        frameMax: count ? ms(frames.max) : 0,
        ...counters,
        heapMb: process.memoryUsage().heapUsed / 2 ** 20,
      };
    },
  };
}

type Meter = ReturnType<typeof serverMeter>;

function serveCommands(meter: Meter) {
  process.on("message", (m: { kind: string }) => {
    if (m.kind === "reset") meter.reset();
    if (m.kind === "report") process.send!({ kind: "report", stats: meter.report() });
    if (m.kind === "exit") process.exit(0);
  });
}

// ---------------------------------------------------------------- reference: plain ws echo server

async function echoServer() {
  const meter = serverMeter();
  const http = createHttpServer();
  const wss = new WebSocketServer({ server: http, maxPayload: 64 * 1024 });
  wss.on("connection", (socket) => {
    socket.on("message", (data, isBinary) => socket.send(data, { binary: isBinary }));
  });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", r));
  serveCommands(meter);
  process.send!({ kind: "ready", port: (http.address() as AddressInfo).port });
}

// ---------------------------------------------------------------- Relance: the Twilio media route

async function relanceServer(apiUrl: string, sttUrl: string) {
  const { eq } = await import("drizzle-orm");
  const { default: Fastify } = await import("fastify");
  const { cases, contactPoints, debtors } = await import("../src/cases/schema");
  const { seedDemo } = await import("../src/cli/demo-data");
  const { seedDefaultScenarios } = await import("../src/collection/scenario-store");
  const { loadConfig } = await import("../src/platform/config");
  const { openDatabase } = await import("../src/platform/db/client");
  const { migrateDatabase } = await import("../src/platform/db/migrate");
  const { createLogger } = await import("../src/platform/logger");
  const { registerTwilioVoiceRoutes } = await import("../src/voice/http/twilio-routes");
  const { seedDefaultPersonas } = await import("../src/voice/personas/persona-store");
  const { openCallRecord } = await import("../src/voice/session/record-call");
  const { signCallToken } = await import("../src/voice/twilio/call-token");
  const { TWILIO_PROVIDER } = await import("../src/voice/twilio/live-call");
  const { MediaStream } = await import("../src/voice/twilio/media-stream");
  const { ACCOUNT_SID, AUTH_TOKEN } = await import("../test/voice/twilio-double");

  const meter = serverMeter();
  // Time to handle one inbound media message: `receive` is synchronous up to its first await, and a
  // media message has none (turns are queued, not awaited), so this is the whole per-frame work.
  const receive = MediaStream.prototype.receive;
  MediaStream.prototype.receive = function (this: InstanceType<typeof MediaStream>, raw: string) {
    if (!raw.startsWith('{"event":"media"')) return receive.call(this, raw);
    const t = performance.now();
    const done = receive.call(this, raw);
    meter.frames.record(Math.max(1, Math.round((performance.now() - t) * 1e6)));
    return done;
  };

  const NOW = new Date("2026-11-23T09:00:00Z");
  const config = loadConfig({
    NODE_ENV: "test",
    RELANCE_SECRET: "b".repeat(40),
    PUBLIC_URL: "http://127.0.0.1:1",
    TWILIO_API_URL: apiUrl,
    TWILIO_ACCOUNT_SID: ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    STT_BASE_URL: sttUrl,
  });
  const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: "/tmp", memory: {} });
  await migrateDatabase(database);
  await seedDefaultScenarios(database.db);
  await seedDefaultPersonas(database.db, NOW);
  await seedDemo(database.db, NOW, 60);
  const db = database.db;
  const oneSecond = new Uint8Array(8000).fill(0x7e);
  const app = Fastify();
  await registerTwilioVoiceRoutes(
    app as never,
    {
      config,
      database,
      clock: { now: () => NOW, timeZone: "Europe/Paris" } as never,
      logger: createLogger({ level: "silent" }),
    } as never,
    {
      tts: { name: "instant-double", synthesize: async () => oneSecond },
      onTurn: () => meter.counters.turns++,
    },
  );
  const callable = await db
    .selectDistinct({ id: cases.id })
    .from(cases)
    .innerJoin(debtors, eq(debtors.id, cases.debtorId))
    .innerJoin(contactPoints, eq(contactPoints.debtorId, debtors.id))
    .where(eq(contactPoints.kind, "phone"));
  let placed = 0;
  // What the engine's Twilio channel does before dialling: the call row and the stream's signed token.
  app.get("/bench/calls", async (req) => {
    const n = Number((req.query as { n?: string }).n ?? 1);
    const tokens: string[] = [];
    for (let i = 0; i < n; i++) {
      const k = placed++;
      const opened = await openCallRecord(
        db,
        {
          outboxId: `load-${k}`,
          idempotencyKey: `load-${k}`,
          creditorId: "",
          caseId: callable[k % callable.length]!.id,
          channel: "voice_call",
          template: "call",
          persona: "courteous",
          attempt: 1,
          payload: {},
        },
        undefined,
        { provider: TWILIO_PROVIDER, status: "queued", start: NOW },
      );
      if (opened) tokens.push(signCallToken(config.secret, opened.callId));
    }
    meter.counters.callsStarted += tokens.length;
    return { tokens };
  });
  await app.listen({ port: 0, host: "127.0.0.1" });
  serveCommands(meter);
  process.send!({ kind: "ready", port: (app.server.address() as AddressInfo).port });
}

// ---------------------------------------------------------------- the load generator (carrier side)

async function loadGenerator() {
  const { MULAW_SILENCE } = await import("../src/voice/audio/mulaw");
  const { DEBTOR_SCRIPTS } = await import("../src/voice/sandbox/debtor-profiles");
  const { ACCOUNT_SID, startSttDouble, ToneLexicon, tone } = await import("../test/voice/twilio-double");
  const lexicon = new ToneLexicon();
  const stt = await startSttDouble(lexicon);
  const genLag = monitorEventLoopDelay({ resolution: 1 });
  genLag.enable();
  const rtt = createHistogram();
  const stats = { sent: 0, received: 0, underruns: 0, sentences: 0, failures: 0 };
  const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
  const silence = b64(new Uint8Array(160).fill(MULAW_SILENCE));
  const scripts = (["promise", "cooperative", "hardship", "dispute", "already_paid"] as const).map((p) =>
    (DEBTOR_SCRIPTS[p] as string[]).map((text) => {
      const audio = tone(lexicon.freq(text), 700);
      const frames: string[] = [];
      for (let at = 0; at < audio.length; at += 160) frames.push(b64(audio.subarray(at, at + 160)));
      return frames;
    }),
  );
  let target = "";
  let mode: "echo" | "relance" = "echo";
  let serverUrl = "";
  const calls = new Map<string, Call>();
  let seq = 0;

  class Call {
    ws: WebSocket;
    sid = `CA${String(++seq).padStart(32, "0")}`;
    streamSid = `MZ${String(seq).padStart(32, "0")}`;
    timer: NodeJS.Timeout | null = null;
    ts = 0;
    n = 0;
    /** When what the server has sent so far will have played out. */
    playoutEnd = 0;
    /** Marks waiting for the audio before them to play out, with that time. */
    marks: { name: string; at: number }[] = [];
    lastWasMedia = false;
    script: string[][];
    turn = 0;
    speaking: string[] | null = null;
    heardAgent = false;
    ended = false;
    constructor(token: string | null) {
      this.script = scripts[seq % scripts.length]!;
      this.ws = new WebSocket(target);
      this.ws.on("open", () => {
        if (token) {
          this.send(JSON.stringify({ event: "connected", protocol: "Call", version: "1.0.0" }));
          this.send(
            JSON.stringify({
              event: "start",
              sequenceNumber: "1",
              start: {
                accountSid: ACCOUNT_SID,
                streamSid: this.streamSid,
                callSid: this.sid,
                tracks: ["inbound"],
                mediaFormat: { encoding: "audio/x-mulaw", sampleRate: 8000, channels: 1 },
                customParameters: { token, attempt: "1" },
              },
              streamSid: this.streamSid,
            }),
          );
        }
        // Calls are out of phase with each other, as real calls are.
        setTimeout(() => {
          this.timer = setInterval(() => this.tick(), FRAME_MS);
        }, Math.random() * FRAME_MS);
      });
      this.ws.on("message", (data) => this.message(data.toString()));
      this.ws.on("error", () => stats.failures++);
      this.ws.on("close", () => this.end(true));
    }
    send(text: string) {
      if (this.ws.readyState === WebSocket.OPEN) this.ws.send(text);
    }
    frame(payload: string) {
      this.n++;
      const at = mode === "echo" ? `,"sent":${performance.now()}` : "";
      this.send(
        `{"event":"media","sequenceNumber":"${this.n + 1}","media":{"track":"inbound","chunk":"${this.n}","timestamp":"${this.ts}","payload":"${payload}"},"streamSid":"${this.streamSid}"${at}}`,
      );
      this.ts += FRAME_MS;
      stats.sent++;
    }
    tick() {
      const now = performance.now();
      while (this.marks.length > 0 && this.marks[0]!.at <= now) {
        const { name } = this.marks.shift()!;
        this.send(JSON.stringify({ event: "mark", streamSid: this.streamSid, mark: { name } }));
      }
      if (mode === "relance" && !this.speaking && this.heardAgent && this.turn < this.script.length) {
        // The debtor answers once the agent's audio has played and 600 ms have passed.
        if (this.marks.length === 0 && now > this.playoutEnd + 600) {
          this.speaking = this.script[this.turn++]!.slice();
          this.heardAgent = false;
        }
      }
      const next = this.speaking?.shift();
      if (this.speaking && this.speaking.length === 0) this.speaking = null;
      this.frame(next ?? silence);
    }
    message(text: string) {
      stats.received++;
      const now = performance.now();
      if (mode === "echo") {
        const sent = Number(text.slice(text.lastIndexOf(":") + 1, -1));
        if (Number.isFinite(sent)) rtt.record(Math.max(1, Math.round((now - sent) * 1e6)));
        return;
      }
      const m = JSON.parse(text) as { event: string; mark?: { name: string } };
      if (m.event === "media") {
        if (this.lastWasMedia && now > this.playoutEnd + FRAME_MS) stats.underruns++;
        this.playoutEnd = Math.max(now, this.playoutEnd) + FRAME_MS;
        this.lastWasMedia = true;
        this.heardAgent = true;
      } else if (m.event === "mark") {
        stats.sentences++;
        this.lastWasMedia = false;
        this.marks.push({ name: m.mark!.name, at: this.playoutEnd });
      } else if (m.event === "clear") {
        this.playoutEnd = now;
        for (const mark of this.marks) mark.at = now;
      }
    }
    hangup() {
      this.send(JSON.stringify({ event: "stop", streamSid: this.streamSid, stop: { callSid: this.sid } }));
      this.end(false);
    }
    end(closed: boolean) {
      if (this.ended) return;
      this.ended = true;
      if (this.timer) clearInterval(this.timer);
      calls.delete(this.sid);
      if (!closed) setTimeout(() => this.ws.close(), 200);
      // The policy ended the call: another one takes its place, so N calls stay up.
      if (mode === "relance" && !stopping && calls.size < wanted) void open(1);
    }
  }

  let stopping = false;
  let wanted = 0;
  const tokens = async (n: number): Promise<(string | null)[]> => {
    if (mode === "echo") return Array.from({ length: n }, () => null);
    const r = await fetch(`${serverUrl}/bench/calls?n=${n}`);
    return ((await r.json()) as { tokens: string[] }).tokens;
  };
  const open = async (n: number) => {
    for (const token of await tokens(n)) {
      const call = new Call(token);
      calls.set(call.sid, call);
    }
  };

  // Twilio's REST API, as far as a live call uses it: the policy hangs up (or transfers) the call.
  const api = createHttpServer((req, res) => {
    const sid = req.url?.match(/\/Calls\/(CA[0-9a-f]+)\.json$/i)?.[1];
    req.resume();
    req.on("end", () => {
      const call = sid ? calls.get(sid) : undefined;
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ sid, status: "completed" }));
      call?.hangup();
    });
  });
  await new Promise<void>((r) => api.listen(0, "127.0.0.1", r));

  process.on("message", async (m: { kind: string; n?: number; port?: number; mode?: "echo" | "relance" }) => {
    if (m.kind === "target") {
      mode = m.mode!;
      serverUrl = `http://127.0.0.1:${m.port}`;
      target = mode === "echo" ? `ws://127.0.0.1:${m.port}/` : `ws://127.0.0.1:${m.port}/voice/twilio/stream`;
    } else if (m.kind === "ramp") {
      wanted = m.n!;
      for (const call of [...calls.values()].slice(m.n!)) call.hangup();
      // In batches, as calls would arrive over a few seconds.
      while (calls.size < m.n!) {
        await open(Math.min(25, m.n! - calls.size));
        await sleep(100);
      }
      process.send!({ kind: "ramped" });
    } else if (m.kind === "reset") {
      genLag.reset();
      rtt.reset();
      Object.assign(stats, { sent: 0, received: 0, underruns: 0, sentences: 0, failures: 0 });
    } else if (m.kind === "report") {
      const report: LoadStats = {
        open: calls.size,
        ...stats,
        genLagP99: ms(genLag.percentile(99)),
        rttP99: rtt.count ? ms(rtt.percentile(99)) : 0,
      };
      process.send!({ kind: "report", stats: report });
    } else if (m.kind === "stop") {
      stopping = true;
      for (const call of [...calls.values()]) call.hangup();
      await sleep(500);
      process.exit(0);
    }
  });
  process.send!({
    kind: "ready",
    apiUrl: `http://127.0.0.1:${(api.address() as AddressInfo).port}`,
    sttUrl: stt.baseUrl,
  });
}

// ---------------------------------------------------------------- orchestrator

function child(args: string[]): ChildProcess {
  // VOICE_LOAD_PROFILE=<dir> writes a CPU profile of the server processes there (node --cpu-prof).
  const profile = process.env.VOICE_LOAD_PROFILE;
  const execArgv = ["--import", "tsx"];
  if (profile && args[0] !== "load") execArgv.push("--cpu-prof", `--cpu-prof-dir=${profile}`);
  return fork(SELF, args, { execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
}

function next<T>(proc: ChildProcess, kind: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const exited = (code: number | null) => reject(new Error(`child exited (${code}) before "${kind}"`));
    const on = (m: { kind: string }) => {
      if (m.kind !== kind) return;
      proc.off("message", on);
      proc.off("exit", exited);
      resolve(m as T);
    };
    proc.on("message", on);
    proc.once("exit", exited);
  });
}

interface Row {
  n: number;
  server: Stats;
  load: LoadStats;
}

interface Series {
  mode: "echo" | "relance";
  load: ChildProcess;
  server: ChildProcess;
  idle: Stats;
  rows: Row[];
  done: boolean;
}

async function startSeries(mode: "echo" | "relance"): Promise<Series> {
  const load = child(["load"]);
  const { apiUrl, sttUrl } = await next<{ apiUrl: string; sttUrl: string }>(load, "ready");
  const server = child(mode === "echo" ? ["echo"] : ["relance", apiUrl, sttUrl]);
  const { port } = await next<{ port: number }>(server, "ready");
  load.send({ kind: "target", mode, port });
  return { mode, load, server, idle: undefined as unknown as Stats, rows: [], done: false };
}

async function measure(s: Series, windowS: number) {
  s.server.send({ kind: "reset" });
  s.load.send({ kind: "reset" });
  await sleep(windowS * 1000);
  const server = next<{ stats: Stats }>(s.server, "report");
  const load = next<{ stats: LoadStats }>(s.load, "report");
  s.server.send({ kind: "report" });
  s.load.send({ kind: "report" });
  return { server: (await server).stats, load: (await load).stats };
}

async function ramp(s: Series, n: number) {
  const ramped = next(s.load, "ramped");
  s.load.send({ kind: "ramp", n });
  await ramped;
}

async function stopSeries(s: Series) {
  s.load.send({ kind: "stop" });
  await new Promise((r) => s.load.once("exit", r));
  s.server.send({ kind: "exit" });
  await new Promise((r) => s.server.once("exit", r));
}

const f = (x: number, d = 1) => x.toFixed(d);
function line(mode: string, r: Row): string {
  const s = r.server;
  const l = r.load;
  const base = `${mode.padEnd(7)} N=${String(r.n).padStart(4)} open ${String(l.open).padStart(4)}  lag p50/p99/max ${f(s.lagP50)}/${f(s.lagP99)}/${f(s.lagMax)} ms  cpu ${f(s.cpuPct, 0)}%  heap ${f(s.heapMb, 0)} MB  gen lag p99 ${f(l.genLagP99)} ms`;
  if (mode === "echo") return `${base}  echo rtt p99 ${f(l.rttP99)} ms  sent ${l.sent} back ${l.received}`;
  return `${base}  frame p50/p99/max ${f(s.frameP50, 3)}/${f(s.frameP99, 3)}/${f(s.frameMax, 1)} ms (${s.frames})  turns ${s.turns}  sentences ${l.sentences}  underruns ${l.underruns}  calls +${s.callsStarted}`;
}

async function main() {
  const env = process.env;
  const steps = (env.VOICE_LOAD_STEPS ?? "50,100,200,400,800").split(",").map(Number);
  const threshold = Number(env.VOICE_LOAD_THRESHOLD_MS ?? 10);
  const windowS = Number(env.VOICE_LOAD_WINDOW_S ?? 10);
  const only = env.VOICE_LOAD_ONLY;
  console.log(`uptime at start: ${execSync("uptime").toString().trim()}`);
  console.log(`steps ${steps.join(", ")}; window ${windowS} s; lag threshold p99 < ${threshold} ms`);
  // With DATABASE_URL, Relance runs on a fresh PostgreSQL database, dropped at the end.
  const url = env.DATABASE_URL;
  const dbName = `relance_bench_${randomBytes(4).toString("hex")}`;
  const admin = url ? new pg.Client({ connectionString: url }) : null;
  if (admin && url) {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    const u = new URL(url);
    u.pathname = `/${dbName}`;
    process.env.DATABASE_URL = u.toString();
  }
  console.log(`database: ${admin ? "PostgreSQL" : "embedded PGlite"}`);
  try {
    await runAll(steps, threshold, windowS, only);
  } finally {
    if (admin) {
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
    }
  }
  console.log(`uptime at end: ${execSync("uptime").toString().trim()}`);
}

async function runAll(steps: number[], threshold: number, windowS: number, only: string | undefined) {
  const all: Series[] = [];
  const capacity = (rows: Row[], ok: (r: Row) => boolean) =>
    rows.filter((r) => r.server.lagP99 < threshold && ok(r)).reduce((m, r) => Math.max(m, r.n), 0);

  if (only !== "relance") all.push(await startSeries("echo"));
  if (only !== "echo") all.push(await startSeries("relance"));
  await sleep(2000);
  for (const s of all) {
    s.idle = (await measure(s, windowS)).server;
    console.log(`${s.mode}: idle lag p99 ${f(s.idle.lagP99, 2)} ms`);
  }
  // Step by step, one series after the other, so that both see the same machine load at each N.
  for (const n of steps) {
    for (const s of all.filter((x) => !x.done)) {
      await ramp(s, n);
      await sleep(3000);
      const row = { n, ...(await measure(s, windowS)) };
      s.rows.push(row);
      console.log(line(s.mode, row));
      await ramp(s, 0);
      // Past 200 (the target), a series stops once its lag is far over the threshold.
      if (n >= 200 && row.server.lagP99 > threshold * 2) s.done = true;
    }
  }
  for (const s of all) await stopSeries(s);
  const echo = all.find((s) => s.mode === "echo");
  const relance = all.find((s) => s.mode === "relance");
  const echoCap = echo ? capacity(echo.rows, () => true) : 0;
  const relanceCap = relance ? capacity(relance.rows, (r) => r.load.underruns === 0) : 0;
  console.log("\nsummary");
  for (const r of echo?.rows ?? []) console.log(line("echo", r));
  for (const r of relance?.rows ?? []) console.log(line("relance", r));
  if (echo) console.log(`ws echo capacity: ${echoCap} connections (idle lag p99 ${f(echo.idle.lagP99)} ms)`);
  if (relance) {
    console.log(`Relance capacity: ${relanceCap} calls (idle lag p99 ${f(relance.idle.lagP99)} ms)`);
    if (echo && echoCap) console.log(`ratio Relance / ws echo: ${f(relanceCap / echoCap, 2)} (target ≥ 0.8)`);
    const at200 = relance.rows.find((r) => r.n === 200);
    if (at200)
      console.log(
        `200 calls: frame handling p99 ${f(at200.server.frameP99, 3)} ms (target < 5), underruns ${at200.load.underruns}`,
      );
  }
}

const role = process.argv[2];
if (role === "echo") await echoServer();
else if (role === "relance") await relanceServer(process.argv[3]!, process.argv[4]!);
else if (role === "load") await loadGenerator();
else await main();
