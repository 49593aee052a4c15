import { z } from "zod";
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
  const reader = (req: Parameters<typeof requireCreditor>[0]) => requireCreditor(req).creditorId;
  const writer = (req: Parameters<typeof requireCreditor>[0]) =>
    requireCreditor(req, ["creditor_admin"]).creditorId;
  const agencyAdmin = (req: Parameters<typeof requireAgency>[0], creditorId: string) => {
    requireAgency(req, ["admin"]);
    return creditorId;
  };

  for (const scope of ["creditor", "agency"] as const) {
    const base =
      scope === "creditor"
        ? "/api/v1/webhook-endpoints"
        : "/api/agency/creditors/:creditorId/webhook-endpoints";
    const tags = scope === "creditor" ? ["Creditor API"] : ["Agency"];
    const params = scope === "creditor" ? endpointParams : agencyEndpointParams;
    // biome-ignore lint/suspicious/noExplicitAny: the two param shapes share the endpointId field
    const read = (req: any) => (scope === "creditor" ? reader(req) : agencyAdmin(req, req.params.creditorId));
    // biome-ignore lint/suspicious/noExplicitAny: idem
    const write = (req: any) =>
      scope === "creditor" ? writer(req) : agencyAdmin(req, req.params.creditorId);

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
      async (req) => ({ items: await listEndpoints(db, read(req)) }),
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
        reply.status(201).send(await createEndpoint(db, write(req), req.body, deps.config.secret, now())),
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
      async (req) => updateEndpoint(db, write(req), req.params.endpointId, req.body, now()),
    );

    app.delete(
      `${base}/:endpointId`,
      {
        schema: { tags, summary: "Delete a webhook endpoint", params, response: { 204: z.null() } },
      },
      async (req, reply) => {
        await deleteEndpoint(db, write(req), req.params.endpointId, now());
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
      async (req) => ({ items: await listDeliveries(db, read(req), req.params.endpointId) }),
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
      async (req) => sendTestDelivery(db, write(req), req.params.endpointId, delivery, now()),
    );
  }
}
