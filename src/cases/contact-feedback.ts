import { and, eq, ne } from "drizzle-orm";
import type { Executor } from "../platform/db/client";
import { type ContactChannel, type ContactOptOut, cases, contactPoints } from "./schema";
import { type Actor, appendEvent } from "./timeline";

// What providers and debtors tell us about a contact point, outside any request: a hard bounce or an
// unknown number makes it invalid; a STOP refuses one channel on it. Each change is written with an event
// on every open case of the debtor, in the caller's transaction.

async function eventOnOpenCases(
  tx: Executor,
  debtorId: string,
  type: string,
  actor: Actor,
  at: Date,
  data: Record<string, unknown>,
): Promise<string[]> {
  const open = await tx
    .select({ id: cases.id, creditorId: cases.creditorId })
    .from(cases)
    .where(and(eq(cases.debtorId, debtorId), ne(cases.status, "closed")));
  for (const c of open)
    await appendEvent(tx, { creditorId: c.creditorId, caseId: c.id, type, at, actor, data });
  return open.map((c) => c.id);
}

/** Marks a contact point invalid (bounce, unknown number). Returns whether it changed. */
export async function markContactPointInvalid(
  tx: Executor,
  contactPointId: string,
  reason: string,
  actor: Actor,
  at: Date,
): Promise<boolean> {
  const [row] = await tx
    .update(contactPoints)
    .set({ status: "invalid", invalidReason: reason.slice(0, 200) })
    .where(and(eq(contactPoints.id, contactPointId), ne(contactPoints.status, "invalid")))
    .returning();
  if (!row) return false;
  await eventOnOpenCases(tx, row.debtorId, "contact_point.invalidated", actor, at, {
    contactPointId,
    kind: row.kind,
    reason: row.invalidReason,
  });
  return true;
}

/** Records that the debtor refused a channel on a contact point (an SMS STOP). Returns whether it changed. */
export async function optOutContactPoint(
  tx: Executor,
  contactPointId: string,
  channel: ContactChannel,
  source: string,
  actor: Actor,
  at: Date,
): Promise<boolean> {
  const [current] = await tx
    .select()
    .from(contactPoints)
    .where(eq(contactPoints.id, contactPointId))
    .for("update");
  if (!current || current.optOuts.some((o) => o.channel === channel)) return false;
  const optOuts: ContactOptOut[] = [...current.optOuts, { channel, at: at.toISOString(), source }];
  await tx.update(contactPoints).set({ optOuts }).where(eq(contactPoints.id, contactPointId));
  await eventOnOpenCases(tx, current.debtorId, "contact_point.opted_out", actor, at, {
    contactPointId,
    kind: current.kind,
    channel,
    source,
  });
  return true;
}
