import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { getCreditor } from "../../cases/creditors";
import { requireAgency, requireCreditor } from "../../platform/http/guards";
import type { App, AppDeps } from "../../platform/http/types";
import {
  createEndpoint,
  deleteEndpoint,
  deliveryViewSchema,
  endpointInputSchema,
  endpointPatchSchema,
  endpointViewSchema,
  listDeliveries,
  listEndpoints,
  sendTestDelivery,
  updateEndpoint,
} from "../endpoints";

const newEndpointSchema = z.object({
  secret: z.string().describe("The signing secret, shown this once"),
  endpoint: endpointViewSchema,
});
const endpointParams = z.object({ endpointId: z.uuid() });
const agencyParams = z.object({ creditorId: z.uuid() });
const agencyEndpointParams = agencyParams.extend({ endpointId: z.uuid() });

/**
 * Webhook endpoints, for a creditor (its administrators or API keys; viewers read) under /api/v1 and for
 * agency administrators under /api/agency/creditors/:creditorId. Each route is the same use case,
 * confined to one creditor.
 */
export function registerWebhookRoutes(app: App, deps: AppDeps): void {
  const { db } = deps.database;
  const now = () => deps.clock.now();
  const delivery = { secret: deps.config.secret };
  // The creditor whose endpoints a request may touch: its own for a creditor principal (viewers only
  // read), the one named in the path for an agency administrator.
  const creditorFor = async (
    req: FastifyRequest,
    scope: "creditor" | "agency",
    write: boolean,
  ): Promise<string> => {
    if (scope === "creditor") {
      return requireCreditor(req, write ? ["creditor_admin"] : ["creditor_admin", "creditor_viewer"])
        .creditorId;
    }
    requireAgency(req, ["admin"]);
    const { creditorId } = req.params as { creditorId: string };
    await getCreditor(db, creditorId);
    return creditorId;
  };

  for (const scope of ["creditor", "agency"] as const) {
    const base =
      scope === "creditor"
        ? "/api/v1/webhook-endpoints"
        : "/api/agency/creditors/:creditorId/webhook-endpoints";
    const tags = scope === "creditor" ? ["Creditor API"] : ["Agency"];
    const params = scope === "creditor" ? endpointParams : agencyEndpointParams;
    const read = (req: FastifyRequest) => creditorFor(req, scope, false);
    const write = (req: FastifyRequest) => creditorFor(req, scope, true);

    app.get(
      base,
      {
        schema: {
          tags,
          summary: "List webhook endpoints",
          ...(scope === "agency" ? { params: agencyParams } : {}),
          response: { 200: z.object({ items: z.array(endpointViewSchema) }) },
        },
      },
      async (req) => ({ items: await listEndpoints(db, await read(req)) }),
    );

    app.post(
      base,
      {
        schema: {
          tags,
          summary: "Create a webhook endpoint (the signing secret is returned once)",
          ...(scope === "agency" ? { params: agencyParams } : {}),
          body: endpointInputSchema,
          response: { 201: newEndpointSchema },
        },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(await createEndpoint(db, await write(req), req.body, deps.config.secret, now())),
    );

    app.patch(
      `${base}/:endpointId`,
      {
        schema: {
          tags,
          summary: "Change a webhook endpoint (URL, events, active)",
          params,
          body: endpointPatchSchema,
          response: { 200: endpointViewSchema },
        },
      },
      async (req) => updateEndpoint(db, await write(req), req.params.endpointId, req.body, now()),
    );

    app.delete(
      `${base}/:endpointId`,
      {
        schema: { tags, summary: "Delete a webhook endpoint", params, response: { 204: z.null() } },
      },
      async (req, reply) => {
        await deleteEndpoint(db, await write(req), req.params.endpointId, now());
        return reply.status(204).send(null);
      },
    );

    app.get(
      `${base}/:endpointId/deliveries`,
      {
        schema: {
          tags,
          summary: "The endpoint's latest deliveries (status, attempts, HTTP status, duration)",
          params,
          response: { 200: z.object({ items: z.array(deliveryViewSchema) }) },
        },
      },
      async (req) => ({ items: await listDeliveries(db, await read(req), req.params.endpointId) }),
    );

    app.post(
      `${base}/:endpointId/test`,
      {
        schema: {
          tags,
          summary: "Send a signed test delivery now and return its result",
          params,
          response: { 200: deliveryViewSchema },
        },
      },
      async (req) => sendTestDelivery(db, await write(req), req.params.endpointId, delivery, now()),
    );
  }
}
