import { queryOptions, useSuspenseQuery } from "@tanstack/react-query";
import { api, isApiError, setCsrfToken } from "../../shared/api";
import type { AppLanguage } from "../../shared/format";
import type { Role } from "./roles";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  creditorId: string | null;
  locale: AppLanguage;
}

export interface Session {
  user: SessionUser;
  csrfToken: string;
}

export const SESSION_KEY = ["session"] as const;

/** The signed-in session, or null when nobody is signed in (401). */
export async function fetchSession(): Promise<Session | null> {
  try {
    const session = await api.get<Session>("/api/auth/me", { redirectOn401: false });
    setCsrfToken(session.csrfToken);
    return session;
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export const sessionQuery = queryOptions({
  queryKey: SESSION_KEY,
  queryFn: fetchSession,
  staleTime: 5 * 60_000,
  retry: false,
});

/** The current session; route guards have loaded it before any signed-in page renders. */
export function useSession(): Session | null {
  return useSuspenseQuery(sessionQuery).data;
}

/** The signed-in user, for pages behind a guard. */
export function useUser(): SessionUser {
  const session = useSession();
  if (!session) throw new Error("useUser() used outside a guarded route");
  return session.user;
}
