import type { AppDeps } from "../platform/http/types";
import type { Psp } from "./psp";
import { sandboxPsp } from "./sandbox-psp";
import { stripePsp } from "./stripe-psp";

/** The configured payment provider: Stripe when STRIPE_SECRET_KEY is set, else the embedded sandbox. */
export function selectPsp(deps: AppDeps): Psp {
  const stripe = deps.config.providers.stripe;
  if (stripe.secretKey) return stripePsp({ apiUrl: stripe.apiUrl, secretKey: stripe.secretKey });
  return sandboxPsp(deps.database.db, deps.config.publicUrl, () => deps.clock.now());
}
