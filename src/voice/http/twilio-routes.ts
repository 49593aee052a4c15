import type { Socket } from "node:net";
import fastifyWebsocket from "@fastify/websocket";
import { AppError } from "../../platform/errors";
import type { App, AppDeps } from "../../platform/http/types";
import { verifyTwilioSignature } from "../../platform/twilio-signature";
import { requestCallback } from "../../portal/request-callback";
import { type DialOutcome, endTransfer } from "../agents/transfer-agents";
import { selectBrain } from "../brains/select-brain";
import { warmUp } from "../nlu/understand";
import { line } from "../policy/lines";
import { storeRecording } from "../session/recordings";
import { selectStt, selectTts } from "../speech/select-speech";
import type { AnySpeechToText, TextToSpeech } from "../speech/speech";
import { admitTwilioCall, recordUnansweredCall, TWILIO_PROVIDER } from "../twilio/live-call";
import { MediaStream, type TurnTiming } from "../twilio/media-stream";
import { escapeXml, hangupCall, transferCall } from "../twilio/twilio-api";
import { TWILIO_STATUS_PATH, TWILIO_STREAM_PATH, TWILIO_TRANSFER_PATH } from "../twilio/twilio-voice-channel";

// Twilio's side of a call: the bidirectional media stream (WebSocket) and the status / asynchronous
// AMD callbacks (form posts signed with X-Twilio-Signature). Registered only when Twilio is configured.

export interface TwilioRouteOptions {
  /** Overrides for tests and benchmarks; by default chosen from the configuration. */
  tts?: TextToSpeech;
  stt?: AnySpeechToText;
  onTurn?: (timing: TurnTiming) => void;
}

