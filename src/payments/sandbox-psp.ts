import { createHmac, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../platform/db/client";
import type { CheckoutRequest, CheckoutSession, Psp, PspEvent } from "./psp";
import { sandboxPspCheckouts } from "./schema";

// The embedded test payment provider: a hosted checkout page served by Relance (/sandbox-psp/…) with
// "pay" and "decline" buttons, which then calls Relance back with a signed webhook exactly as a real
// provider would. It keeps its own books in sandbox_psp_checkouts. No card data is ever asked for.

export function sandboxWebhookSecret(appSecret: string): string {
  return createHmac("sha256", appSecret).update("sandbox-psp-webhook").digest("base64url");
}

export function sandboxPsp(db: Db, publicUrl: string, now: () => Date): Psp {
  return {
    provider: "sandbox",
    async createCheckout(request: CheckoutRequest): Promise<CheckoutSession> {
      const id = `cs_test_${randomBytes(12).toString("hex")}`;
      const [row] = await db
        .insert(sandboxPspCheckouts)
        .values({
          id,
          amountCents: request.amountCents,
          currency: request.currency,
          description: request.description,
          reference: request.reference,
          successUrl: request.successUrl,
          cancelUrl: request.cancelUrl,
          idempotencyKey: request.idempotencyKey,
          status: "open",
          createdAt: now(),
        })
        .onConflictDoNothing()
        .returning({ id: sandboxPspCheckouts.id });
      const sessionId =
        row?.id ??
        (
          await db
            .select({ id: sandboxPspCheckouts.id })
            .from(sandboxPspCheckouts)
            .where(eq(sandboxPspCheckouts.idempotencyKey, request.idempotencyKey))
        )[0]!.id;
      return { sessionId, url: `${publicUrl}/sandbox-psp/checkout/${sessionId}` };
    },
  };
}

/** The sandbox's webhook body: one event per delivery. */
export const sandboxEventSchema = z.object({
  id: z.string().min(1),
  type: z.enum(["checkout.paid", "checkout.declined", "payment.refunded", "payment.charged_back"]),
  created: z.number().int(),
  data: z.object({
    checkoutId: z.string().optional(),
    paymentId: z.string().optional(),
    amount: z.number().int().positive().optional(),
    currency: z.string().length(3).optional(),
    payerName: z.string().optional(),
  }),
});
export type SandboxEvent = z.infer<typeof sandboxEventSchema>;

export function fromSandboxEvent(e: SandboxEvent): PspEvent {
  const base = { provider: "sandbox" as const, eventId: e.id };
  switch (e.type) {
    case "checkout.paid":
      return {
        ...base,
        type: "payment_succeeded",
        sessionId: e.data.checkoutId ?? "",
        paymentRef: e.data.paymentId ?? "",
        amountCents: e.data.amount ?? 0,
        currency: e.data.currency ?? "EUR",
        payerName: e.data.payerName ?? null,
      };
    case "checkout.declined":
      return { ...base, type: "payment_failed", sessionId: e.data.checkoutId ?? "" };
    case "payment.refunded":
    case "payment.charged_back":
      return {
        ...base,
        type: e.type === "payment.refunded" ? "refunded" : "charged_back",
        paymentRef: e.data.paymentId ?? "",
        amountCents: e.data.amount ?? 0,
      };
  }
}

/** Marks the sandbox checkout paid or declined and returns the event it sends back. */
export async function settleSandboxCheckout(
  db: Db,
  checkoutId: string,
  outcome: "paid" | "declined",
  at: Date,
): Promise<{ event: SandboxEvent; redirect: string } | null> {
  const [row] = await db
    .update(sandboxPspCheckouts)
    .set({ status: outcome })
    .where(eq(sandboxPspCheckouts.id, checkoutId))
    .returning();
  if (!row) return null;
  const created = Math.floor(at.getTime() / 1000);
  const event: SandboxEvent =
    outcome === "paid"
      ? {
          id: `evt_${randomBytes(10).toString("hex")}`,
          type: "checkout.paid",
          created,
          data: {
            checkoutId,
            // One payment per checkout: paying twice (double click) names the same payment.
            paymentId: `py_${checkoutId.slice("cs_test_".length)}`,
            amount: row.amountCents,
            currency: row.currency,
          },
        }
      : {
          id: `evt_${randomBytes(10).toString("hex")}`,
          type: "checkout.declined",
          created,
          data: { checkoutId },
        };
  return { event, redirect: outcome === "paid" ? row.successUrl : row.cancelUrl };
}
