// Who is asking: the agency sees every creditor; a creditor user or API key sees only its own.
export type Scope = { kind: "agency" } | { kind: "creditor"; creditorId: string };

export const AGENCY_SCOPE: Scope = { kind: "agency" };

export function creditorScope(creditorId: string): Scope {
  return { kind: "creditor", creditorId };
}

export function canSee(scope: Scope, creditorId: string): boolean {
  return scope.kind === "agency" || scope.creditorId === creditorId;
}
