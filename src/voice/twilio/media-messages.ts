import { z } from "zod";

// Twilio Media Streams messages (https://www.twilio.com/docs/voice/media-streams/websocket-messages).
// Counters are strings on the wire. Unknown fields are ignored: Twilio adds some.

const counter = z.string().regex(/^\d+$/);

export const inboundMessageSchema = z.discriminatedUnion("event", [
  z.object({
    event: z.literal("connected"),
    protocol: z.string().optional(),
    version: z.string().optional(),
  }),
  z.object({
    event: z.literal("start"),
    sequenceNumber: counter.optional(),
    streamSid: z.string().min(1),
    start: z.object({
      accountSid: z.string(),
      streamSid: z.string().min(1),
      callSid: z.string().min(1),
      tracks: z.array(z.string()).optional(),
      mediaFormat: z.object({
        encoding: z.literal("audio/x-mulaw"),
        sampleRate: z.literal(8000),
        channels: z.literal(1),
      }),
      customParameters: z.record(z.string(), z.string()).default({}),
    }),
  }),
  z.object({
    event: z.literal("media"),
    sequenceNumber: counter.optional(),
    streamSid: z.string(),
    media: z.object({
      track: z.string().optional(),
      chunk: counter.optional(),
      timestamp: counter,
      payload: z.string(),
    }),
  }),
  z.object({
    event: z.literal("mark"),
    sequenceNumber: counter.optional(),
    streamSid: z.string(),
    mark: z.object({ name: z.string() }),
  }),
  z.object({
    event: z.literal("dtmf"),
    sequenceNumber: counter.optional(),
    streamSid: z.string(),
    dtmf: z.object({ track: z.string().optional(), digit: z.string() }),
  }),
  z.object({
    event: z.literal("stop"),
    sequenceNumber: counter.optional(),
    streamSid: z.string(),
    stop: z.object({ accountSid: z.string().optional(), callSid: z.string().optional() }).optional(),
  }),
]);

export type InboundMessage = z.infer<typeof inboundMessageSchema>;
export type StartMessage = Extract<InboundMessage, { event: "start" }>;

export type OutboundMessage =
  | { event: "media"; streamSid: string; media: { payload: string } }
  | { event: "mark"; streamSid: string; mark: { name: string } }
  | { event: "clear"; streamSid: string };
