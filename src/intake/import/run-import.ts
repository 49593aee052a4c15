// The import use case: streams a creditor's file through the parsers and the business checks into
// cases, batch by batch (BATCH_ROWS rows, a fixed number of set-based statements each), and records
// the report on the `imports` row. Valid rows land even when others are rejected, each batch in its
// own transaction; `allOrNothing` and `dryRun` run the whole file in one transaction that is rolled
// back when the file is refused or when nothing may be written.

import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { DocumentStore } from "../../cases/documents";
import { findActiveMandate } from "../../cases/mandates";
import { creditors } from "../../cases/schema";
import type { Actor } from "../../cases/timeline";
import type { Db, Executor } from "../../platform/db/client";
import { AppError } from "../../platform/errors";
import type { ColumnMapping } from "../parse/columns";
import type { ByteSource } from "../parse/types";
import { type ImportFormat, type ImportReport, type ImportStatus, imports } from "../schema";
import type { BatchContext } from "./batch-context";
import { attachEvidence, type EvidenceItem } from "./evidence";
import { savedMapping, saveMapping } from "./mappings";
import type { ImportOptions } from "./options";
import { FILE_LEVEL_REASONS, readBatches } from "./read-source";
import { ReportBuilder } from "./report";
import { type ImportError, RowValidator, type ValidRow } from "./validate-row";
import { writeBatch } from "./write-batch";

export const BATCH_ROWS = 5000;

export interface ImportJob {
  importId: string;
  creditorId: string;
  fileName: string;
  format: ImportFormat;
  options: ImportOptions;
  actor: Actor;
  now: Date;
  /** Where Factur-X / XML evidence documents are stored (the data dir's documents folder). */
  documents?: DocumentStore;
  onProgress?: (report: ImportReport) => void;
}

export interface ImportOutcome {
  importId: string;
  status: ImportStatus;
  failureReason: string | null;
  report: ImportReport;
}

class Refused extends Error {}

export async function createImportRecord(
  db: Executor,
  input: {
    creditorId: string;
    fileName: string;
    format: ImportFormat;
    options: ImportOptions;
    sha256?: string;
  },
  now: Date,
): Promise<string> {
  const id = randomUUID();
  await db.insert(imports).values({
    id,
    creditorId: input.creditorId,
    fileName: input.fileName,
    format: input.format,
    fileSha256: input.sha256 ?? null,
    options: input.options as Record<string, unknown>,
    status: "queued",
    createdAt: now,
  });
  return id;
}

export async function runImport(db: Db, job: ImportJob, source: ByteSource): Promise<ImportOutcome> {
  await db.update(imports).set({ status: "running" }).where(eq(imports.id, job.importId));
  const builder = new ReportBuilder();
  let failureReason: string | null = null;
  try {
    failureReason = await importRows(db, job, source, builder);
  } catch (error) {
    if (!(error instanceof AppError)) {
      await finish(db, job, builder, "failed", "internal error");
      throw error;
    }
    failureReason = error.safeMessage;
  }
  const status: ImportStatus = failureReason === null ? "done" : "failed";
  return finish(db, job, builder, status, failureReason);
}

async function finish(
  db: Db,
  job: ImportJob,
  builder: ReportBuilder,
  status: ImportStatus,
  failureReason: string | null,
): Promise<ImportOutcome> {
  const r = builder.report;
  await db
    .update(imports)
    .set({
      status,
      failureReason,
      rows: r.rows,
      created: r.created,
      updated: r.updated,
      skipped: r.skipped,
      rejected: r.rejected,
      debtorsCreated: r.debtors_created,
      debtorsMerged: r.debtors_merged,
      report: r,
      finishedAt: job.now,
    })
    .where(eq(imports.id, job.importId));
  return { importId: job.importId, status, failureReason, report: r };
}

