import { z } from "zod";
import { actorOf, requireAgency } from "../../platform/http/guards";
import type { App, AppDeps } from "../../platform/http/types";
import { issuePortalLink, LINK_TTL_DAYS } from "../links";

const params = z.object({ caseId: z.uuid() });
const linkSchema = z.object({
  linkId: z.uuid(),
  url: z.string().meta({ description: "The debtor's personal link; shown once, only its hash is kept" }),
  expiresAt: z.string(),
});

/**
 * The agency hands a debtor a portal link by hand (a call, a letter written by an agent). Messages
 * sent by the engine issue their own links; each link can be revoked on its own.
 */
export function registerPortalLinkRoutes(app: App, deps: AppDeps): void {
  app.post(
    "/api/agency/cases/:caseId/portal-link",
    {
      schema: {
        tags: ["Agency"],
        summary: `Issue a debtor portal link for a case (valid ${LINK_TTL_DAYS} days)`,
        params,
        response: { 201: linkSchema },
      },
    },
    async (req, reply) => {
      const p = requireAgency(req);
      const link = await issuePortalLink(deps.database.db, req.params.caseId, actorOf(p), deps.clock.now());
      return reply.status(201).send({
        linkId: link.linkId,
        url: `${deps.config.publicUrl}${link.path}`,
        expiresAt: link.expiresAt.toISOString(),
      });
    },
  );
}
