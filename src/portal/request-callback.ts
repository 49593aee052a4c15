import { randomUUID } from "node:crypto";
import { z } from "zod";
import { type Actor, appendEvent } from "../cases/timeline";
import { normalisePhone } from "../cases/validate-identifiers";
import { lockCase } from "../payments/case-balance";
import { holdCase } from "../payments/case-holds";
import type { Db } from "../platform/db/client";
import { type FieldIssue, validationError } from "../platform/errors";
import { callbackRequests } from "./schema";

export const callbackInputSchema = z.object({
  phone: z.string().trim().min(3).max(40).optional(),
  preferredAt: z.iso.datetime().optional(),
  slot: z.enum(["morning", "afternoon", "evening", "any"]).default("any"),
  note: z.string().trim().max(1000).optional(),
});

/**
 * The debtor asks to be called back (portal, or a voice agent on a bad moment). An agent's queue
 * reads the open requests; the case waits for the call as an appointment until the preferred time
 * (plus a day), so no automatic reminder talks over it.
 */
export async function requestCallback(
  db: Db,
  caseId: string,
  input: z.infer<typeof callbackInputSchema>,
  actor: Actor,
  now: Date,
): Promise<{ callbackId: string }> {
  const issues: FieldIssue[] = [];
  const phone = input.phone ? normalisePhone(input.phone, "phone", issues) : null;
  if (issues.length > 0) throw validationError(issues);
  const preferredAt = input.preferredAt ? new Date(input.preferredAt) : null;
  if (preferredAt && preferredAt < now) {
    throw validationError([
      { field: "preferredAt", message: "cannot be in the past", value: input.preferredAt },
    ]);
  }
  return db.transaction(async (tx) => {
    const row = await lockCase(tx, caseId);
    const id = randomUUID();
    await tx.insert(callbackRequests).values({
      id,
      creditorId: row.creditorId,
      caseId,
      phone: phone?.e164 ?? null,
      preferredAt,
      slot: input.slot,
      note: input.note ?? null,
      status: "open",
      source: actor.type,
      createdAt: now,
    });
    const data = { callbackId: id, preferredAt: preferredAt?.toISOString() ?? null, slot: input.slot };
    await appendEvent(tx, {
      creditorId: row.creditorId,
      caseId,
      type: "callback.requested",
      at: now,
      actor,
      data,
    });
    const until = new Date((preferredAt ?? now).getTime() + 86_400_000);
    await holdCase(tx, row, "appointment", until, actor, now, { callbackId: id });
    return { callbackId: id };
  });
}
