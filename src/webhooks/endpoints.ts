import { randomUUID } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../platform/db/client";
import { AppError, notFound } from "../platform/errors";
import { seal } from "../platform/secret-box";
import { type DeliveryOptions, deliverWebhooks, SECRET_PURPOSE } from "./deliver-webhooks";
import { TEST_EVENT_TYPE, WEBHOOK_EVENT_TYPES, type WebhookEnvelope } from "./events";
import { webhookAttempts, webhookDeliveries, webhookEndpoints } from "./schema";
import { newEndpointSecret } from "./sign";

export const endpointInputSchema = z
  .object({
    url: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).max(2000),
    description: z.string().trim().max(200).default(""),
    eventTypes: z
      .array(z.enum(WEBHOOK_EVENT_TYPES))
      .min(1)
      .default([...WEBHOOK_EVENT_TYPES]),
  })
  .meta({
    examples: [{ url: "https://erp.example.com/relance/webhooks", eventTypes: ["payment.received"] }],
  });

export const endpointPatchSchema = z
  .object({
    url: endpointInputSchema.shape.url.optional(),
    description: z.string().trim().max(200).optional(),
    eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1).optional(),
    active: z.boolean().optional(),
  })
  .meta({ examples: [{ active: false }] });

export const endpointViewSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.string()),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const deliveryViewSchema = z.object({
  id: z.uuid(),
  eventId: z.uuid(),
  eventType: z.string(),
  state: z.enum(["pending", "sending", "delivered", "dead"]),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  lastStatus: z.number().int().nullable(),
  lastDurationMs: z.number().int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
});

export type EndpointInput = z.infer<typeof endpointInputSchema>;
export type EndpointPatch = z.infer<typeof endpointPatchSchema>;
export type EndpointView = z.infer<typeof endpointViewSchema>;
export type DeliveryView = z.infer<typeof deliveryViewSchema>;

const toView = (e: typeof webhookEndpoints.$inferSelect): EndpointView => ({
  id: e.id,
  url: e.url,
  description: e.description,
  eventTypes: e.eventTypes,
  active: e.active,
  createdAt: e.createdAt.toISOString(),
  updatedAt: e.updatedAt.toISOString(),
});

/** Creates an endpoint; its signing secret is returned this once and kept only sealed. */
export async function createEndpoint(
  db: Db,
  creditorId: string,
  input: EndpointInput,
  relanceSecret: string,
  now: Date,
): Promise<{ secret: string; endpoint: EndpointView }> {
  const secret = newEndpointSecret();
  const [row] = await db
    .insert(webhookEndpoints)
    .values({
      id: randomUUID(),
      creditorId,
      url: input.url,
      description: input.description,
      secretSealed: seal(relanceSecret, SECRET_PURPOSE, secret),
      eventTypes: input.eventTypes,
      active: true,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return { secret, endpoint: toView(row!) };
}

export async function listEndpoints(db: Db, creditorId: string): Promise<EndpointView[]> {
  const rows = await db
    .select()
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.creditorId, creditorId), isNull(webhookEndpoints.deletedAt)))
    .orderBy(desc(webhookEndpoints.createdAt));
  return rows.map(toView);
}

/** Another creditor's endpoint is simply not found: existence does not leak. */
async function ownEndpoint(db: Db, creditorId: string, endpointId: string) {
  const [row] = await db
    .select()
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.id, endpointId),
        eq(webhookEndpoints.creditorId, creditorId),
        isNull(webhookEndpoints.deletedAt),
      ),
    );
  if (!row) throw notFound("Webhook endpoint");
  return row;
}

export async function updateEndpoint(
  db: Db,
  creditorId: string,
  endpointId: string,
  patch: EndpointPatch,
  now: Date,
): Promise<EndpointView> {
  await ownEndpoint(db, creditorId, endpointId);
  const [row] = await db
    .update(webhookEndpoints)
    .set({ ...patch, updatedAt: now })
    .where(eq(webhookEndpoints.id, endpointId))
    .returning();
  return toView(row!);
}

/** Deleted endpoints stop receiving; their delivery log stays for the record. */
export async function deleteEndpoint(
  db: Db,
  creditorId: string,
  endpointId: string,
  now: Date,
): Promise<void> {
  await ownEndpoint(db, creditorId, endpointId);
  await db
    .update(webhookEndpoints)
    .set({ active: false, deletedAt: now, updatedAt: now })
    .where(eq(webhookEndpoints.id, endpointId));
}

const toDelivery = (d: typeof webhookDeliveries.$inferSelect): DeliveryView => ({
  id: d.id,
  eventId: d.eventId,
  eventType: d.eventType,
  state: d.state,
  attempts: d.attempts,
  maxAttempts: d.maxAttempts,
  lastStatus: d.lastStatus,
  lastDurationMs: d.lastDurationMs,
  lastError: d.lastError,
  nextAttemptAt: d.state === "pending" ? d.nextAttemptAt.toISOString() : null,
  createdAt: d.createdAt.toISOString(),
  deliveredAt: d.deliveredAt?.toISOString() ?? null,
});

/** The latest deliveries to an endpoint, newest first. */
export async function listDeliveries(
  db: Db,
  creditorId: string,
  endpointId: string,
  limit = 50,
): Promise<DeliveryView[]> {
  await ownEndpoint(db, creditorId, endpointId);
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.creditorId, creditorId)))
    .orderBy(desc(webhookDeliveries.createdAt))
    .limit(limit);
  return rows.map(toDelivery);
}

/** The attempts of one delivery (status and duration, never a body). */
export async function listAttempts(db: Db, creditorId: string, deliveryId: string) {
  return db
    .select({
      attempt: webhookAttempts.attempt,
      at: webhookAttempts.at,
      status: webhookAttempts.status,
      durationMs: webhookAttempts.durationMs,
      error: webhookAttempts.error,
    })
    .from(webhookAttempts)
    .where(and(eq(webhookAttempts.deliveryId, deliveryId), eq(webhookAttempts.creditorId, creditorId)))
    .orderBy(webhookAttempts.attempt);
}

/**
 * "Send test delivery": a `webhook.test` event to this endpoint only, tried once while the creditor
 * waits (no retry), and logged like any other delivery.
 */
export async function sendTestDelivery(
  db: Db,
  creditorId: string,
  endpointId: string,
  options: DeliveryOptions,
  now: Date,
): Promise<DeliveryView> {
  const endpoint = await ownEndpoint(db, creditorId, endpointId);
  if (!endpoint.active) throw new AppError("conflict", "This webhook endpoint is disabled");
  const id = randomUUID();
  const eventId = randomUUID();
  const payload: WebhookEnvelope = {
    id: eventId,
    type: TEST_EVENT_TYPE,
    timestamp: now.toISOString(),
    data: { endpointId: endpoint.id, message: "Relance test delivery" },
  };
  await db.insert(webhookDeliveries).values({
    id,
    creditorId,
    endpointId,
    eventId,
    eventType: TEST_EVENT_TYPE,
    payload: payload as unknown as Record<string, unknown>,
    idempotencyKey: `${eventId}:${endpointId}`,
    state: "pending",
    attempts: 0,
    maxAttempts: 1,
    nextAttemptAt: now,
    createdAt: now,
    updatedAt: now,
  });
  await deliverWebhooks(db, now, { ...options, deliveryId: id });
  const [row] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
  return toDelivery(row!);
}
