import type { ServerResponse } from "node:http";
import { AGENCY_SCOPE, creditorScope } from "../auth/scope";
import { authenticateSession } from "../auth/sessions";
import { AppError } from "../errors";
import { type LiveEvents, visibleTo } from "../live-events";
import { requirePrincipal } from "./guards";
import type { App, AppDeps } from "./types";

// Server-sent events for the web app: GET /api/live/events streams the live events the logged-in user
// may see (agency staff: all; a creditor user: its own cases' changes visible to it). The stream is
// written on the raw response (reply.hijack), one `data:` line of JSON per event; a comment line every
// `heartbeatMs` keeps proxies from closing an idle stream and re-checks the session, so a logout or an
// expired session ends the stream.

export const LIVE_EVENTS_PATH = "/api/live/events";

export interface LiveRouteOptions {
  heartbeatMs?: number;
}

export function registerLiveRoutes(
  app: App,
  deps: AppDeps & { live: LiveEvents },
  options: LiveRouteOptions = {},
): void {
  const heartbeatMs = options.heartbeatMs ?? 25_000;
  const open = new Set<ServerResponse>();
  // Open streams would hold the server's close forever: end them first.
  app.addHook("preClose", async () => {
    for (const res of open) res.end();
  });

  app.get(LIVE_EVENTS_PATH, { schema: { hide: true } }, (req, reply) => {
    const principal = requirePrincipal(req);
    const token = req.sessionToken;
    if (principal.kind !== "user" || !token)
      throw new AppError("forbidden", "The live stream is for logged-in users of the web app");
    const scope = principal.creditorId === null ? AGENCY_SCOPE : creditorScope(principal.creditorId);

    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache, no-transform",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    // Browsers reconnect on their own after `retry` ms; `ready` tells the page it may refetch.
    res.write(`retry: 3000\ndata: ${JSON.stringify({ type: "ready" })}\n\n`);
    open.add(res);

    const unsubscribe = deps.live.subscribe((event) => {
      if (visibleTo(scope, event)) res.write(`data: ${JSON.stringify(event)}\n\n`);
    });
    const heartbeat = setInterval(() => {
      authenticateSession(deps.database.db, token, deps.clock.now())
        .then((session) => {
          if (session) res.write(": ping\n\n");
          else res.end();
        })
        .catch(() => res.write(": ping\n\n"));
    }, heartbeatMs);
    const cleanUp = () => {
      clearInterval(heartbeat);
      unsubscribe();
      open.delete(res);
    };
    // The response closes when the browser goes away (its socket closes) or when we end it.
    res.on("close", cleanUp);
  });
}
