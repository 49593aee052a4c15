import { createHmac, timingSafeEqual } from "node:crypto";

// The "t=<unix seconds>,v1=<hex HMAC-SHA256 of `${t}.${raw body}`>" header scheme Stripe documents for
// its webhooks. The embedded sandbox provider signs the same way, so both go through one verifier.

export const DEFAULT_TOLERANCE_SECONDS = 300;

export function signPayload(secret: string, payload: string, timestamp: number): string {
  const v1 = createHmac("sha256", secret).update(`${timestamp}.${payload}`, "utf8").digest("hex");
  return `t=${timestamp},v1=${v1}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: "malformed" | "mismatch" | "too_old" };

/**
 * Checks the header against the raw body: any `v1` may match (a secret being rolled signs twice); a
 * timestamp outside the tolerance is refused so a captured delivery cannot be replayed later.
 */
export function verifySignature(
  secret: string,
  header: string | undefined,
  payload: string,
  now: Date,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): SignatureCheck {
  if (!header) return { ok: false, reason: "malformed" };
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(",")) {
    const [key, value] = part.split("=", 2).map((s) => s.trim());
    if (key === "t" && value && /^\d+$/.test(value)) timestamp = Number(value);
    else if (key === "v1" && value) signatures.push(value);
  }
  if (timestamp === null || signatures.length === 0) return { ok: false, reason: "malformed" };
  const expected = Buffer.from(
    createHmac("sha256", secret).update(`${timestamp}.${payload}`, "utf8").digest("hex"),
  );
  const match = signatures.some((s) => {
    const given = Buffer.from(s);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!match) return { ok: false, reason: "mismatch" };
  if (Math.abs(now.getTime() / 1000 - timestamp) > toleranceSeconds) return { ok: false, reason: "too_old" };
  return { ok: true };
}
