import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { attachDocument, type DocumentStore } from "../cases/documents";
import { claims } from "../cases/schema";
import { type Actor, appendEvent } from "../cases/timeline";
import { lockCase } from "../payments/case-balance";
import { holdCase } from "../payments/case-holds";
import { notifyCreditor } from "../payments/notifications";
import { AGENCY_SCOPE } from "../platform/auth/scope";
import type { Db } from "../platform/db/client";
import { validationError } from "../platform/errors";
import { disputes } from "./schema";

export const DISPUTE_REASONS = [
  "already_paid",
  "not_received",
  "defective",
  "wrong_amount",
  "not_my_debt",
  "other",
] as const;

/** Reasons only the creditor can judge: such disputes wait for its answer (creditor-disputes.ts). */
const NEEDS_CREDITOR: ReadonlySet<string> = new Set([
  "already_paid",
  "not_received",
  "defective",
  "wrong_amount",
  "not_my_debt",
]);

export const disputeInputSchema = z.object({
  reason: z.enum(DISPUTE_REASONS),
  comment: z.string().trim().max(4000).optional(),
  claimIds: z.array(z.uuid()).max(200).default([]),
});

export interface DisputeDocument {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/**
 * The debtor disputes the claim (all of it or named invoices). Collection stops on the case until
 * someone resolves it: a dispute hold with no end date, a timeline event and the creditor's notice.
 * Documents the debtor sends become case documents.
 */
export async function recordDispute(
  deps: { db: Db; documents: DocumentStore },
  caseId: string,
  input: z.infer<typeof disputeInputSchema>,
  files: DisputeDocument[],
  actor: Actor,
  now: Date,
): Promise<{ disputeId: string }> {
  const { db } = deps;
  const caseClaims = await db.select({ id: claims.id }).from(claims).where(eq(claims.caseId, caseId));
  const known = new Set(caseClaims.map((c) => c.id));
  const unknown = input.claimIds.find((id) => !known.has(id));
  if (unknown)
    throw validationError([{ field: "claimIds", message: "is not a claim of this case", value: unknown }]);
  const documentIds: string[] = [];
  for (const f of files) {
    const doc = await attachDocument(
      db,
      deps.documents,
      AGENCY_SCOPE,
      caseId,
      { kind: "correspondence", filename: f.filename, contentType: f.contentType, bytes: f.bytes },
      actor,
      now,
    );
    documentIds.push(doc.id);
  }
  return db.transaction(async (tx) => {
    const row = await lockCase(tx, caseId);
    const id = randomUUID();
    await tx.insert(disputes).values({
      id,
      creditorId: row.creditorId,
      caseId,
      reason: input.reason,
      comment: input.comment ?? null,
      claimIds: input.claimIds,
      documentIds,
      status: NEEDS_CREDITOR.has(input.reason) ? "awaiting_creditor" : "open",
      source: actor.type,
      createdAt: now,
    });
    const data = {
      disputeId: id,
      reason: input.reason,
      claimIds: input.claimIds,
      documentIds,
      comment: input.comment ?? null,
      awaitingCreditor: NEEDS_CREDITOR.has(input.reason),
    };
    await appendEvent(tx, {
      creditorId: row.creditorId,
      caseId,
      type: "dispute.opened",
      at: now,
      actor,
      data,
    });
    await notifyCreditor(tx, {
      creditorId: row.creditorId,
      caseId,
      type: "dispute.opened",
      payload: { caseReference: row.reference, ...data },
      at: now,
    });
    await holdCase(tx, row, "dispute", null, actor, now, { disputeId: id });
    return { disputeId: id };
  });
}
