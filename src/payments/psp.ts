import type { PaymentProvider } from "./schema";

// A payment service provider as the payments context sees it: it opens a hosted checkout (card data
// never reaches Relance) and later tells us, by a signed webhook, what happened. Adapters turn their
// provider's webhooks into PspEvent; handle-psp-event.ts applies them.

export interface CheckoutRequest {
  paymentLinkId: string;
  /** Carried in the provider's metadata so a payment can be traced to its case from the provider side. */
  caseId?: string;
  amountCents: number;
  currency: string;
  description: string;
  /** Printed on the provider's page and statement: the case's RF reference. */
  reference: string;
  successUrl: string;
  cancelUrl: string;
  /** The same key always yields the same checkout, so a retried request never opens two. */
  idempotencyKey: string;
}

export interface CheckoutSession {
  sessionId: string;
  url: string;
}

export interface Psp {
  readonly provider: PaymentProvider;
  createCheckout(request: CheckoutRequest): Promise<CheckoutSession>;
}

export type PspEvent =
  | {
      type: "payment_succeeded";
      provider: PaymentProvider;
      eventId: string;
      sessionId: string;
      paymentRef: string;
      amountCents: number;
      currency: string;
      payerName?: string | null;
    }
  | { type: "payment_failed"; provider: PaymentProvider; eventId: string; sessionId: string }
  | {
      type: "refunded" | "charged_back";
      provider: PaymentProvider;
      eventId: string;
      paymentRef: string;
      amountCents: number;
      /** The provider reports the running total reversed so far (Stripe's amount_refunded). */
      cumulative?: boolean;
    }
  | { type: "ignored"; provider: PaymentProvider; eventId: string; providerType: string };
