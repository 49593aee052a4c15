import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Scope } from "./auth/scope";
import type { Database } from "./db/client";
import type { Logger } from "./logger";

// The live-event hub: who should refresh what, now. Events carry identifiers and kinds only, never
// personal data: a listener that wants the content asks the API, under its own permissions.
//
// Two sources feed it. Case changes come from the database itself: a trigger on `timeline_events`
// (migration 0010) NOTIFYs at commit, so every writer (use cases, engine batches, imports, other
// processes) is covered and a rolled-back change is never announced. Calls are published by the voice
// session through `publish`: delivered at once to this process's subscribers (the fast path) and, on
// PostgreSQL, NOTIFYed to the other processes (a `relance worker` placing calls while another process
// serves the back office). PGlite lives in one process, so the fast path is all it needs.

export const LIVE_CHANNEL = "relance_live";

const id = z.string().uuid();
const call = { callId: id, caseId: id, creditorId: id };

export const liveEventSchema = z.discriminatedUnion("type", [
  /** A case got a timeline event; `creditorVisible` is false when only the agency may see it. */
  z.object({
    type: z.literal("case.updated"),
    caseId: id,
    creditorId: id,
    kind: z.string().max(100),
    creditorVisible: z.boolean(),
  }),
  /** Many cases of a creditor changed in one statement (an import, an engine batch). */
  z.object({ type: z.literal("cases.changed"), creditorId: id }),
  z.object({ type: z.literal("call.started"), ...call }),
  /** The call's transcript grew to `entries` lines. */
  z.object({ type: z.literal("call.transcript"), ...call, entries: z.number().int().nonnegative() }),
  z.object({ type: z.literal("call.ended"), ...call }),
  /** A voice agent asked for a human; `accepted` when a collector was available to take it. */
  z.object({ type: z.literal("transfer.requested"), ...call, accepted: z.boolean() }),
]);

export type LiveEvent = z.infer<typeof liveEventSchema>;
export type LiveListener = (event: LiveEvent) => void;

export interface LiveEvents {
  /** Delivers to this process's subscribers now and, on PostgreSQL, to the other processes. */
  publish(event: LiveEvent): void;
  /** Starts listening to the database on the first subscriber; returns the unsubscribe function. */
  subscribe(listener: LiveListener): () => void;
  /** How many subscribers this process has (open live streams among them). */
  readonly subscribers: number;
  /** Resolves once the database listener is in place (tests wait for it before causing events). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

const wireSchema = z.object({ o: z.string().optional() }).passthrough();

export function createLiveEvents(database: Database, logger: Logger): LiveEvents {
  /** Tags our own NOTIFYs, which come back to us and were already delivered by the fast path. */
  const origin = randomUUID();
  const listeners = new Set<LiveListener>();
  let listening: Promise<void> | null = null;
  let stopListening: (() => Promise<void>) | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;

  const deliver = (event: LiveEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        logger.error({ err: error, event: event.type }, "live event listener failed");
      }
    }
  };

  const onPayload = (payload: string) => {
    let parsed: LiveEvent;
    try {
      const wire = wireSchema.parse(JSON.parse(payload));
      if (wire.o === origin) return;
      parsed = liveEventSchema.parse(wire);
    } catch {
      logger.warn({ channel: LIVE_CHANNEL }, "live event payload refused");
      return;
    }
    deliver(parsed);
  };

  const listen = (): Promise<void> => {
    listening = database
      .listen(LIVE_CHANNEL, onPayload, (error) => {
        // The dedicated connection dropped (server restart): listen again after a pause. Events sent
        // meanwhile are lost; clients refetch on reconnect, so they catch up.
        logger.warn({ err: error }, "live events: listener lost, reconnecting");
        stopListening = null;
        if (!closed && !retry) {
          retry = setTimeout(() => {
            retry = null;
            if (!closed) listen().catch(() => {});
          }, 1000);
        }
      })
      .then((stop) => {
        stopListening = stop;
        if (closed) return stop();
      })
      .catch((error) => {
        listening = null;
        logger.error({ err: error }, "live events: cannot listen");
        throw error;
      });
    return listening;
  };

  return {
    publish(event) {
      deliver(event);
      if (database.kind !== "postgres") return;
      database.notify(LIVE_CHANNEL, JSON.stringify({ ...event, o: origin })).catch((error) => {
        logger.warn({ err: error, event: event.type }, "live event not sent to other processes");
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      if (!listening && !closed) listen().catch(() => {});
      return () => {
        listeners.delete(listener);
      };
    },
    get subscribers() {
      return listeners.size;
    },
    async ready() {
      if (!listening && !closed) await listen();
      await listening;
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      listeners.clear();
      await listening?.catch(() => {});
      await stopListening?.();
    },
  };
}

/** Who may receive an event: agency staff everything; a creditor only its own cases' visible changes. */
export function visibleTo(viewer: Scope, event: LiveEvent): boolean {
  if (viewer.kind === "agency") return true;
  switch (event.type) {
    case "case.updated":
      return event.creditorId === viewer.creditorId && event.creditorVisible;
    case "cases.changed":
      return event.creditorId === viewer.creditorId;
    // Calls and transfers are the back office's business: the creditor sees the call's outcome on
    // the timeline once it is recorded.
    case "call.started":
    case "call.transcript":
    case "call.ended":
    case "transfer.requested":
      return false;
    default: {
      const never: never = event;
      throw new Error(`unknown live event ${JSON.stringify(never)}`);
    }
  }
}
