import type { QueryClient } from "@tanstack/react-query";
import { redirect } from "@tanstack/react-router";
import { type Area, areaOf, homeOf } from "./roles";
import { type Session, sessionQuery } from "./session";

export async function loadSession(queryClient: QueryClient): Promise<Session | null> {
  return queryClient.ensureQueryData(sessionQuery);
}

/**
 * `beforeLoad` of a signed-in area: no session → /login (and back here afterwards);
 * a session of the other area → that area's home, never a page of this one.
 */
export async function requireArea(
  queryClient: QueryClient,
  area: Area,
  location: { href: string },
): Promise<{ session: Session }> {
  const session = await loadSession(queryClient);
  if (!session) throw redirect({ to: "/login", search: { redirect: location.href } });
  if (areaOf(session.user.role) !== area) throw redirect({ to: homeOf(session.user.role) });
  return { session };
}
