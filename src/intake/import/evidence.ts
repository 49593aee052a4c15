// The e-invoice a claim came from (Factur-X PDF or XML) is kept as the claim's invoice document: the
// human-readable evidence a formal notice or an order-for-payment file needs.

import { attachDocument, type DocumentStore } from "../../cases/documents";
import { creditorScope } from "../../platform/auth/scope";
import type { Db } from "../../platform/db/client";
import type { BatchContext } from "./batch-context";
import type { ValidRow } from "./validate-row";

export interface EvidenceItem {
  row: ValidRow;
  caseId: string;
  claimId: string;
}

export async function attachEvidence(
  db: Db,
  store: DocumentStore,
  ctx: BatchContext,
  items: readonly EvidenceItem[],
): Promise<void> {
  for (const { row, caseId, claimId } of items) {
    const doc = row.evidence;
    if (!doc) continue;
    await attachDocument(
      db,
      store,
      creditorScope(ctx.creditorId),
      caseId,
      {
        kind: "invoice",
        filename: doc.fileName,
        contentType: doc.mediaType,
        bytes: Buffer.from(doc.bytes),
        claimId,
      },
      ctx.actor,
      ctx.now,
    );
  }
}
