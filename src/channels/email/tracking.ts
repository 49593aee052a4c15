import { createHmac, timingSafeEqual } from "node:crypto";

// Open and click tracking. Each email carries a 1×1 image and its links through a redirect, both
// naming the message by a token signed with the platform secret: a token cannot be forged to record an
// open for another message, and a click can only lead to a link the message itself carried.

const idToB64 = (id: string) => Buffer.from(id.replace(/-/g, ""), "hex").toString("base64url");
const b64ToId = (b64: string) => {
  const hex = Buffer.from(b64, "base64url").toString("hex");
  if (hex.length !== 32) return null;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
const mac = (secret: string, payload: string) =>
  createHmac("sha256", secret).update(payload).digest("base64url").slice(0, 22);

export function openToken(secret: string, messageId: string): string {
  const id = idToB64(messageId);
  return `${id}.${mac(secret, `open:${id}`)}`;
}

export function clickToken(secret: string, messageId: string, linkIndex: number): string {
  const id = idToB64(messageId);
  return `${id}.${linkIndex}.${mac(secret, `click:${id}:${linkIndex}`)}`;
}

function sameMac(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function verifyOpenToken(secret: string, token: string): string | null {
  const [id, sig, extra] = token.split(".");
  if (!id || !sig || extra !== undefined || !sameMac(sig, mac(secret, `open:${id}`))) return null;
  return b64ToId(id);
}

export function verifyClickToken(
  secret: string,
  token: string,
): { messageId: string; linkIndex: number } | null {
  const [id, index, sig, extra] = token.split(".");
  if (!id || !index || !sig || extra !== undefined || !/^\d{1,3}$/.test(index)) return null;
  if (!sameMac(sig, mac(secret, `click:${id}:${index}`))) return null;
  const messageId = b64ToId(id);
  return messageId ? { messageId, linkIndex: Number(index) } : null;
}

/** Routes every link of the HTML part through the click redirect and adds the open pixel. */
export function instrumentHtml(
  html: string,
  links: readonly string[],
  baseUrl: string,
  secret: string,
  messageId: string,
): string {
  const withClicks = html.replace(/href="([^"]+)"/g, (whole, raw: string) => {
    const url = raw.replace(/&amp;/g, "&");
    const index = links.indexOf(url);
    return index < 0 ? whole : `href="${baseUrl}/t/c/${clickToken(secret, messageId, index)}"`;
  });
  const pixel = `<img src="${baseUrl}/t/o/${openToken(secret, messageId)}.gif" width="1" height="1" alt="" style="display:block;border:0">`;
  return withClicks.replace("</body>", `${pixel}\n</body>`);
}

/** The smallest transparent GIF. */
export const PIXEL_GIF = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");
