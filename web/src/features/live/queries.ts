import { queryOptions } from "@tanstack/react-query";
import { api } from "../../shared/api";
import { isLiveConnected, LIVE_CALLS_KEY } from "./live-stream";

export interface TranscriptLine {
  atMs: number;
  speaker: "agent" | "debtor" | "system";
  text: string;
}

export interface ActiveCall {
  callId: string;
  caseId: string;
  caseReference: string;
  creditorName: string;
  persona: { key: string; name: string };
  debtorFirstName: string | null;
  provider: string;
  startedAt: string;
  answeredAt: string | null;
  transcript: TranscriptLine[];
}

/** Refetched on the live stream's call events; polled only while the stream is down. */
export const liveCallsQuery = queryOptions({
  queryKey: LIVE_CALLS_KEY,
  queryFn: ({ signal }) => api.get<{ items: ActiveCall[] }>("/api/agency/live/calls", { signal }),
  refetchInterval: () => (isLiveConnected() ? false : 5_000),
  staleTime: 0,
});
