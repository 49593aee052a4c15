import { createHash, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";
import { decodeMulaw } from "../../src/voice/audio/mulaw";
import type { ToneLexicon } from "./twilio-double";

// A loopback double of Deepgram's live streaming API (wss://api.deepgram.com/v1/listen), speaking its
// public protocol: `Authorization: Token <key>` on the upgrade (401 otherwise), μ-law 8 kHz binary
// audio in, JSON out — `Results` (interim `is_final:false` while the speaker talks, then `is_final:true`
// with `speech_final:true` once `endpointing` ms of silence follow), `UtteranceEnd` after
// `utterance_end_ms` without words, and `Metadata` before it closes on `CloseStream`. `KeepAlive` gets
// no answer. Like the transcription double it understands tones, not French: each segment of speech
// is recognised from its dominant frequency. Time is audio time (bytes received / 8), not wall time.

export const DEEPGRAM_KEY = "dg-test-key";

export interface DeepgramSession {
  query: URLSearchParams;
  audioBytes: number;
  keepAlives: number;
  closeStreams: number;
  sent: Record<string, unknown>[];
}

export interface DeepgramDouble {
  apiUrl: string;
  sessions: DeepgramSession[];
  refused: number;
  /** `utterance_end`: a noisy line where endpointing never fires; turns end by UtteranceEnd only. */
  mode: "endpointing" | "utterance_end";
  close(): Promise<void>;
}

const LOUD = 1000;

export async function startDeepgramDouble(lexicon: ToneLexicon): Promise<DeepgramDouble> {
  const server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true });
  const double: DeepgramDouble = {
    apiUrl: "",
    sessions: [],
    refused: 0,
    mode: "endpointing",
    close: () =>
      new Promise((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close();
        server.close(() => r());
      }),
  };
  server.on("upgrade", (req, socket, head) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const q = url.searchParams;
    const reject = (status: string, error: string) => {
      double.refused++;
      socket.end(`HTTP/1.1 ${status}\r\ndg-error: ${error}\r\ncontent-length: 0\r\n\r\n`);
    };
    if (url.pathname !== "/v1/listen") return reject("404 Not Found", "not found");
    if (req.headers.authorization !== `Token ${DEEPGRAM_KEY}`) return reject("401 Unauthorized", "bad token");
    if (q.get("encoding") !== "mulaw" || q.get("sample_rate") !== "8000")
      return reject("400 Bad Request", "encoding and sample_rate must describe the audio");
    wss.handleUpgrade(req, socket, head, (ws) => {
      const session: DeepgramSession = { query: q, audioBytes: 0, keepAlives: 0, closeStreams: 0, sent: [] };
      double.sessions.push(session);
      const requestId = randomUUID();
      const sha = createHash("sha256");
      const endpointing = Number(q.get("endpointing") ?? "10");
      const utteranceEnd = q.get("utterance_end_ms") ? Number(q.get("utterance_end_ms")) : null;
      const interim = q.get("interim_results") === "true";
      let segment: Int16Array[] = [];
      let segmentStart = 0;
      let silentMs = 0;
      let lastWordEnd: number | null = null;
      let sinceInterim = 0;
      const nowS = () => session.audioBytes / 8000;
      const send = (m: Record<string, unknown>) => {
        session.sent.push(m);
        ws.send(JSON.stringify(m));
      };
      const results = (transcript: string, isFinal: boolean, speechFinal: boolean) => {
        const start = segmentStart;
        const duration = nowS() - start;
        send({
          type: "Results",
          channel_index: [0, 1],
          duration,
          start,
          is_final: isFinal,
          speech_final: speechFinal,
          channel: {
            alternatives: [
              {
                transcript,
                confidence: 0.98,
                words: transcript
                  .split(/\s+/)
                  .filter(Boolean)
                  .map((word) => ({
                    word,
                    start,
                    end: start + duration,
                    confidence: 0.98,
                    punctuated_word: word,
                  })),
              },
            ],
          },
          metadata: {
            request_id: requestId,
            model_info: { name: q.get("model") ?? "general", version: "double", arch: "double" },
            model_uuid: "00000000-0000-0000-0000-000000000000",
          },
          from_finalize: false,
        });
      };
      const finalise = () => {
        if (segment.length === 0) return;
        const pcm = Int16Array.from(segment.flatMap((s) => Array.from(s)));
        segment = [];
        lastWordEnd = nowS() - silentMs / 1000;
        results(lexicon.recognise(pcm, 8000), true, double.mode === "endpointing");
      };
      ws.on("message", (data, isBinary) => {
        if (!isBinary) {
          const m = JSON.parse(data.toString()) as { type?: string };
          if (m.type === "KeepAlive") session.keepAlives++;
          if (m.type === "CloseStream") {
            session.closeStreams++;
            finalise();
            send({
              type: "Metadata",
              transaction_key: "deprecated",
              request_id: requestId,
              sha256: sha.digest("hex"),
              created: new Date().toISOString(),
              duration: nowS(),
              channels: 1,
            });
            ws.close(1000);
          }
          return;
        }
        const bytes = new Uint8Array(data as Buffer);
        sha.update(bytes);
        for (let at = 0; at < bytes.length; at += 160) {
          const frame = bytes.subarray(at, at + 160);
          const pcm = decodeMulaw(frame);
          let sum = 0;
          for (const x of pcm) sum += Math.abs(x);
          const loud = sum / pcm.length > LOUD;
          const frameMs = frame.length / 8;
          if (loud) {
            if (segment.length === 0) segmentStart = nowS();
            segment.push(pcm);
            silentMs = 0;
            sinceInterim += frameMs;
            if (interim && sinceInterim >= 300) {
              sinceInterim = 0;
              results(
                lexicon.recognise(Int16Array.from(segment.flatMap((s) => Array.from(s))), 8000),
                false,
                false,
              );
            }
          } else {
            silentMs += frameMs;
            if (segment.length > 0 && silentMs >= endpointing) finalise();
            if (utteranceEnd !== null && lastWordEnd !== null && silentMs >= utteranceEnd) {
              send({ type: "UtteranceEnd", channel: [0, 1], last_word_end: lastWordEnd });
              lastWordEnd = null;
            }
          }
          session.audioBytes += frame.length;
        }
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  double.apiUrl = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return double;
}
