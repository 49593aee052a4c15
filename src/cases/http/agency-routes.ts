import { z } from "zod";
import { createApiKey, listApiKeys, revokeApiKey } from "../../platform/auth/api-keys";
import { AGENCY_SCOPE } from "../../platform/auth/scope";
import { AppError } from "../../platform/errors";
import { actorOf, requireAgency } from "../../platform/http/guards";
import type { App, AppDeps } from "../../platform/http/types";
import {
  agencySettingsSchema,
  agencySettingsViewSchema,
  getAgencySettings,
  saveAgencySettings,
} from "../agency-settings";
import { caseDetailSchema, caseListSchema } from "../case-views";
import { createCase } from "../create-case";
import { createCaseSchema } from "../create-case.schema";
import {
  createCreditor,
  creditorInputSchema,
  creditorSchema,
  getCreditor,
  listCreditors,
  toCreditorView,
} from "../creditors";
import { getCase } from "../get-case";
import { listCases, listCasesQuerySchema } from "../list-cases";
import {
  createMandateVersion,
  listMandates,
  mandateInputSchema,
  mandateSchema,
  toMandateView,
} from "../mandates";
import { assignCase, toTransition, transitionCase, transitionInputSchema } from "../transition-case";
import {
  apiKeyInputSchema,
  apiKeySchema,
  caseIdParams,
  createdCaseSchema,
  createdCaseView,
  creditorIdParams,
  newApiKeySchema,
} from "./shared-schemas";

const tags = ["Agency"];

const stateSchema = z.object({
  phase: z.string(),
  status: z.string(),
  holdReason: z.string().nullable(),
  holdUntil: z.string().nullable(),
  closedReason: z.string().nullable(),
});

