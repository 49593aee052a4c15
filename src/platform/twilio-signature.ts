import { createHmac, timingSafeEqual } from "node:crypto";

// Twilio's request signature (X-Twilio-Signature): HMAC-SHA1 keyed with the account's auth token over
// the full URL Twilio called (scheme, host, path and query) followed by every POST parameter sorted by
// name, each as name then value with no separator; base64. Webhooks must check it: anyone can post a
// form to a public URL.

export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  let data = url;
  for (const key of Object.keys(params).sort()) data += key + params[key];
  return createHmac("sha1", authToken).update(data, "utf8").digest("base64");
}

export function verifyTwilioSignature(
  authToken: string,
  header: string | string[] | undefined,
  url: string,
  params: Record<string, string>,
): boolean {
  if (typeof header !== "string" || header === "") return false;
  const expected = Buffer.from(twilioSignature(authToken, url, params));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
