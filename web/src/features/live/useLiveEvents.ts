import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useSyncExternalStore } from "react";
import {
  isLiveConnected,
  type LiveEvent,
  type LiveScope,
  onLiveEvent,
  onLiveState,
  startLiveStream,
} from "./live-stream";

/** Opens the live stream for the signed-in area while mounted (once, in the area's frame). */
export function useLiveEvents(scope: LiveScope): boolean {
  const queryClient = useQueryClient();
  useEffect(() => startLiveStream(queryClient, scope), [queryClient, scope]);
  return useLiveConnected();
}

export function useLiveConnected(): boolean {
  return useSyncExternalStore(onLiveState, isLiveConnected, () => false);
}

/** Calls `listener` for each live event while mounted. */
export function useLiveEvent(listener: (event: LiveEvent) => void): void {
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => onLiveEvent((event) => ref.current(event)), []);
}
