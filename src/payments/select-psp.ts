import type { AppDeps } from "../platform/http/types";
import type { Psp } from "./psp";
import { sandboxPsp } from "./sandbox-psp";

/** The configured payment provider; the embedded sandbox until Stripe credentials are set. */
export function selectPsp(deps: AppDeps): Psp {
  return sandboxPsp(deps.database.db, deps.config.publicUrl, () => deps.clock.now());
}
