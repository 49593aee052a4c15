import { z } from "zod";
import { createApiKey, listApiKeys, revokeApiKey } from "../../platform/auth/api-keys";
import { actorOf, requireCreditor } from "../../platform/http/guards";
import type { App, AppDeps } from "../../platform/http/types";
import { caseDetailSchema, caseListSchema } from "../case-views";
import { createCase } from "../create-case";
import { createCaseSchema } from "../create-case.schema";
import { getCase } from "../get-case";
import { listCases, listCasesQuerySchema } from "../list-cases";
import {
  apiKeyInputSchema,
  apiKeySchema,
  caseIdParams,
  createdCaseSchema,
  createdCaseView,
  newApiKeySchema,
} from "./shared-schemas";

const tags = ["Creditor API"];
const security: Record<string, string[]>[] = [{ apiKey: [] }, { session: [] }];

/** The creditor API v1: an API key or a creditor user, always confined to that creditor's data. */
export function registerCreditorCaseRoutes(app: App, deps: AppDeps): void {
  const { db } = deps.database;

  app.post(
    "/api/v1/cases",
    {
      schema: {
        tags,
        security,
        summary: "Create a case with its debtor and claims (idempotent on externalRef)",
        body: createCaseSchema,
        response: { 201: createdCaseSchema, 200: createdCaseSchema },
      },
    },
    async (req, reply) => {
      const { principal, creditorId } = requireCreditor(req, ["creditor_admin"]);
      const result = await createCase(db, creditorId, req.body, actorOf(principal), deps.clock.now());
      return reply.status(result.created ? 201 : 200).send(createdCaseView(result));
    },
  );

  app.get(
    "/api/v1/cases",
    {
      schema: {
        tags,
        security,
        summary: "List cases",
        querystring: listCasesQuerySchema,
        response: { 200: caseListSchema },
      },
    },
    async (req) => {
      const { scope } = requireCreditor(req);
      return listCases(db, scope, req.query);
    },
  );

  app.get(
    "/api/v1/cases/:caseId",
    {
      schema: {
        tags,
        security,
        summary: "Get a case with its claims, balance and timeline",
        params: caseIdParams,
        response: { 200: caseDetailSchema },
      },
    },
    async (req) => {
      const { scope } = requireCreditor(req);
      return getCase(db, scope, req.params.caseId);
    },
  );

  app.get(
    "/api/v1/api-keys",
    {
      schema: {
        tags,
        summary: "List your API keys",
        response: { 200: z.object({ items: z.array(apiKeySchema) }) },
      },
    },
    async (req) => {
      const { creditorId } = requireCreditor(req, ["creditor_admin"], { allowApiKey: false });
      return { items: await listApiKeys(db, creditorId) };
    },
  );

  app.post(
    "/api/v1/api-keys",
    {
      schema: {
        tags,
        summary: "Create an API key",
        body: apiKeyInputSchema,
        response: { 201: newApiKeySchema },
      },
    },
    async (req, reply) => {
      const { principal, creditorId } = requireCreditor(req, ["creditor_admin"], { allowApiKey: false });
      const userId = principal.kind === "user" ? principal.userId : null;
      return reply
        .status(201)
        .send(await createApiKey(db, creditorId, req.body.name, userId, deps.clock.now()));
    },
  );

  app.delete(
    "/api/v1/api-keys/:keyId",
    {
      schema: {
        tags,
        summary: "Revoke an API key",
        params: z.object({ keyId: z.uuid() }),
        response: { 200: apiKeySchema },
      },
    },
    async (req) => {
      const { creditorId } = requireCreditor(req, ["creditor_admin"], { allowApiKey: false });
      return revokeApiKey(db, creditorId, req.params.keyId, deps.clock.now());
    },
  );
}
