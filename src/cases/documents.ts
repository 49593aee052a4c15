import { createHash, randomUUID } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { and, desc, eq } from "drizzle-orm";
import type { Scope } from "../platform/auth/scope";
import type { Db, Executor } from "../platform/db/client";
import { AppError, notFound } from "../platform/errors";
import { cases, claims, documents } from "./schema";
import { type Actor, appendEvent } from "./timeline";

// Case documents (invoices, contracts, proofs, letters sent) are files under the data dir, addressed by
// creditor and content hash, with a row describing them. A file is written before its row commits; a
// crash in between leaves an unreferenced file, never a row without its file.

export const DOCUMENT_KINDS = [
  "invoice",
  "contract",
  "proof_of_delivery",
  "correspondence",
  "letter",
  "receipt",
  "credit_note",
  "other",
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
const ALLOWED_TYPES = new Set([
  "application/pdf",
  "image/png",
  "image/jpeg",
  "text/plain",
  "application/xml",
  "text/xml",
]);

export interface DocumentStore {
  root: string;
}

export function documentStore(dataDir: string): DocumentStore {
  return { root: path.join(dataDir, "documents") };
}

export interface NewDocument {
  kind: DocumentKind;
  filename: string;
  contentType: string;
  bytes: Buffer;
  claimId?: string;
}

export type DocumentView = {
  id: string;
  caseId: string | null;
  claimId: string | null;
  kind: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
};

function toView(d: typeof documents.$inferSelect): DocumentView {
  return {
    id: d.id,
    caseId: d.caseId,
    claimId: d.claimId,
    kind: d.kind,
    filename: d.filename,
    contentType: d.contentType,
    sizeBytes: d.sizeBytes,
    sha256: d.sha256,
    createdAt: d.createdAt.toISOString(),
  };
}

export async function attachDocument(
  db: Db,
  store: DocumentStore,
  scope: Scope,
  caseId: string,
  doc: NewDocument,
  actor: Actor,
  now: Date,
): Promise<DocumentView> {
  if (!ALLOWED_TYPES.has(doc.contentType)) {
    throw new AppError(
      "unsupported_media_type",
      `Documents may be PDF, PNG, JPEG, text or XML, not ${doc.contentType}`,
    );
  }
  if (doc.bytes.length === 0 || doc.bytes.length > MAX_DOCUMENT_BYTES) {
    throw new AppError(
      "payload_too_large",
      `A document must hold between 1 byte and ${MAX_DOCUMENT_BYTES} bytes`,
    );
  }
  const owner = await findCase(db, scope, caseId);
  if (doc.claimId) {
    const [claim] = await db
      .select({ id: claims.id })
      .from(claims)
      .where(and(eq(claims.id, doc.claimId), eq(claims.caseId, caseId)));
    if (!claim)
      throw new AppError("validation_failed", "Invalid input (claimId: is not a claim of this case)", {
        issues: [{ field: "claimId", message: "is not a claim of this case", value: doc.claimId }],
      });
  }
  const stored = await storeDocumentFile(store, owner.creditorId, doc.bytes);
  return db.transaction((tx) => recordDocument(tx, owner.creditorId, caseId, doc, stored, actor, now));
}

/** Writes the file, addressed by creditor and content hash; the same bytes twice are one file. */
export async function storeDocumentFile(
  store: DocumentStore,
  creditorId: string,
  bytes: Buffer,
): Promise<{ sha256: string; storageKey: string }> {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const storageKey = path.posix.join(creditorId, sha256.slice(0, 2), sha256);
  const file = path.join(store.root, storageKey);
  await mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.${randomUUID()}.part`;
  await writeFile(partial, bytes);
  await rename(partial, file);
  return { sha256, storageKey };
}

/** The document's row and its timeline event, in the caller's transaction, once its file is stored. */
export async function recordDocument(
  tx: Executor,
  creditorId: string,
  caseId: string,
  doc: Omit<NewDocument, "bytes"> & { bytes: { length: number } },
  stored: { sha256: string; storageKey: string },
  actor: Actor,
  now: Date,
): Promise<DocumentView> {
  const [row] = await tx
    .insert(documents)
    .values({
      id: randomUUID(),
      creditorId,
      caseId,
      claimId: doc.claimId ?? null,
      kind: doc.kind,
      filename: safeFilename(doc.filename),
      contentType: doc.contentType,
      sizeBytes: doc.bytes.length,
      sha256: stored.sha256,
      storageKey: stored.storageKey,
      createdAt: now,
    })
    .returning();
  if (!row) throw notFound("Document");
  await appendEvent(tx, {
    creditorId,
    caseId,
    type: "document.attached",
    at: now,
    actor,
    data: { documentId: row.id, kind: row.kind, filename: row.filename, sizeBytes: row.sizeBytes },
  });
  return toView(row);
}

export async function listDocuments(db: Executor, scope: Scope, caseId: string): Promise<DocumentView[]> {
  await findCase(db, scope, caseId);
  const rows = await db
    .select()
    .from(documents)
    .where(eq(documents.caseId, caseId))
    .orderBy(desc(documents.createdAt));
  return rows.map(toView);
}

export async function readDocument(
  db: Executor,
  store: DocumentStore,
  scope: Scope,
  caseId: string,
  documentId: string,
): Promise<{ document: DocumentView; bytes: Buffer }> {
  await findCase(db, scope, caseId);
  const [row] = await db
    .select()
    .from(documents)
    .where(and(eq(documents.id, documentId), eq(documents.caseId, caseId)));
  if (!row) throw notFound("Document");
  return { document: toView(row), bytes: await readFile(path.join(store.root, row.storageKey)) };
}

/** The case's creditor, if the scope may see the case; another creditor's case is "not found". */
export async function findCase(db: Executor, scope: Scope, caseId: string): Promise<{ creditorId: string }> {
  const where =
    scope.kind === "creditor"
      ? and(eq(cases.id, caseId), eq(cases.creditorId, scope.creditorId))
      : eq(cases.id, caseId);
  const [row] = await db.select({ creditorId: cases.creditorId }).from(cases).where(where);
  if (!row) throw notFound("Case");
  return row;
}

/** Keeps a display name only: no directories, no control characters, bounded length. */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "document";
  const cleaned = base
    // Stripping control characters is the point here: they would break the Content-Disposition header.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: intentional
    .replace(/[\u0000-\u001f\u007f"]/g, "")
    .trim()
    .slice(0, 200);
  return cleaned || "document";
}
