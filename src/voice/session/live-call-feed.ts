import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import type { LiveEvents } from "../../platform/live-events";
import type { Logger } from "../../platform/logger";
import { type TranscriptEntry, voiceCalls } from "../schema";
import type { CallFeed } from "./call-feed";

// The live side of a call for the back office. The registry of active calls is the `voice_calls`
// table itself (status `in_progress`, no outcome yet), so every process sees the calls of every
// other; each transcript line is appended to the row as it is said (the final transcript replaces it
// when the call is recorded) and announced on the live-event hub with ids only.

export interface LiveCallFeed extends CallFeed {
  started(): void;
  /** After the call record is written: waits for pending lines, then announces the end. */
  ended(): Promise<void>;
}

export interface LiveCallFeedDeps {
  db: Db;
  live: LiveEvents;
  logger?: Logger;
  call: { callId: string; caseId: string; creditorId: string };
  /** Keep the transcript lines on the row while the call runs (false for instant simulated calls). */
  persistTranscript: boolean;
}

export function liveCallFeed(d: LiveCallFeedDeps): LiveCallFeed {
  const ids = d.call;
  // Lines are written one at a time in order; the call never waits for them.
  let chain: Promise<void> = Promise.resolve();
  const append = (entry: TranscriptEntry, count: number) => {
    chain = chain
      .then(async () => {
        await d.db
          .update(voiceCalls)
          .set({ transcript: sql`${voiceCalls.transcript} || ${JSON.stringify([entry])}::jsonb` })
          .where(and(eq(voiceCalls.id, ids.callId), isNull(voiceCalls.outcome)));
        d.live.publish({ type: "call.transcript", ...ids, entries: count });
      })
      .catch((error) => d.logger?.warn({ err: error, callId: ids.callId }, "live transcript line not kept"));
  };
  return {
    started() {
      d.live.publish({ type: "call.started", ...ids });
    },
    said(entry, count) {
      if (d.persistTranscript) append(entry, count);
    },
    transferRequested(accepted) {
      d.live.publish({ type: "transfer.requested", ...ids, accepted });
    },
    async ended() {
      await chain;
      d.live.publish({ type: "call.ended", ...ids });
    },
  };
}
