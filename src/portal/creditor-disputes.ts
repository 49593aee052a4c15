import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { attachDocument, type DocumentStore } from "../cases/documents";
import { cases, claims, debtors } from "../cases/schema";
import { type Actor, appendEvent } from "../cases/timeline";
import { lockCase } from "../payments/case-balance";
import { closeCase, releaseHold } from "../payments/case-holds";
import { type IssuedCreditNote, issueCreditNote } from "../payments/credit-notes";
import type { Scope } from "../platform/auth/scope";
import type { Db } from "../platform/db/client";
import { AppError, notFound, validationError } from "../platform/errors";
import { type DisputeAnswer, disputes } from "./schema";

// Disputes only the creditor can settle (goods, delivery, amounts, payments the agency cannot see)
// wait for its answer. Accepting closes the case (a credit note on the creditor's side); rejecting,
// with a justification and proof, lifts the dispute hold so collection resumes; a partial answer
// credits part of a claim, issues the credit note (avoir) kept on the case, and resumes collection on
// the rest.

export const answerInputSchema = z
  .object({
    decision: z.enum(["accept", "reject", "partial"]),
    justification: z.string().trim().max(4000).optional(),
    /** Partial answers: the amount credited, in cents, on one claim (the disputed one by default). */
    creditCents: z.number().int().positive().optional(),
    claimId: z.uuid().optional(),
    documents: z
      .array(
        z.object({
          filename: z.string().trim().min(1).max(200),
          contentType: z.string().min(3).max(100),
          contentBase64: z.base64(),
        }),
      )
      .max(10)
      .default([]),
  })
  .meta({
    examples: [
      {
        decision: "reject",
        justification: "Bon de livraison signé par le client le 3 juin.",
        documents: [{ filename: "bl.txt", contentType: "text/plain", contentBase64: "QkwgMTIzNA==" }],
      },
    ],
  });
export type AnswerInput = z.infer<typeof answerInputSchema>;

export const disputeViewSchema = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  caseReference: z.string(),
  debtorName: z.string(),
  reason: z.string(),
  comment: z.string().nullable(),
  status: z.string(),
  source: z.string(),
  documentIds: z.array(z.string()),
  createdAt: z.string(),
  answer: z
    .object({
      decision: z.string(),
      justification: z.string().nullable(),
      documentIds: z.array(z.string()),
      creditCents: z.number(),
    })
    .nullable(),
});

/** Disputes of the scope, newest first; `status` narrows (awaiting_creditor for the creditor's to-do). */
export async function listDisputes(db: Db, scope: Scope, filter: { status?: string; caseId?: string }) {
  const rows = await db
    .select({ d: disputes, caseReference: cases.reference, debtorName: debtors.displayName })
    .from(disputes)
    .innerJoin(cases, eq(cases.id, disputes.caseId))
    .innerJoin(debtors, eq(debtors.id, cases.debtorId))
    .where(
      and(
        scope.kind === "creditor" ? eq(disputes.creditorId, scope.creditorId) : undefined,
        filter.status ? eq(disputes.status, filter.status as "open") : undefined,
        filter.caseId ? eq(disputes.caseId, filter.caseId) : undefined,
      ),
    )
    .orderBy(desc(disputes.createdAt))
    .limit(200);
  return rows.map(({ d, caseReference, debtorName }) => ({
    id: d.id,
    caseId: d.caseId,
    caseReference,
    debtorName,
    reason: d.reason,
    comment: d.comment,
    status: d.status,
    source: d.source,
    documentIds: d.documentIds,
    createdAt: d.createdAt.toISOString(),
    answer: d.answer
      ? {
          decision: d.answer.decision,
          justification: d.answer.justification,
          documentIds: d.answer.documentIds,
          creditCents: d.answer.creditCents,
        }
      : null,
  }));
}

/** An agent hands an open dispute to the creditor; the case stays held for the dispute meanwhile. */
export async function referDispute(db: Db, disputeId: string, actor: Actor, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const [d] = await tx
      .update(disputes)
      .set({ status: "awaiting_creditor" })
      .where(and(eq(disputes.id, disputeId), eq(disputes.status, "open")))
      .returning();
    if (!d) throw new AppError("invalid_transition", "Only an open dispute can be referred to the creditor");
    await appendEvent(tx, {
      creditorId: d.creditorId,
      caseId: d.caseId,
      type: "dispute.awaiting_creditor",
      at: now,
      actor,
      data: { disputeId },
    });
  });
}

