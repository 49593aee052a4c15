import { randomUUID } from "node:crypto";
import { and, asc, count, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import { users } from "../platform/auth/schema";
import type { Scope } from "../platform/auth/scope";
import type { Db, Executor } from "../platform/db/client";
import { findCase } from "./documents";
import { caseMessages, cases } from "./schema";
import { type Actor, appendEvent } from "./timeline";

// The message thread of a case: the creditor's users write to the agency's collectors and back.
// Each message is a row (the body lives only here) plus a `message.posted` timeline event without
// the body, so live pages refresh; each side marks what the other side wrote as read.

export type MessageSide = "creditor" | "agency";

export const MESSAGE_MAX_CHARS = 4000;

export const messageInputSchema = z
  .object({ body: z.string().trim().min(1).max(MESSAGE_MAX_CHARS) })
  .meta({ examples: [{ body: "Le débiteur a-t-il confirmé la date du virement ?" }] });

export type MessageInput = z.infer<typeof messageInputSchema>;

export const messageSchema = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  authorSide: z.enum(["creditor", "agency"]),
  authorUserId: z.uuid().nullable(),
  authorName: z.string().nullable(),
  body: z.string(),
  createdAt: z.string(),
  readByAgencyAt: z.string().nullable(),
  readByCreditorAt: z.string().nullable(),
});

export const messageThreadSchema = z.object({
  items: z.array(messageSchema),
  /** Messages from the other side that the asking side has not marked read. */
  unread: z.number().int(),
});

export type MessageView = z.infer<typeof messageSchema>;

export const sideOf = (scope: Scope): MessageSide => (scope.kind === "agency" ? "agency" : "creditor");

/** Messages written by the other side and not yet read by `side`. */
const unreadFor = (side: MessageSide) =>
  side === "agency"
    ? and(eq(caseMessages.authorSide, "creditor"), isNull(caseMessages.readByAgencyAt))
    : and(eq(caseMessages.authorSide, "agency"), isNull(caseMessages.readByCreditorAt));

export async function listMessages(
  db: Executor,
  scope: Scope,
  caseId: string,
): Promise<z.infer<typeof messageThreadSchema>> {
  await findCase(db, scope, caseId);
  const rows = await db
    .select({ m: caseMessages, authorName: users.name })
    .from(caseMessages)
    .leftJoin(users, eq(users.id, caseMessages.authorUserId))
    .where(eq(caseMessages.caseId, caseId))
    .orderBy(asc(caseMessages.createdAt), asc(caseMessages.id));
  const items = rows.map(({ m, authorName }) => ({
    id: m.id,
    caseId: m.caseId,
    authorSide: m.authorSide,
    authorUserId: m.authorUserId,
    authorName,
    body: m.body,
    createdAt: m.createdAt.toISOString(),
    readByAgencyAt: m.readByAgencyAt?.toISOString() ?? null,
    readByCreditorAt: m.readByCreditorAt?.toISOString() ?? null,
  }));
  const side = sideOf(scope);
  const unread = items.filter(
    (m) => m.authorSide !== side && (side === "agency" ? m.readByAgencyAt : m.readByCreditorAt) === null,
  ).length;
  return { items, unread };
}

/** Posts a message from the asking side; marks nothing read. Returns the message id. */
export async function postMessage(
  db: Db,
  scope: Scope,
  caseId: string,
  input: MessageInput,
  actor: Actor,
  now: Date,
): Promise<string> {
  const side = sideOf(scope);
  return db.transaction(async (tx) => {
    const creditorId = (await findCase(tx, scope, caseId)).creditorId;
    await tx
      .update(cases)
      .set({ updatedAt: now, version: sql`${cases.version} + 1` })
      .where(eq(cases.id, caseId));
    const id = randomUUID();
    await tx.insert(caseMessages).values({
      id,
      creditorId,
      caseId,
      authorUserId: actor.type === "user" ? actor.id : null,
      authorSide: side,
      body: input.body,
      createdAt: now,
    });
    await appendEvent(tx, {
      creditorId,
      caseId,
      type: "message.posted",
      at: now,
      actor,
      data: { messageId: id, side },
    });
    return id;
  });
}

/** Marks every message of the other side as read by the asking side; returns how many changed. */
export async function markMessagesRead(
  db: Executor,
  scope: Scope,
  caseId: string,
  now: Date,
): Promise<number> {
  await findCase(db, scope, caseId);
  const side = sideOf(scope);
  const set = side === "agency" ? { readByAgencyAt: now } : { readByCreditorAt: now };
  const changed = await db
    .update(caseMessages)
    .set(set)
    .where(and(eq(caseMessages.caseId, caseId), unreadFor(side)))
    .returning({ id: caseMessages.id });
  return changed.length;
}

/** Unread counts per case for the asking side, for lists and case payloads. */
export async function unreadCounts(
  db: Executor,
  scope: Scope,
  caseIds: string[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (caseIds.length === 0) return out;
  const rows = await db
    .select({ caseId: caseMessages.caseId, n: count() })
    .from(caseMessages)
    .where(and(inArray(caseMessages.caseId, caseIds), unreadFor(sideOf(scope))))
    .groupBy(caseMessages.caseId);
  for (const r of rows) out.set(r.caseId, Number(r.n));
  return out;
}
