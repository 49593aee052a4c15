import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { signPayload } from "../payments/webhook-signature";

// Two headers carry the same proof, so a creditor verifies with whichever library it has:
// - Standard Webhooks (DESIGN.md contract): `webhook-id`, `webhook-timestamp` and `webhook-signature:
//   v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>" keyed with the base64 part of the secret>`;
// - `Relance-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with the whole
//   secret string>`, the scheme Stripe documents (src/payments/webhook-signature.ts verifies it).

export const SECRET_PREFIX = "whsec_";

/** 192 bits, in the `whsec_<base64>` form Standard Webhooks libraries expect. */
export function newEndpointSecret(): string {
  return SECRET_PREFIX + randomBytes(24).toString("base64");
}

export function signatureHeaders(
  secret: string,
  eventId: string,
  body: string,
  signedAt: Date,
): Record<string, string> {
  const seconds = Math.floor(signedAt.getTime() / 1000);
  return {
    "webhook-id": eventId,
    "webhook-timestamp": String(seconds),
    "webhook-signature": new Webhook(secret).sign(eventId, signedAt, body),
    "relance-signature": signPayload(secret, body, seconds),
  };
}
