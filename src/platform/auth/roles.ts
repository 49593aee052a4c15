export const AGENCY_ROLES = ["admin", "manager", "agent"] as const;
export const CREDITOR_ROLES = ["creditor_admin", "creditor_viewer"] as const;
export const ROLES = [...AGENCY_ROLES, ...CREDITOR_ROLES] as const;

export type AgencyRole = (typeof AGENCY_ROLES)[number];
export type CreditorRole = (typeof CREDITOR_ROLES)[number];
export type Role = (typeof ROLES)[number];

export function isAgencyRole(role: string): role is AgencyRole {
  return (AGENCY_ROLES as readonly string[]).includes(role);
}

export function isCreditorRole(role: string): role is CreditorRole {
  return (CREDITOR_ROLES as readonly string[]).includes(role);
}

/** Who is behind a request: a logged-in user or a creditor's API key. */
export type Principal =
  | { kind: "user"; userId: string; role: AgencyRole; creditorId: null; csrfToken: string }
  | { kind: "user"; userId: string; role: CreditorRole; creditorId: string; csrfToken: string }
  | { kind: "api_key"; keyId: string; role: "creditor_admin"; creditorId: string };
