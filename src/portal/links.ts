import { randomBytes, randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { type Actor, appendEvent, SYSTEM } from "../cases/timeline";
import { lockCase } from "../payments/case-balance";
import { sha256 } from "../platform/auth/tokens";
import type { Db, Executor } from "../platform/db/client";
import { AppError, notFound } from "../platform/errors";
import { portalLinks, portalSessions } from "./schema";

// Per-case access links. The token is 16 random bytes (128 bits) in base64url: 22 characters, short
// enough for an SMS ("https://…/p/<token>") and never guessable. Only its SHA-256 is stored. The URL
// carries nothing else: no name, no case reference, no amount.

export const LINK_TTL_DAYS = 60;
const TOKEN = /^[A-Za-z0-9_-]{22}$/;

export interface IssuedLink {
  linkId: string;
  token: string;
  path: string;
  expiresAt: Date;
}

export function isWellFormedToken(token: string): boolean {
  return TOKEN.test(token);
}

/** Issues a new link for a case (one per message is fine; each can be revoked on its own). */
export async function issuePortalLink(
  db: Db,
  caseId: string,
  actor: Actor,
  now: Date,
  ttlDays = LINK_TTL_DAYS,
): Promise<IssuedLink> {
  const token = randomBytes(16).toString("base64url");
  const id = randomUUID();
  const expiresAt = new Date(now.getTime() + ttlDays * 86_400_000);
  await db.transaction(async (tx) => {
    const row = await lockCase(tx, caseId);
    await tx.insert(portalLinks).values({
      id,
      creditorId: row.creditorId,
      caseId,
      tokenHash: sha256(token),
      expiresAt,
      createdAt: now,
    });
    await appendEvent(tx, {
      creditorId: row.creditorId,
      caseId,
      type: "portal.link_issued",
      at: now,
      actor,
      data: { linkId: id, expiresAt: expiresAt.toISOString() },
      visibleToCreditor: false,
    });
  });
  return { linkId: id, token, path: `/p/${token}`, expiresAt };
}

/**
 * The links messages carry: a fresh one per message (each can be revoked on its own), issued by the
 * system when the message is rendered. Shaped for the channels' `PortalLinks`.
 */
export function messagePortalLinks(db: Db, publicUrl: string, now: () => Date) {
  return {
    async urlFor(caseId: string): Promise<string> {
      const link = await issuePortalLink(db, caseId, SYSTEM, now());
      return `${publicUrl}${link.path}`;
    },
  };
}

/** Revokes a link and ends the sessions opened through it. */
export async function revokePortalLink(db: Db, linkId: string, actor: Actor, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(portalLinks)
      .set({ revokedAt: now })
      .where(and(eq(portalLinks.id, linkId), isNull(portalLinks.revokedAt)))
      .returning();
    if (!row) throw notFound("Link");
    await tx.delete(portalSessions).where(eq(portalSessions.linkId, linkId));
    await appendEvent(tx, {
      creditorId: row.creditorId,
      caseId: row.caseId,
      type: "portal.link_revoked",
      at: now,
      actor,
      data: { linkId },
      visibleToCreditor: false,
    });
  });
}

export type PortalLinkRow = typeof portalLinks.$inferSelect;

/**
 * The link behind a token, if it may be used now. Unknown and malformed tokens are 404; expired and
 * revoked ones 410, so the page can say "ask for a new link" without saying whose case it was.
 */
export async function resolvePortalLink(db: Executor, token: string, now: Date): Promise<PortalLinkRow> {
  if (!isWellFormedToken(token)) throw notFound("Link");
  const [row] = await db
    .select()
    .from(portalLinks)
    .where(eq(portalLinks.tokenHash, sha256(token)));
  if (!row) throw notFound("Link");
  if (row.revokedAt || row.expiresAt <= now) throw new AppError("gone", "This link is no longer valid");
  return row;
}
