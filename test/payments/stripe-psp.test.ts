import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM } from "../../src/cases/timeline";
import { createPaymentLink } from "../../src/payments/payment-links";
import { payments } from "../../src/payments/schema";
import { selectPsp } from "../../src/payments/select-psp";
import { stripePsp } from "../../src/payments/stripe-psp";
import { loadConfig } from "../../src/platform/config";
import { createLogger } from "../../src/platform/logger";
import { createTestApp, type TestApp } from "../helpers/app";
import { makeCase } from "./fixtures";
import { type StripeDouble, startStripeDouble } from "./stripe-double";

const SECRET_KEY = "sk_test_relance_double_0123456789";
const WEBHOOK_SECRET = "whsec_relance_double_0123456789";
let t: TestApp;
let stripe: StripeDouble;
let now = () => new Date();

beforeAll(async () => {
  stripe = await startStripeDouble({
    secretKey: SECRET_KEY,
    webhookSecret: WEBHOOK_SECRET,
    now: () => now(),
  });
  t = await createTestApp({
    STRIPE_SECRET_KEY: SECRET_KEY,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_URL: stripe.url,
  });
  now = () => t.clock.now();
  const address = await t.app.listen({ port: 0, host: "127.0.0.1" });
  stripe.webhookUrl = `${address}/webhooks/stripe`;
});
afterAll(async () => {
  await t?.close();
  await stripe?.close();
});

async function openCheckout(ref: string, amountCents = 30_000) {
  const { caseId } = await makeCase(t, ref);
  const deps = {
    db: t.database.db,
    psp: stripePsp({ apiUrl: stripe.url, secretKey: SECRET_KEY }),
    publicUrl: "http://relance.test",
  };
  const link = await createPaymentLink(deps, { caseId, amountCents }, SYSTEM, t.clock.now());
  const session = [...stripe.sessions.values()].find(
    (s) => s.params.get("metadata[payment_link_id]") === link.paymentLinkId,
  )!;
  return { caseId, link, session };
}

async function paymentsOf(caseId: string) {
  return t.database.db.select().from(payments).where(eq(payments.caseId, caseId));
}

