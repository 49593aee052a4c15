import type { QueryClient, QueryKey } from "@tanstack/react-query";

// The browser's end of the live stream (GET /api/live/events, server-sent events). One EventSource per
// signed-in area; each event says which cached queries are stale, and they are refetched (at most a
// few times a second, however busy the engine is). Events carry ids only: the data comes from the API.

export type LiveEvent =
  | { type: "ready" }
  | { type: "case.updated"; caseId: string; creditorId: string; kind: string; creditorVisible: boolean }
  | { type: "cases.changed"; creditorId: string }
  | { type: "call.started" | "call.ended"; callId: string; caseId: string; creditorId: string }
  | { type: "call.transcript"; callId: string; caseId: string; creditorId: string; entries: number }
  | { type: "transfer.requested"; callId: string; caseId: string; creditorId: string; accepted: boolean };

export type LiveScope = "agency" | "creditor";

export const LIVE_CALLS_KEY = ["live-calls"] as const;
const FLUSH_MS = 250;

const listeners = new Set<(event: LiveEvent) => void>();
const stateListeners = new Set<() => void>();
let connected = false;

export function isLiveConnected(): boolean {
  return connected;
}

export function onLiveState(listener: () => void): () => void {
  stateListeners.add(listener);
  return () => stateListeners.delete(listener);
}

export function onLiveEvent(listener: (event: LiveEvent) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function setConnected(value: boolean) {
  if (connected === value) return;
  connected = value;
  for (const l of stateListeners) l();
}

/** The queries an event makes stale. */
export function staleKeys(scope: LiveScope, event: LiveEvent): QueryKey[] {
  switch (event.type) {
    case "case.updated":
      return [
        ["cases", scope, "detail", event.caseId],
        ["cases", scope, "contact-points", event.caseId],
        ["cases", scope, "documents", event.caseId],
        ["cases", scope, "money", event.caseId],
        ["cases", scope, "list"],
        ["work-queue"],
        ["dashboard"],
      ];
    case "cases.changed":
    case "ready":
      return [["cases"], ["work-queue"], ["dashboard"], LIVE_CALLS_KEY];
    case "call.started":
    case "call.transcript":
    case "call.ended":
      return [LIVE_CALLS_KEY];
    case "transfer.requested":
      return [];
  }
}

export function startLiveStream(queryClient: QueryClient, scope: LiveScope): () => void {
  const source = new EventSource("/api/live/events");
  const pending = new Map<string, QueryKey>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let opened = false;
  const flush = () => {
    timer = null;
    for (const queryKey of pending.values()) void queryClient.invalidateQueries({ queryKey });
    pending.clear();
  };
  source.onmessage = (message) => {
    let event: LiveEvent;
    try {
      event = JSON.parse(message.data) as LiveEvent;
    } catch {
      return;
    }
    if (event.type === "ready") {
      setConnected(true);
      // The first connection follows a fresh load; a reconnection may have missed events.
      if (!opened) {
        opened = true;
        return;
      }
    }
    for (const l of listeners) l(event);
    for (const key of staleKeys(scope, event)) pending.set(JSON.stringify(key), key);
    timer ??= setTimeout(flush, FLUSH_MS);
  };
  // The browser reconnects by itself (the server asks for 3 s); pages poll meanwhile.
  source.onerror = () => setConnected(false);
  return () => {
    source.close();
    if (timer) clearTimeout(timer);
    setConnected(false);
  };
}
