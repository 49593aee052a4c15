import type { TranscriptEntry } from "../schema";

// What a call tells the outside while it runs: each transcript line as it is said and a request to
// speak to a human. The session calls it synchronously and never waits for it, so a slow watcher
// cannot delay the conversation.

export interface CallFeed {
  /** A transcript line; `count` is the transcript's length with it. */
  said(entry: TranscriptEntry, count: number): void;
  /** The agent asked to transfer the debtor to a human; `accepted` when one was available. */
  transferRequested(accepted: boolean): void;
}