describe("Stripe adapter", () => {
  it("opens a Checkout Session with the amount, the case in metadata and an idempotency key", async () => {
    const { caseId, link, session } = await openCheckout("STRIPE-1", 25_000);
    expect(session.params.get("mode")).toBe("payment");
    expect(session.params.get("line_items[0][price_data][unit_amount]")).toBe("25000");
    expect(session.params.get("line_items[0][price_data][currency]")).toBe("eur");
    expect(session.params.get("metadata[case_id]")).toBe(caseId);
    expect(session.params.get("metadata[reference]")).toMatch(/^RF\d{2}/);
    expect(session.idempotencyKey).toBe(`payment-link:${link.paymentLinkId}`);
    expect(link.checkoutUrl).toBe(`https://checkout.stripe.test/c/pay/${session.id}`);
    expect(stripe.requests.at(-1)?.auth).toBe(`Bearer ${SECRET_KEY}`);
  });

  it("is the provider selected when STRIPE_SECRET_KEY is set, the sandbox otherwise", () => {
    const deps = (env: Record<string, string>) => ({
      config: loadConfig({ NODE_ENV: "test", RELANCE_SECRET: "x".repeat(40), ...env }),
      database: t.database,
      clock: t.clock,
      logger: createLogger({ level: "silent" }),
    });
    expect(selectPsp(deps({ STRIPE_SECRET_KEY: SECRET_KEY, STRIPE_API_URL: stripe.url })).provider).toBe(
      "stripe",
    );
    expect(selectPsp(deps({})).provider).toBe("sandbox");
  });

  it("gets the same session back when a request is retried with its idempotency key", async () => {
    const adapter = stripePsp({ apiUrl: stripe.url, secretKey: SECRET_KEY });
    const request = {
      paymentLinkId: "00000000-0000-4000-8000-000000000001",
      caseId: "00000000-0000-4000-8000-000000000002",
      amountCents: 1000,
      currency: "EUR",
      description: "Dossier X",
      reference: "RF18539007547034",
      successUrl: "http://relance.test/ok",
      cancelUrl: "http://relance.test/ko",
      idempotencyKey: "payment-link:retry-test",
    };
    const first = await adapter.createCheckout(request);
    const again = await adapter.createCheckout(request);
    expect(again.sessionId).toBe(first.sessionId);
    await expect(adapter.createCheckout({ ...request, amountCents: 2000 })).rejects.toThrow(/refused/);
    const wrongKey = stripePsp({ apiUrl: stripe.url, secretKey: "sk_test_wrong" });
    await expect(wrongKey.createCheckout({ ...request, idempotencyKey: "k2" })).rejects.toThrow(/401/);
  });

  it("applies a completed checkout once, however often Stripe delivers it", async () => {
    const { caseId, session } = await openCheckout("STRIPE-2", 30_000);
    const event = stripe.completed(session.id);
    const first = await stripe.deliver(event.body);
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body).outcome).toBe("applied");
    const second = await stripe.deliver(event.body);
    expect(JSON.parse(second.body).outcome).toBe("duplicate");
    // Stripe may also send a second event (new id) for the same payment: still one payment.
    const third = await stripe.deliver(stripe.completed(session.id).body);
    expect(third.status).toBe(200);
    const rows = await paymentsOf(caseId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      provider: "stripe",
      providerRef: session.paymentIntent,
      amountCents: 30_000,
    });
    expect(rows[0]!.payerName).toBe("Jeanne Martin");
  });

  it("refuses badly signed, stale or unsigned deliveries and applies nothing", async () => {
    const { caseId, session } = await openCheckout("STRIPE-3");
    const event = stripe.completed(session.id);
    expect((await stripe.deliver(event.body, { secret: "whsec_someone_else" })).status).toBe(401);
    const stale = Math.floor(t.clock.now().getTime() / 1000) - 3600;
    expect((await stripe.deliver(event.body, { timestamp: stale })).status).toBe(401);
    expect((await stripe.deliver(event.body, { header: "garbage" })).status).toBe(401);
    const tampered = event.body.replace('"amount_total":30000', '"amount_total":1');
    const good = await stripe.deliver(event.body);
    expect(good.status).toBe(200);
    expect((await stripe.deliver(tampered, { header: "t=1,v1=00" })).status).toBe(401);
    expect((await paymentsOf(caseId)).map((p) => p.amountCents)).toEqual([30_000]);
  });

  it("asks Stripe to retry a refund that arrives before its payment, then applies it", async () => {
    const { caseId, session } = await openCheckout("STRIPE-4", 30_000);
    const refund = stripe.refunded(session.id, 10_000);
    expect((await stripe.deliver(refund.body)).status).toBe(409);
    expect((await stripe.deliver(stripe.completed(session.id).body)).status).toBe(200);
    const retried = await stripe.deliver(refund.body);
    expect(JSON.parse(retried.body).outcome).toBe("applied");
    expect((await stripe.deliver(refund.body)).status).toBe(200);
    const [p] = await paymentsOf(caseId);
    expect(p!.reversedCents).toBe(10_000);
    expect(p!.status).toBe("partially_refunded");
  });

  it("reverses only what is new when refund totals arrive out of order", async () => {
    const { caseId, session } = await openCheckout("STRIPE-5", 30_000);
    await stripe.deliver(stripe.completed(session.id).body);
    const firstRefund = stripe.refunded(session.id, 5_000);
    const secondRefund = stripe.refunded(session.id, 12_000);
    expect(JSON.parse((await stripe.deliver(secondRefund.body)).body).outcome).toBe("applied");
    expect(JSON.parse((await stripe.deliver(firstRefund.body)).body).outcome).toBe("duplicate");
    const [p] = await paymentsOf(caseId);
    expect(p!.reversedCents).toBe(12_000);
  });

  it("reverses a disputed payment as a chargeback", async () => {
    const { caseId, session } = await openCheckout("STRIPE-6", 30_000);
    await stripe.deliver(stripe.completed(session.id).body);
    const dispute = stripe.disputed(session.id, 30_000);
    expect(JSON.parse((await stripe.deliver(dispute.body)).body).outcome).toBe("applied");
    expect(JSON.parse((await stripe.deliver(dispute.body)).body).outcome).toBe("duplicate");
    const [p] = await paymentsOf(caseId);
    expect(p!.status).toBe("charged_back");
    expect(p!.reversedCents).toBe(30_000);
  });

  it("acknowledges event types it does not use", async () => {
    const other = stripe.event("customer.created", { id: "cus_1", object: "customer" });
    const res = await stripe.deliver(other.body);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).outcome).toBe("ignored");
  });
});