/** The agency's API for the back office: every creditor's data, agency roles only. */
export function registerAgencyCaseRoutes(app: App, deps: AppDeps): void {
  const { db } = deps.database;
  const now = () => deps.clock.now();

  app.get(
    "/api/agency/cases",
    {
      schema: {
        tags,
        summary: "List cases of all creditors",
        querystring: listCasesQuerySchema,
        response: { 200: caseListSchema },
      },
    },
    async (req) => {
      requireAgency(req);
      return listCases(db, AGENCY_SCOPE, req.query);
    },
  );

  app.get(
    "/api/agency/cases/:caseId",
    { schema: { tags, summary: "Get a case", params: caseIdParams, response: { 200: caseDetailSchema } } },
    async (req) => {
      requireAgency(req);
      return getCase(db, AGENCY_SCOPE, req.params.caseId);
    },
  );

  app.post(
    "/api/agency/cases/:caseId/transitions",
    {
      schema: {
        tags,
        summary: "Move a case through its lifecycle (hold, release, escalate, close…)",
        params: caseIdParams,
        body: transitionInputSchema,
        response: { 200: stateSchema },
      },
    },
    async (req) => {
      const p = requireAgency(req);
      const t = toTransition(req.body);
      const state = await transitionCase(
        db,
        AGENCY_SCOPE,
        req.params.caseId,
        t,
        actorOf(p),
        now(),
        req.body.note,
      );
      return { ...state, holdUntil: state.holdUntil?.toISOString() ?? null };
    },
  );

  app.post(
    "/api/agency/cases/:caseId/assign",
    {
      schema: {
        tags,
        summary: "Assign the case to an agent (null to unassign)",
        params: caseIdParams,
        body: z.object({ agentId: z.uuid().nullable() }).meta({ examples: [{ agentId: null }] }),
      },
    },
    async (req, reply) => {
      const p = requireAgency(req);
      // Agents take a case for themselves (or let it go); handing it to someone else is a manager's call.
      if (p.role === "agent" && req.body.agentId !== p.userId && req.body.agentId !== null) {
        throw new AppError("forbidden", "Agents may only assign cases to themselves");
      }
      await assignCase(db, req.params.caseId, req.body.agentId, actorOf(p), now());
      return reply.status(204).send();
    },
  );

  app.get(
    "/api/agency/settings",
    {
      schema: {
        tags,
        summary: "The agency's identity and R124-2 prerequisites",
        response: { 200: agencySettingsViewSchema },
      },
    },
    async (req) => {
      requireAgency(req);
      return getAgencySettings(db, now());
    },
  );

  app.put(
    "/api/agency/settings",
    {
      schema: {
        tags,
        summary: "Update the agency's identity, insurance, trust account and declaration (CPCE R124-2)",
        body: agencySettingsSchema,
        response: { 200: agencySettingsViewSchema },
      },
    },
    async (req) => {
      requireAgency(req, ["admin"]);
      return saveAgencySettings(db, req.body, now());
    },
  );

  app.get(
    "/api/agency/creditors",
    {
      schema: {
        tags,
        summary: "List creditors",
        response: { 200: z.object({ items: z.array(creditorSchema) }) },
      },
    },
    async (req) => {
      requireAgency(req);
      return { items: (await listCreditors(db)).map(toCreditorView) };
    },
  );

  app.post(
    "/api/agency/creditors",
    {
      schema: {
        tags,
        summary: "Create a creditor",
        body: creditorInputSchema,
        response: { 201: creditorSchema },
      },
    },
    async (req, reply) => {
      requireAgency(req, ["admin", "manager"]);
      return reply.status(201).send(toCreditorView(await createCreditor(db, req.body, now())));
    },
  );

  app.get(
    "/api/agency/creditors/:creditorId",
    {
      schema: {
        tags,
        summary: "Get a creditor",
        params: creditorIdParams,
        response: { 200: creditorSchema },
      },
    },
    async (req) => {
      requireAgency(req);
      return toCreditorView(await getCreditor(db, req.params.creditorId));
    },
  );

  app.post(
    "/api/agency/creditors/:creditorId/cases",
    {
      schema: {
        tags,
        summary: "Create a case for a creditor",
        params: creditorIdParams,
        body: createCaseSchema,
        response: { 201: createdCaseSchema, 200: createdCaseSchema },
      },
    },
    async (req, reply) => {
      const p = requireAgency(req, ["admin", "manager"]);
      await getCreditor(db, req.params.creditorId);
      const result = await createCase(db, req.params.creditorId, req.body, actorOf(p), now());
      return reply.status(result.created ? 201 : 200).send(createdCaseView(result));
    },
  );

  app.get(
    "/api/agency/creditors/:creditorId/mandates",
    {
      schema: {
        tags,
        summary: "List the creditor's mandate versions",
        params: creditorIdParams,
        response: { 200: z.object({ items: z.array(mandateSchema) }) },
      },
    },
    async (req) => {
      requireAgency(req);
      await getCreditor(db, req.params.creditorId);
      return { items: (await listMandates(db, req.params.creditorId)).map(toMandateView) };
    },
  );

  app.post(
    "/api/agency/creditors/:creditorId/mandates",
    {
      schema: {
        tags,
        summary: "Record a new mandate version (convention, CPCE R124-3)",
        params: creditorIdParams,
        body: mandateInputSchema,
        response: { 201: mandateSchema },
      },
    },
    async (req, reply) => {
      requireAgency(req, ["admin", "manager"]);
      await getCreditor(db, req.params.creditorId);
      return reply
        .status(201)
        .send(toMandateView(await createMandateVersion(db, req.params.creditorId, req.body)));
    },
  );

  app.get(
    "/api/agency/creditors/:creditorId/api-keys",
    {
      schema: {
        tags,
        summary: "List a creditor's API keys",
        params: creditorIdParams,
        response: { 200: z.object({ items: z.array(apiKeySchema) }) },
      },
    },
    async (req) => {
      requireAgency(req, ["admin", "manager"]);
      return { items: await listApiKeys(db, req.params.creditorId) };
    },
  );

  app.post(
    "/api/agency/creditors/:creditorId/api-keys",
    {
      schema: {
        tags,
        summary: "Create an API key for a creditor",
        params: creditorIdParams,
        body: apiKeyInputSchema,
        response: { 201: newApiKeySchema },
      },
    },
    async (req, reply) => {
      const p = requireAgency(req, ["admin", "manager"]);
      await getCreditor(db, req.params.creditorId);
      return reply
        .status(201)
        .send(await createApiKey(db, req.params.creditorId, req.body.name, p.userId, now()));
    },
  );

  app.delete(
    "/api/agency/creditors/:creditorId/api-keys/:keyId",
    {
      schema: {
        tags,
        summary: "Revoke a creditor's API key",
        params: z.object({ creditorId: z.uuid(), keyId: z.uuid() }),
        response: { 200: apiKeySchema },
      },
    },
    async (req) => {
      requireAgency(req, ["admin", "manager"]);
      return revokeApiKey(db, req.params.creditorId, req.params.keyId, now());
    },
  );
}
