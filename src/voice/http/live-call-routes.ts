import { z } from "zod";
import { requireAgency } from "../../platform/http/guards";
import type { App, AppDeps } from "../../platform/http/types";
import { listActiveCalls } from "../session/active-calls";

const activeCallSchema = z.object({
  callId: z.string(),
  caseId: z.string(),
  caseReference: z.string(),
  creditorName: z.string(),
  persona: z.object({ key: z.string(), name: z.string() }),
  debtorFirstName: z.string().nullable(),
  provider: z.string(),
  startedAt: z.string(),
  answeredAt: z.string().nullable(),
  transcript: z.array(
    z.object({ atMs: z.number(), speaker: z.enum(["agent", "debtor", "system"]), text: z.string() }),
  ),
});

/** The back office's live screen: the calls in progress with their transcript so far. */
export function registerLiveCallRoutes(app: App, deps: AppDeps): void {
  app.get(
    "/api/agency/live/calls",
    {
      schema: {
        tags: ["Agency"],
        summary:
          "Voice calls in progress, with their live transcript (refetch on the live stream's call events)",
        response: { 200: z.object({ items: z.array(activeCallSchema) }) },
      },
    },
    async (req) => {
      requireAgency(req);
      return { items: await listActiveCalls(deps.database.db, deps.clock.now()) };
    },
  );
}
