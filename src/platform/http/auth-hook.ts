import { timingSafeEqual } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { authenticateApiKey } from "../auth/api-keys";
import { authenticateSession } from "../auth/sessions";
import { AppError } from "../errors";
import type { AppDeps } from "./types";

export const SESSION_COOKIE = "relance_session";
export const CSRF_HEADER = "x-csrf-token";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Resolves who is calling. API keys come as `Authorization: Bearer rl_live_…`; browsers carry the
 * session cookie and, on every state-changing request, the CSRF token in a header (synchroniser token:
 * a cross-site form cannot read it, so it cannot send it).
 */
export function makeAuthHook(deps: AppDeps) {
  return async (req: FastifyRequest): Promise<void> => {
    req.principal = null;
    req.sessionToken = null;
    const auth = req.headers.authorization;
    if (auth) {
      const [scheme, key] = auth.split(" ");
      if (scheme?.toLowerCase() !== "bearer" || !key) {
        throw new AppError("invalid_api_key", "Authorization must be 'Bearer <API key>'");
      }
      const principal = await authenticateApiKey(deps.database.db, key, deps.clock.now());
      if (!principal) throw new AppError("invalid_api_key", "The API key is unknown or revoked");
      req.principal = principal;
      return;
    }
    const token = req.cookies[SESSION_COOKIE];
    if (!token) return;
    const session = await authenticateSession(deps.database.db, token, deps.clock.now());
    if (!session) return;
    if (!SAFE_METHODS.has(req.method) && !sameToken(req.headers[CSRF_HEADER], session.principal)) {
      throw new AppError("csrf_failed", `Missing or wrong ${CSRF_HEADER} header`);
    }
    req.principal = session.principal;
    req.sessionToken = token;
  };
}

function sameToken(
  header: string | string[] | undefined,
  principal: { kind: string; csrfToken?: string },
): boolean {
  if (typeof header !== "string" || principal.kind !== "user" || !principal.csrfToken) return false;
  const a = Buffer.from(header);
  const b = Buffer.from(principal.csrfToken);
  return a.length === b.length && timingSafeEqual(a, b);
}