/** The creditor's answer to a dispute that waits for it, with its proof, in one transaction. */
export async function answerDispute(
  deps: { db: Db; documents: DocumentStore },
  scope: Scope,
  disputeId: string,
  input: AnswerInput,
  actor: Actor,
  now: Date,
): Promise<{ status: string }> {
  const { db } = deps;
  const [found] = await db.select().from(disputes).where(eq(disputes.id, disputeId));
  if (!found || (scope.kind === "creditor" && found.creditorId !== scope.creditorId))
    throw notFound("Dispute");
  if (found.status !== "awaiting_creditor")
    throw new AppError("invalid_transition", `The dispute is ${found.status}, not awaiting the creditor`);
  if (input.decision === "reject" && (input.justification ?? "").length < 10)
    throw validationError([
      { field: "justification", message: "a rejection needs a justification of at least 10 characters" },
    ]);
  if (input.decision === "partial" && !input.creditCents)
    throw validationError([{ field: "creditCents", message: "a partial answer credits an amount" }]);
  const claimId = input.decision === "partial" ? await creditedClaim(db, found, input.claimId) : null;
  const documentIds: string[] = [];
  for (const f of input.documents) {
    const doc = await attachDocument(
      db,
      deps.documents,
      scope,
      found.caseId,
      {
        kind: "correspondence",
        filename: f.filename,
        contentType: f.contentType,
        bytes: Buffer.from(f.contentBase64, "base64"),
      },
      actor,
      now,
    );
    documentIds.push(doc.id);
  }
  const answer: DisputeAnswer = {
    decision: input.decision,
    justification: input.justification ?? null,
    documentIds,
    creditCents: input.creditCents ?? 0,
    claimId,
  };
  const status =
    input.decision === "accept" ? "upheld" : input.decision === "reject" ? "rejected" : "partial";
  await db.transaction(async (tx) => {
    const row = await lockCase(tx, found.caseId);
    const [claimed] = await tx
      .update(disputes)
      .set({ status, answer, answeredAt: now })
      .where(and(eq(disputes.id, disputeId), eq(disputes.status, "awaiting_creditor")))
      .returning({ id: disputes.id });
    if (!claimed) throw new AppError("invalid_transition", "The dispute was answered meanwhile");
    let balance = row.balanceCents;
    let creditNote: IssuedCreditNote | null = null;
    if (claimId && answer.creditCents > 0) {
      const [c] = await tx
        .update(claims)
        .set({ principalCents: sql`${claims.principalCents} - ${answer.creditCents}` })
        .where(
          and(
            eq(claims.id, claimId),
            sql`${claims.principalCents} - ${claims.paidCents} >= ${answer.creditCents}`,
          ),
        )
        .returning({ id: claims.id });
      if (!c)
        throw validationError([
          { field: "creditCents", message: "is more than the claim still owes", value: answer.creditCents },
        ]);
      balance -= answer.creditCents;
      await tx.update(cases).set({ balanceCents: balance, updatedAt: now }).where(eq(cases.id, row.id));
      creditNote = await issueCreditNote(
        tx,
        deps.documents,
        {
          disputeId,
          disputeDate: found.createdAt,
          caseId: row.id,
          claimId,
          amountCents: answer.creditCents,
          balanceAfterCents: balance,
          justification: answer.justification,
        },
        actor,
        now,
      );
    }
    await appendEvent(tx, {
      creditorId: row.creditorId,
      caseId: row.id,
      type: "dispute.answered",
      at: now,
      actor,
      data: {
        disputeId,
        ...answer,
        ...(creditNote
          ? { creditNote: { number: creditNote.number, documentId: creditNote.documentId } }
          : {}),
      },
    });
    if (input.decision === "accept") {
      await closeCase(tx, row, "dispute_upheld", actor, now, { disputeId });
      return;
    }
    if (balance <= 0) await closeCase(tx, row, "settled", actor, now, { disputeId });
    else await releaseHold(tx, row, ["dispute"], actor, now, { disputeId });
  });
  return { status };
}

async function creditedClaim(db: Db, d: typeof disputes.$inferSelect, named?: string): Promise<string> {
  const onCase = await db.select({ id: claims.id }).from(claims).where(eq(claims.caseId, d.caseId));
  const id = named ?? d.claimIds[0] ?? (onCase.length === 1 ? onCase[0]!.id : undefined);
  if (!id || !onCase.some((c) => c.id === id))
    throw validationError([
      { field: "claimId", message: "name the claim to credit, one of this case", value: named },
    ]);
  return id;
}