/** Returns why the whole file was refused, or null when it was processed. */
async function importRows(
  db: Db,
  job: ImportJob,
  source: ByteSource,
  builder: ReportBuilder,
): Promise<string | null> {
  const { options } = job;
  const mandate = await findActiveMandate(db, job.creditorId);
  if (!mandate) return "The creditor has no active mandate (CPCE R124-3): no case can open";
  const [creditor] = await db
    .select({ siren: creditors.siren })
    .from(creditors)
    .where(eq(creditors.id, job.creditorId));
  if (!creditor) return "Unknown creditor";
  const tabular = job.format === "csv" || job.format === "xlsx";
  let mapping: ColumnMapping | undefined = options.mapping;
  if (tabular && mapping && !options.dryRun)
    await saveMapping(db, job.creditorId, job.format, mapping, job.now);
  if (tabular && !mapping) mapping = await savedMapping(db, job.creditorId, job.format);

  const ctx: BatchContext = {
    creditorId: job.creditorId,
    mandateId: mandate.id,
    mandateVersion: mandate.version,
    importId: job.importId,
    now: job.now,
    actor: job.actor,
    updatePolicy: options.updatePolicy,
  };
  const validator = new RowValidator({ now: job.now, creditorSiren: creditor.siren });
  const evidence: EvidenceItem[] = [];
  let fileError: string | null = null;

  const pass = async (tx: Executor | null): Promise<void> => {
    let batch: ValidRow[] = [];
    let positions = new Map<string, number>();
    // One batch is written while the next is parsed: Node and the database work side by side.
    let writing: Promise<void> = Promise.resolve();
    let writeError: unknown = null;
    const flush = async () => {
      await writing;
      if (writeError) throw writeError;
      if (batch.length === 0) return;
      const rows = batch;
      batch = [];
      positions = new Map();
      // Under all-or-nothing, once a row is rejected nothing will land: keep checking, stop writing.
      if (tx && options.allOrNothing && builder.report.rejected > 0) return;
      const write = async (t: Executor) => {
        await t.execute(sql`select pg_advisory_xact_lock(hashtext(${`intake:${job.creditorId}`}))`);
        const res = await writeBatch(t, ctx, rows);
        builder.add(res);
        for (const e of res.evidence) evidence.push(e);
      };
      writing = (tx ? write(tx) : db.transaction(write)).then(
        () => job.onProgress?.(builder.report),
        (error: unknown) => {
          writeError = error;
        },
      );
    };
    const errors: ImportError[] = [];
    const reading = readBatches(source, {
      format: job.format,
      fileName: job.fileName,
      mapping,
      paymentTermsDays: options.paymentTermsDays ?? mapping?.paymentTermsDays,
      sheet: options.sheet,
    });
    for await (const items of reading) {
      for (const item of items) {
        if ("error" in item) {
          if (item.error.line === 0 || FILE_LEVEL_REASONS.has(item.error.reason)) {
            fileError ??= item.error.message;
            builder.fileError(item.error);
            continue;
          }
          builder.reject([item.error], false);
          continue;
        }
        builder.row();
        errors.length = 0;
        const valid = validator.validate(item.row, errors);
        if (!valid) {
          builder.reject(errors, true);
          continue;
        }
        // The same invoice twice in the file is one claim: the first occurrence, or the last under "update".
        const at = positions.get(valid.number);
        if (at !== undefined) {
          builder.add({ created: 0, updated: 0, skipped: 1, debtorsCreated: 0, debtorsMerged: 0 });
          if (options.updatePolicy === "update") batch[at] = valid;
          continue;
        }
        positions.set(valid.number, batch.length);
        batch.push(valid);
        if (batch.length >= BATCH_ROWS) await flush();
      }
      if (fileError) break;
    }
    if (!fileError) await flush();
    await writing;
    if (writeError) throw writeError;
  };

  if (options.dryRun || options.allOrNothing) {
    try {
      await db.transaction(async (tx) => {
        await pass(tx);
        if (options.dryRun || fileError || builder.report.rejected > 0) throw new Refused();
      });
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      evidence.length = 0;
      if (!options.dryRun && !fileError) {
        builder.refuse();
        return `${builder.report.rejected} row(s) rejected and the import is all-or-nothing: nothing was imported`;
      }
    }
  } else {
    await pass(null);
  }
  if (fileError) return fileError;
  if (job.documents) await attachEvidence(db, job.documents, ctx, evidence);
  return null;
}
