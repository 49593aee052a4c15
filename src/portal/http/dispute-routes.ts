import { z } from "zod";
import { documentStore } from "../../cases/documents";
import { AGENCY_SCOPE } from "../../platform/auth/scope";
import { actorOf, requireAgency, requireCreditor } from "../../platform/http/guards";
import type { App, AppDeps } from "../../platform/http/types";
import {
  answerDispute,
  answerInputSchema,
  disputeViewSchema,
  listDisputes,
  referDispute,
} from "../creditor-disputes";

const disputeParams = z.object({ disputeId: z.uuid() });
const listQuery = z.object({
  status: z.enum(["open", "awaiting_creditor", "upheld", "rejected", "partial"]).optional(),
  caseId: z.uuid().optional(),
});
const listSchema = z.object({ items: z.array(disputeViewSchema) });

/** Disputes: the creditor's to-do and answer; the agency's view and its referral to the creditor. */
export function registerDisputeRoutes(app: App, deps: AppDeps): void {
  const { db } = deps.database;
  const store = documentStore(deps.config.dataDir);
  const now = () => deps.clock.now();

  app.get(
    "/api/v1/disputes",
    {
      schema: {
        tags: ["Creditor API"],
        security: [{ apiKey: [] }, { session: [] }],
        summary: "Your cases' disputes; status=awaiting_creditor lists those waiting for your answer",
        querystring: listQuery,
        response: { 200: listSchema },
      },
    },
    async (req) => {
      const { scope } = requireCreditor(req);
      return { items: await listDisputes(db, scope, req.query) };
    },
  );

  app.post(
    "/api/v1/disputes/:disputeId/answer",
    {
      schema: {
        tags: ["Creditor API"],
        security: [{ apiKey: [] }, { session: [] }],
        summary:
          "Answer a dispute: accept (case closed), reject with justification and proof (collection resumes), or credit part",
        params: disputeParams,
        body: answerInputSchema,
        response: { 200: z.object({ status: z.string() }) },
      },
    },
    async (req) => {
      const { scope, principal } = requireCreditor(req, ["creditor_admin"]);
      return answerDispute(
        { db, documents: store },
        scope,
        req.params.disputeId,
        req.body,
        actorOf(principal),
        now(),
      );
    },
  );

  app.get(
    "/api/agency/disputes",
    {
      schema: {
        tags: ["Agency"],
        summary: "Disputes across creditors",
        querystring: listQuery,
        response: { 200: listSchema },
      },
    },
    async (req) => {
      requireAgency(req);
      return { items: await listDisputes(db, AGENCY_SCOPE, req.query) };
    },
  );

  app.post(
    "/api/agency/disputes/:disputeId/refer",
    {
      schema: {
        tags: ["Agency"],
        summary: "Hand an open dispute to the creditor for its answer",
        params: disputeParams,
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (req) => {
      const p = requireAgency(req);
      await referDispute(db, req.params.disputeId, actorOf(p), now());
      return { ok: true as const };
    },
  );
}
