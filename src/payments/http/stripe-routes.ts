import { documentStore } from "../../cases/documents";
import { AppError } from "../../platform/errors";
import type { App, AppDeps } from "../../platform/http/types";
import { handlePspEvent } from "../handle-psp-event";
import { fromStripeEvent, stripeEventSchema } from "../stripe-psp";
import { verifySignature } from "../webhook-signature";

/**
 * Stripe's webhook endpoint. The signature covers the exact bytes received (`${t}.${body}`), so the
 * body is kept as a string; a delivery outside the tolerance, badly signed or not an event is refused
 * before anything is read from it. Unknown event types are acknowledged so Stripe stops retrying.
 */
export function registerStripeRoutes(app: App, deps: AppDeps): void {
  const secret = deps.config.providers.stripe.webhookSecret;
  const paymentDeps = { db: deps.database.db, documents: documentStore(deps.config.dataDir) };
  app.register(async (raw) => {
    raw.removeContentTypeParser("application/json");
    raw.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) =>
      done(null, body),
    );
    raw.post("/webhooks/stripe", { schema: { hide: true } }, async (req, reply) => {
      if (!secret) throw new AppError("not_found", "Stripe is not configured");
      const payload = typeof req.body === "string" ? req.body : "";
      const header = req.headers["stripe-signature"];
      const check = verifySignature(
        secret,
        typeof header === "string" ? header : undefined,
        payload,
        deps.clock.now(),
      );
      if (!check.ok) throw new AppError("unauthenticated", `Webhook signature refused (${check.reason})`);
      let json: unknown;
      try {
        json = JSON.parse(payload);
      } catch {
        throw new AppError("bad_request", "Not a Stripe event");
      }
      const parsed = stripeEventSchema.safeParse(json);
      if (!parsed.success) throw new AppError("bad_request", "Not a Stripe event");
      let event: ReturnType<typeof fromStripeEvent>;
      try {
        event = fromStripeEvent(parsed.data);
      } catch {
        throw new AppError("bad_request", `Unexpected ${parsed.data.type} payload`);
      }
      const outcome = await handlePspEvent(paymentDeps, event, deps.clock.now());
      return reply.send({ received: true, outcome });
    });
  });
}
