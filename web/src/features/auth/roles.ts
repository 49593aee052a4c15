// Mirrors src/platform/auth/roles.ts.
export const AGENCY_ROLES = ["admin", "manager", "agent"] as const;
export const CREDITOR_ROLES = ["creditor_admin", "creditor_viewer"] as const;

export const ROLES = [...AGENCY_ROLES, ...CREDITOR_ROLES] as const;

export type AgencyRole = (typeof AGENCY_ROLES)[number];
export type CreditorRole = (typeof CREDITOR_ROLES)[number];
export type Role = AgencyRole | CreditorRole;

/** Which signed-in area a role belongs to. */
export type Area = "backoffice" | "creditor";

export function isAgencyRole(role: string): role is AgencyRole {
  return (AGENCY_ROLES as readonly string[]).includes(role);
}

export function isCreditorRole(role: string): role is CreditorRole {
  return (CREDITOR_ROLES as readonly string[]).includes(role);
}

export function areaOf(role: Role): Area {
  return isAgencyRole(role) ? "backoffice" : "creditor";
}

export function homeOf(role: Role): "/backoffice" | "/creditor" {
  return areaOf(role) === "backoffice" ? "/backoffice" : "/creditor";
}

/**
 * Where to go after login: the page the user asked for when it belongs to their area, else their
 * home. Only same-site paths are followed, so a crafted `?redirect=` cannot send anyone away.
 */
export function landingFor(role: Role, requested: string | undefined): string {
  const home = homeOf(role);
  if (!requested?.startsWith("/") || requested.startsWith("//")) return home;
  return requested === home || requested.startsWith(`${home}/`) ? requested : home;
}