export async function registerTwilioVoiceRoutes(
  parent: App,
  deps: AppDeps,
  options: TwilioRouteOptions = {},
): Promise<void> {
  const { accountSid, authToken, apiUrl } = deps.config.providers.twilio;
  const stt = options.stt ?? selectStt(deps.config);
  if (!accountSid || !authToken || !stt) return;
  const account = { apiUrl, accountSid, authToken };
  // The simulation recogniser holds one socket to its feed for the whole process.
  const closeStt = (stt as { close?: () => void }).close;
  if (!options.stt && closeStt) parent.addHook("onClose", async () => closeStt.call(stt));
  const tts = options.tts ?? selectTts(deps.config);
  const brain = selectBrain(deps.config);
  // Compiles the understanding's rules now rather than during the first debtor's turn.
  warmUp();
  const db = deps.database.db;
  const now = () => deps.clock.now();
  /** Streams in this process by call id, so an AMD result reaches its live call. */
  const live = new Map<string, MediaStream>();

  await parent.register(async (scope) => {
    const app = scope as unknown as App;
    app.addContentTypeParser("application/x-www-form-urlencoded", { parseAs: "string" }, (_req, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );
    await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });

    app.get(TWILIO_STREAM_PATH, { websocket: true, schema: { hide: true } }, (socket) => {
      let callId: string | null = null;
      // The TCP socket under the WebSocket (ws keeps it as `_socket`).
      const tcp = (socket as unknown as { _socket?: Socket })._socket;
      let corked = false;
      const stream: MediaStream = new MediaStream({
        tts,
        stt,
        admit: async (start) => {
          const call = await admitTwilioCall(
            { db, secret: deps.config.secret, brain, now, live: deps.live, logger: deps.logger },
            start,
          );
          if (call) {
            callId = call.callId;
            live.set(call.callId, stream);
          } else {
            deps.logger.warn(
              { callSid: start.start.callSid },
              "media stream refused: unknown or unsigned call",
            );
          }
          return call;
        },
        hangup: (callSid) => hangupCall(account, callSid),
        transfer: (callSid, to) =>
          transferCall(account, callSid, to, `${deps.config.publicUrl}${TWILIO_TRANSFER_PATH}`),
        send: (message) => {
          if (socket.readyState !== socket.OPEN) return;
          // A sentence's frames are sent in one go: corked until the tick ends, they leave in one
          // write instead of one system call per 20 ms frame.
          if (!corked && tcp) {
            corked = true;
            tcp.cork();
            process.nextTick(() => {
              corked = false;
              tcp.uncork();
            });
          }
          socket.send(JSON.stringify(message));
        },
        close: () => {
          if (callId) live.delete(callId);
          socket.close();
        },
        onTurn: options.onTurn,
        onError: (error) => deps.logger.error({ err: error, callId }, "media stream error"),
      });
      // Messages are handled in order: a `stop` must not overtake the media before it. Media is
      // handled as it arrives (no promise per frame) unless an earlier message is still in progress.
      let chain = Promise.resolve();
      let inProgress = 0;
      const after = (work: () => Promise<void> | undefined) => {
        inProgress++;
        chain = chain
          .then(work)
          .catch((error) => deps.logger.error({ err: error, callId }, "media stream error"))
          .finally(() => inProgress--);
      };
      socket.on("message", (data, isBinary) => {
        if (isBinary) return;
        const raw = data.toString();
        if (inProgress > 0) return after(() => stream.receive(raw));
        const pending = stream.receive(raw);
        if (pending) after(() => pending);
      });
      socket.on("close", () => after(() => stream.closed()));
    });

    const signed = (req: { url: string; body: unknown; headers: Record<string, unknown> }) => {
      const params = (req.body ?? {}) as Record<string, string>;
      const url = `${deps.config.publicUrl}${req.url}`;
      const signature = req.headers["x-twilio-signature"] as string | string[] | undefined;
      if (!verifyTwilioSignature(authToken, signature, url, params))
        throw new AppError("unauthenticated", "Twilio signature refused");
      return params;
    };

    // The transfer's dialled leg ended: free the collector; a debtor nobody answered is told so, gets
    // a call-back request on the case, and the line closes.
    app.post(TWILIO_TRANSFER_PATH, { schema: { hide: true } }, async (req, reply) => {
      const params = signed(req);
      const outcome = (params.DialCallStatus ?? "failed") as DialOutcome;
      const ended = await endTransfer(
        db,
        { provider: TWILIO_PROVIDER, providerRef: params.CallSid ?? "" },
        outcome,
        Number(params.DialCallDuration ?? "0") || 0,
        now(),
      );
      let say = "";
      if (ended && !ended.answered) {
        await requestCallback(
          db,
          ended.caseId,
          { slot: "any", note: `transfer ${outcome}` },
          { type: "system", id: null },
          now(),
        );
        const { locale } = ended;
        const text = escapeXml(line(locale, "transfer_unanswered"));
        say = `<Say language="${locale === "fr" ? "fr-FR" : "en-GB"}">${text}</Say>`;
      }
      return reply
        .header("content-type", "text/xml")
        .send(`<?xml version="1.0" encoding="UTF-8"?><Response>${say}<Hangup/></Response>`);
    });

    app.post(TWILIO_STATUS_PATH, { schema: { hide: true } }, async (req, reply) => {
      const params = signed(req);
      const callSid = params.CallSid ?? "";
      const callId = (req.query as { call?: string }).call ?? "";
      const stream = live.get(callId);
      if (params.AnsweredBy?.startsWith("machine_end") && stream?.callSid === callSid) stream.voicemail();
      if (params.CallStatus) await recordUnansweredCall(db, callId, callSid, params.CallStatus, now());
      if (params.RecordingSid && params.RecordingStatus === "completed") {
        await storeRecording(db, {
          callId,
          providerRef: callSid,
          recordingRef: params.RecordingSid,
          durationMs: Math.round(Number(params.RecordingDuration ?? "0") * 1000) || 0,
          at: now(),
        });
      }
      return reply.status(204).send();
    });
  });
}
