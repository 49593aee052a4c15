import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "../../platform/db/client";
import { notFound } from "../../platform/errors";
import { IMPORT_FORMATS, IMPORT_STATUSES, imports } from "../schema";

export const importReportSchema = z.object({
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  rejected: z.number().int(),
  debtors_created: z.number().int(),
  debtors_merged: z.number().int(),
  errors: z.array(
    z.object({ line: z.number().int(), field: z.string(), value: z.string(), reason: z.string() }),
  ),
});

export const importViewSchema = z.object({
  id: z.uuid(),
  fileName: z.string(),
  format: z.enum(IMPORT_FORMATS),
  status: z.enum(IMPORT_STATUSES),
  failureReason: z.string().nullable(),
  options: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  report: importReportSchema.nullable().meta({ description: "Present once the import has run" }),
});

type ImportRow = typeof imports.$inferSelect;

export function toImportView(row: ImportRow, withErrors: boolean): z.infer<typeof importViewSchema> {
  const report = row.report ? { ...row.report, errors: withErrors ? row.report.errors : [] } : null;
  return {
    id: row.id,
    fileName: row.fileName,
    format: row.format,
    status: row.status,
    failureReason: row.failureReason,
    options: row.options,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    report,
  };
}

export async function findImport(db: Executor, creditorId: string, importId: string): Promise<ImportRow> {
  const [row] = await db
    .select()
    .from(imports)
    .where(and(eq(imports.id, importId), eq(imports.creditorId, creditorId)));
  if (!row) throw notFound("Import");
  return row;
}

export async function listImports(db: Executor, creditorId: string) {
  const rows = await db
    .select()
    .from(imports)
    .where(eq(imports.creditorId, creditorId))
    .orderBy(desc(imports.createdAt))
    .limit(50);
  return rows.map((r) => toImportView(r, false));
}
