import type { FastifyRequest } from "fastify";
import type { AgencyRole, CreditorRole, Principal } from "../auth/roles";
import { creditorScope, type Scope } from "../auth/scope";
import { AppError } from "../errors";

// Route guards. A creditor principal reaching an agency route gets 403; another creditor's ids are
// answered 404 by the use cases themselves (they filter by creditor_id), so nothing leaks existence.

export function requirePrincipal(req: FastifyRequest): Principal {
  if (!req.principal) throw new AppError("unauthenticated", "Authentication required");
  return req.principal;
}

export function requireAgency(
  req: FastifyRequest,
  roles: readonly AgencyRole[] = ["admin", "manager", "agent"],
) {
  const p = requirePrincipal(req);
  if (p.kind !== "user" || p.creditorId !== null || !roles.includes(p.role)) {
    throw new AppError("forbidden", "This action is reserved to agency staff with the right role");
  }
  return p;
}

/** A creditor user or API key; returns the scope that confines every query to that creditor. */
export function requireCreditor(
  req: FastifyRequest,
  roles: readonly CreditorRole[] = ["creditor_admin", "creditor_viewer"],
  options: { allowApiKey?: boolean } = { allowApiKey: true },
): { principal: Principal; scope: Scope; creditorId: string } {
  const p = requirePrincipal(req);
  if (p.kind === "api_key") {
    if (!options.allowApiKey)
      throw new AppError("forbidden", "This action needs a logged-in creditor administrator");
    return { principal: p, scope: creditorScope(p.creditorId), creditorId: p.creditorId };
  }
  if (p.creditorId === null || !roles.includes(p.role)) {
    throw new AppError("forbidden", "This action is reserved to the creditor's users with the right role");
  }
  return { principal: p, scope: creditorScope(p.creditorId), creditorId: p.creditorId };
}

export function actorOf(p: Principal): { type: "user" | "api_key"; id: string } {
  return p.kind === "api_key" ? { type: "api_key", id: p.keyId } : { type: "user", id: p.userId };
}
