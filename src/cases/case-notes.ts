import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../platform/db/client";
import { notFound } from "../platform/errors";
import { cases } from "./schema";
import { type Actor, appendEvent } from "./timeline";

// What a person records on a case without changing where it stands: a note, a call made by hand.
// Each is one timeline event; the case row only has its version bumped so that readers polling it
// (the creditor's live case page) see that something happened.

export const noteInputSchema = z
  .object({
    text: z.string().trim().min(1).max(4000),
    visibleToCreditor: z.boolean().default(false),
  })
  .meta({ examples: [{ text: "Le débiteur attend le virement de son client.", visibleToCreditor: false }] });

export type NoteInput = z.infer<typeof noteInputSchema>;

export const CALL_OUTCOMES = [
  "reached",
  "no_answer",
  "voicemail",
  "wrong_number",
  "refused",
  "callback_requested",
] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export const callLogInputSchema = z
  .object({
    direction: z.enum(["outbound", "inbound"]).default("outbound"),
    outcome: z.enum(CALL_OUTCOMES),
    durationSeconds: z
      .number()
      .int()
      .min(0)
      .max(4 * 3600)
      .default(0),
    contactPointId: z.uuid().optional(),
    note: z.string().trim().max(4000).optional(),
  })
  .meta({
    examples: [{ direction: "outbound", outcome: "reached", durationSeconds: 240, note: "Paiera vendredi" }],
  });

export type CallLogInput = z.infer<typeof callLogInputSchema>;

export async function addNote(
  db: Db,
  caseId: string,
  input: NoteInput,
  actor: Actor,
  now: Date,
): Promise<string> {
  return recordOnCase(db, caseId, now, (creditorId, tx) =>
    appendEvent(tx, {
      creditorId,
      caseId,
      type: "case.note",
      at: now,
      actor,
      data: { note: input.text },
      visibleToCreditor: input.visibleToCreditor,
    }),
  );
}

/** A call an agent made or took outside the voice platform, with its outcome. */
export async function logHumanCall(
  db: Db,
  caseId: string,
  input: CallLogInput,
  actor: Actor,
  now: Date,
): Promise<string> {
  return recordOnCase(db, caseId, now, (creditorId, tx) =>
    appendEvent(tx, {
      creditorId,
      caseId,
      type: "call.logged",
      at: now,
      actor,
      data: {
        direction: input.direction,
        outcome: input.outcome,
        durationSeconds: input.durationSeconds,
        ...(input.contactPointId ? { contactPointId: input.contactPointId } : {}),
        ...(input.note ? { note: input.note } : {}),
      },
    }),
  );
}

async function recordOnCase(
  db: Db,
  caseId: string,
  now: Date,
  write: (creditorId: string, tx: Parameters<Parameters<Db["transaction"]>[0]>[0]) => Promise<string>,
): Promise<string> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(cases)
      .set({ updatedAt: now, version: sql`${cases.version} + 1` })
      .where(eq(cases.id, caseId))
      .returning({ creditorId: cases.creditorId });
    if (!row) throw notFound("Case");
    return write(row.creditorId, tx);
  });
}
