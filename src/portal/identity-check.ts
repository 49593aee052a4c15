import { randomBytes } from "node:crypto";
import { and, eq, gt, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { cases, claims, debtors } from "../cases/schema";
import { appendEvent } from "../cases/timeline";
import { sha256 } from "../platform/auth/tokens";
import type { Db } from "../platform/db/client";
import { AppError } from "../platform/errors";
import { type PortalLinkRow, resolvePortalLink } from "./links";
import { portalLinks, portalSessions } from "./schema";

// Before any detail is shown the debtor answers a light identity check: a private person gives the
// postal code and an invoice number (or the birth date); a business its SIREN. Every fifth failure
// locks the link for a while, doubling each time, so brute force cannot get anywhere; the HTTP route
// adds a per-address rate limit on top.

export const MAX_FAILURES_BEFORE_LOCK = 5;
const FIRST_LOCK_MINUTES = 15;
const MAX_LOCK_MINUTES = 24 * 60;
export const PORTAL_SESSION_MINUTES = 60;

export const identityAnswerSchema = z
  .object({
    postalCode: z.string().trim().max(12).optional(),
    invoiceNumber: z.string().trim().max(100).optional(),
    birthDate: z.iso.date().optional(),
    siren: z.string().trim().max(20).optional(),
  })
  .meta({ examples: [{ postalCode: "69003", invoiceNumber: "FAC-2026-0042" }] });
export type IdentityAnswer = z.infer<typeof identityAnswerSchema>;

export interface PortalSession {
  sessionToken: string;
  expiresAt: Date;
}

const squash = (s: string | undefined | null) => (s ?? "").replace(/[\s.\-/]/g, "").toUpperCase();

export async function verifyIdentity(
  db: Db,
  token: string,
  answer: IdentityAnswer,
  now: Date,
): Promise<PortalSession> {
  const link = await resolvePortalLink(db, token, now);
  if (link.lockedUntil && link.lockedUntil > now) throw lockedError(link.lockedUntil, now);
  const ok = await answerMatches(db, link, answer);
  if (!ok) {
    await recordFailure(db, link, now);
    throw new AppError("invalid_credentials", "The details given do not match this file");
  }
  const sessionToken = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + PORTAL_SESSION_MINUTES * 60_000);
  await db.transaction(async (tx) => {
    await tx
      .update(portalLinks)
      .set({ failedAttempts: 0, lockedUntil: null, lastUsedAt: now })
      .where(eq(portalLinks.id, link.id));
    await tx.delete(portalSessions).where(lt(portalSessions.expiresAt, now));
    await tx.insert(portalSessions).values({
      tokenHash: sha256(sessionToken),
      linkId: link.id,
      creditorId: link.creditorId,
      caseId: link.caseId,
      expiresAt,
      createdAt: now,
    });
    await appendEvent(tx, {
      creditorId: link.creditorId,
      caseId: link.caseId,
      type: "portal.opened",
      at: now,
      actor: { type: "debtor", id: link.id },
      data: { linkId: link.id },
    });
  });
  return { sessionToken, expiresAt };
}

async function answerMatches(db: Db, link: PortalLinkRow, answer: IdentityAnswer): Promise<boolean> {
  const [row] = await db
    .select({
      kind: debtors.kind,
      siren: debtors.siren,
      address: debtors.address,
      birthDate: debtors.birthDate,
    })
    .from(cases)
    .innerJoin(debtors, eq(debtors.id, cases.debtorId))
    .where(eq(cases.id, link.caseId));
  if (!row) return false;
  if (row.kind === "company") return !!row.siren && squash(answer.siren) === squash(row.siren);
  if (!row.address?.postalCode || squash(answer.postalCode) !== squash(row.address.postalCode)) return false;
  if (answer.birthDate && row.birthDate) return answer.birthDate === row.birthDate;
  if (!answer.invoiceNumber) return false;
  const numbers = await db
    .select({ number: claims.number })
    .from(claims)
    .where(eq(claims.caseId, link.caseId));
  return numbers.some((c) => squash(c.number) === squash(answer.invoiceNumber));
}

async function recordFailure(db: Db, link: PortalLinkRow, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    // Counted in SQL so that parallel guesses cannot each read the same count.
    const [row] = await tx
      .update(portalLinks)
      .set({ failedAttempts: sql`${portalLinks.failedAttempts} + 1` })
      .where(eq(portalLinks.id, link.id))
      .returning({ failed: portalLinks.failedAttempts });
    const failed = row?.failed ?? 0;
    if (failed > 0 && failed % MAX_FAILURES_BEFORE_LOCK === 0) {
      const rounds = failed / MAX_FAILURES_BEFORE_LOCK;
      const minutes = Math.min(MAX_LOCK_MINUTES, FIRST_LOCK_MINUTES * 2 ** (rounds - 1));
      const until = new Date(now.getTime() + minutes * 60_000);
      await tx.update(portalLinks).set({ lockedUntil: until }).where(eq(portalLinks.id, link.id));
      await appendEvent(tx, {
        creditorId: link.creditorId,
        caseId: link.caseId,
        type: "portal.locked",
        at: now,
        actor: { type: "system", id: null },
        data: { linkId: link.id, failedAttempts: failed, until: until.toISOString() },
        visibleToCreditor: false,
      });
    }
  });
}

function lockedError(until: Date, now: Date): AppError {
  return new AppError("rate_limited", "Too many failed attempts: this link is locked for a while", {
    retryAfterSeconds: Math.ceil((until.getTime() - now.getTime()) / 1000),
  });
}

export interface PortalAccess {
  link: PortalLinkRow;
  caseId: string;
  creditorId: string;
}

/** A session is good only with the link it was opened through: it cannot be replayed on another case. */
export async function authenticatePortal(
  db: Db,
  token: string,
  sessionToken: string | undefined,
  now: Date,
): Promise<PortalAccess> {
  const link = await resolvePortalLink(db, token, now);
  if (!sessionToken) throw new AppError("unauthenticated", "Identity check required");
  const [session] = await db
    .select()
    .from(portalSessions)
    .where(
      and(
        eq(portalSessions.tokenHash, sha256(sessionToken)),
        eq(portalSessions.linkId, link.id),
        gt(portalSessions.expiresAt, now),
      ),
    );
  if (!session) throw new AppError("unauthenticated", "Identity check required");
  return { link, caseId: link.caseId, creditorId: link.creditorId };
}
