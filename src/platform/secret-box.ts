import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

// Secrets Relance must use again later (a creditor's webhook signing secret) are kept sealed with
// AES-256-GCM under a key derived from RELANCE_SECRET and a purpose label, so a database dump alone
// does not let anyone forge signatures. Changing RELANCE_SECRET makes sealed values unreadable.

const key = (secret: string, purpose: string) =>
  createHash("sha256").update(`${purpose}\0${secret}`).digest();

export function seal(secret: string, purpose: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(secret, purpose), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [
    "v1",
    iv.toString("base64url"),
    cipher.getAuthTag().toString("base64url"),
    body.toString("base64url"),
  ].join(".");
}

export function unseal(secret: string, purpose: string, sealed: string): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || body === undefined) throw new Error("not a sealed value");
  const decipher = createDecipheriv("aes-256-gcm", key(secret, purpose), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}
