// The debtor's portal session (from the identity check) lives in sessionStorage, per link: it survives
// the round trip to the payment page in the same tab and ends with the tab. It travels in the
// x-portal-session header, never in a cookie, so no other site can make the browser use it.

export const PORTAL_SESSION_HEADER = "x-portal-session";
const key = (token: string) => `relance.portal.${token}`;

interface Stored {
  sessionToken: string;
  expiresAt: string;
}

export function readPortalSession(token: string): string | null {
  try {
    const raw = window.sessionStorage.getItem(key(token));
    if (!raw) return null;
    const stored = JSON.parse(raw) as Partial<Stored>;
    if (typeof stored.sessionToken !== "string" || typeof stored.expiresAt !== "string") return null;
    if (new Date(stored.expiresAt).getTime() <= Date.now()) {
      clearPortalSession(token);
      return null;
    }
    return stored.sessionToken;
  } catch {
    return null;
  }
}

export function savePortalSession(token: string, session: Stored): void {
  try {
    window.sessionStorage.setItem(key(token), JSON.stringify(session));
  } catch {
    // Storage refused (private browsing): the session then lasts as long as the page.
  }
}

export function clearPortalSession(token: string): void {
  try {
    window.sessionStorage.removeItem(key(token));
  } catch {
    // Nothing to clear.
  }
}
