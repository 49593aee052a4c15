import { z } from "zod";
import { AppError } from "../platform/errors";
import type { CheckoutRequest, CheckoutSession, Psp, PspEvent } from "./psp";

// Stripe as a payment provider: a hosted Checkout Session per payment link (card data stays at
// Stripe) and signed webhooks. Plain REST with fetch, form-encoded as Stripe's API expects, so the
// adapter runs unchanged against a local double in tests (STRIPE_API_URL).

export interface StripeOptions {
  apiUrl: string;
  secretKey: string;
  fetch?: typeof fetch;
}

/** Stripe's nested form encoding: `line_items[0][price_data][currency]=eur`. */
export function formEncode(value: Record<string, unknown>, prefix = ""): URLSearchParams {
  const out = new URLSearchParams();
  const walk = (v: unknown, key: string) => {
    if (v === undefined || v === null) return;
    if (Array.isArray(v)) {
      for (const [i, item] of v.entries()) walk(item, `${key}[${i}]`);
    } else if (typeof v === "object")
      for (const [k, inner] of Object.entries(v)) walk(inner, key ? `${key}[${k}]` : k);
    else out.append(key, String(v));
  };
  walk(value, prefix);
  return out;
}

const sessionResponse = z.object({ id: z.string().min(1), url: z.string().nullable().optional() });

export function stripePsp(options: StripeOptions): Psp {
  const doFetch = options.fetch ?? fetch;
  return {
    provider: "stripe",
    async createCheckout(request: CheckoutRequest): Promise<CheckoutSession> {
      const metadata = {
        payment_link_id: request.paymentLinkId,
        case_id: request.caseId ?? "",
        reference: request.reference,
      };
      const body = formEncode({
        mode: "payment",
        client_reference_id: request.paymentLinkId,
        success_url: request.successUrl,
        cancel_url: request.cancelUrl,
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: request.currency.toLowerCase(),
              unit_amount: request.amountCents,
              product_data: { name: request.description },
            },
          },
        ],
        metadata,
        payment_intent_data: { description: `${request.description} ${request.reference}`, metadata },
      });
      let res: Response;
      try {
        res = await doFetch(`${options.apiUrl.replace(/\/$/, "")}/v1/checkout/sessions`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${options.secretKey}`,
            "content-type": "application/x-www-form-urlencoded",
            // Stripe replays the first answer for a repeated key: a retried request opens one session.
            "idempotency-key": request.idempotencyKey,
          },
          body: body.toString(),
        });
      } catch {
        throw new AppError("provider_unavailable", "The payment provider cannot be reached; try again");
      }
      const text = await res.text();
      if (!res.ok) {
        // Stripe's error body names a type and a message; neither carries card data.
        let detail = "";
        try {
          detail = String((JSON.parse(text) as { error?: { type?: string } }).error?.type ?? "");
        } catch {}
        throw new AppError(
          "unprocessable",
          `The payment provider refused the checkout (${res.status} ${detail})`,
        );
      }
      const session = sessionResponse.parse(JSON.parse(text));
      if (!session.url) throw new AppError("unprocessable", "The payment provider gave no checkout page");
      return { sessionId: session.id, url: session.url };
    },
  };
}

// Webhook events: only the fields Relance reads. Stripe adds fields freely; zod objects pass them.
const checkoutSession = z.object({
  id: z.string(),
  payment_intent: z.string().nullable().optional(),
  amount_total: z.number().int().nullable().optional(),
  currency: z.string().nullable().optional(),
  payment_status: z.string().optional(),
  customer_details: z.object({ name: z.string().nullable().optional() }).nullable().optional(),
});
const charge = z.object({
  id: z.string(),
  payment_intent: z.string().nullable().optional(),
  amount_refunded: z.number().int(),
});
const dispute = z.object({
  id: z.string(),
  charge: z.string().optional(),
  payment_intent: z.string().nullable().optional(),
  amount: z.number().int(),
});

export const stripeEventSchema = z.object({
  id: z.string().min(1),
  object: z.literal("event"),
  type: z.string(),
  created: z.number().int(),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});
export type StripeEvent = z.infer<typeof stripeEventSchema>;

/** Turns a verified Stripe event into the payments context's event; anything else is "ignored". */
export function fromStripeEvent(e: StripeEvent): PspEvent {
  const base = { provider: "stripe" as const, eventId: e.id };
  switch (e.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded": {
      const s = checkoutSession.parse(e.data.object);
      // A delayed method (SEPA debit) completes the session unpaid; its async_payment_succeeded pays.
      if (s.payment_status !== "paid" || !s.payment_intent)
        return { ...base, type: "ignored", providerType: e.type };
      return {
        ...base,
        type: "payment_succeeded",
        sessionId: s.id,
        paymentRef: s.payment_intent,
        amountCents: s.amount_total ?? 0,
        currency: (s.currency ?? "eur").toUpperCase(),
        payerName: s.customer_details?.name ?? null,
      };
    }
    case "checkout.session.expired":
    case "checkout.session.async_payment_failed":
      return { ...base, type: "payment_failed", sessionId: checkoutSession.parse(e.data.object).id };
    case "charge.refunded": {
      const c = charge.parse(e.data.object);
      if (!c.payment_intent) return { ...base, type: "ignored", providerType: e.type };
      // amount_refunded is the charge's running total: the handler reverses only what is new.
      return {
        ...base,
        type: "refunded",
        paymentRef: c.payment_intent,
        amountCents: c.amount_refunded,
        cumulative: true,
      };
    }
    case "charge.dispute.created": {
      const d = dispute.parse(e.data.object);
      if (!d.payment_intent) return { ...base, type: "ignored", providerType: e.type };
      return { ...base, type: "charged_back", paymentRef: d.payment_intent, amountCents: d.amount };
    }
    default:
      return { ...base, type: "ignored", providerType: e.type };
  }
}
