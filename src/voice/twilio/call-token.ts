import { createHmac, timingSafeEqual } from "node:crypto";

// The media stream's `start` message carries this token as a <Parameter>: it names the call and is
// signed with the deployment secret, so a socket that did not come from a call we placed is dropped
// before it hears anything (a stream URL is public and takes no query string).

const PREFIX = "relance-call:";

function mac(secret: string, callId: string): string {
  return createHmac("sha256", secret)
    .update(PREFIX + callId)
    .digest("base64url");
}

export function signCallToken(secret: string, callId: string): string {
  return `${callId}.${mac(secret, callId)}`;
}

/** The call id when the token is ours, otherwise null. */
export function verifyCallToken(secret: string, token: unknown): string | null {
  if (typeof token !== "string") return null;
  const dot = token.lastIndexOf(".");
  if (dot <= 0) return null;
  const callId = token.slice(0, dot);
  const expected = Buffer.from(mac(secret, callId));
  const given = Buffer.from(token.slice(dot + 1));
  return expected.length === given.length && timingSafeEqual(expected, given) ? callId : null;
}
