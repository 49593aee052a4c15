import { PassThrough, Readable } from "node:stream";
import ExcelJS from "exceljs";
import { z } from "zod";
import type { Scope } from "../platform/auth/scope";
import type { Executor } from "../platform/db/client";
import type { CaseSummary } from "./case-views";
import { listCases, listCasesQuerySchema } from "./list-cases";

// The case list as a file, streamed page by page (keyset) so that any portfolio size uses the same
// memory. CSV follows the French spreadsheet habit: UTF-8 with a BOM, `;` between fields, and
// amounts as decimal numbers with a dot.

export const exportQuerySchema = listCasesQuerySchema
  .omit({ limit: true, cursor: true })
  .extend({ format: z.enum(["csv", "xlsx"]).default("csv") });

export type ExportQuery = z.infer<typeof exportQuerySchema>;

const PAGE = 500;

const COLUMNS: { header: string; width: number; value: (c: CaseSummary) => string | number }[] = [
  { header: "reference", width: 18, value: (c) => c.reference },
  { header: "external_ref", width: 18, value: (c) => c.externalRef ?? "" },
  { header: "creditor", width: 28, value: (c) => c.creditor.name },
  { header: "debtor", width: 32, value: (c) => c.debtor.name },
  { header: "debtor_kind", width: 10, value: (c) => c.debtor.kind },
  { header: "phase", width: 14, value: (c) => c.phase },
  { header: "status", width: 16, value: (c) => c.status },
  { header: "hold_reason", width: 16, value: (c) => c.hold?.reason ?? "" },
  { header: "hold_until", width: 22, value: (c) => c.hold?.until ?? "" },
  { header: "closed_reason", width: 20, value: (c) => c.closedReason ?? "" },
  { header: "balance", width: 12, value: (c) => c.balance.amount / 100 },
  { header: "currency", width: 8, value: (c) => c.balance.currency },
  { header: "next_action_at", width: 22, value: (c) => c.nextActionAt ?? "" },
  { header: "created_at", width: 22, value: (c) => c.createdAt },
];

async function* allCases(db: Executor, scope: Scope, query: ExportQuery): AsyncGenerator<CaseSummary> {
  const { format: _format, ...filters } = query;
  let cursor: string | undefined;
  do {
    const page = await listCases(db, scope, { ...filters, limit: PAGE, cursor });
    yield* page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** A cell a spreadsheet would run as a formula is prefixed with a quote (CSV injection). */
export function csvCell(value: string | number): string {
  let text = typeof value === "number" ? value.toFixed(2) : value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[";\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function exportCasesCsv(db: Executor, scope: Scope, query: ExportQuery): Readable {
  return Readable.from(
    (async function* () {
      yield `\uFEFF${COLUMNS.map((c) => c.header).join(";")}\r\n`;
      for await (const c of allCases(db, scope, query)) {
        yield `${COLUMNS.map((col) => csvCell(col.value(c))).join(";")}\r\n`;
      }
    })(),
  );
}

export function exportCasesXlsx(db: Executor, scope: Scope, query: ExportQuery): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
  const sheet = workbook.addWorksheet("cases");
  sheet.columns = COLUMNS.map((c) => ({ header: c.header, key: c.header, width: c.width }));
  void (async () => {
    for await (const c of allCases(db, scope, query)) {
      sheet.addRow(COLUMNS.map((col) => col.value(c))).commit();
    }
    sheet.commit();
    await workbook.commit();
  })().catch((error: unknown) => out.destroy(error as Error));
  return out;
}
