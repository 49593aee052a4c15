// XLSX intake with exceljs' streaming reader: rows are read as the zip inflates, so a large
// workbook never sits in memory. Cell values keep their type (number, date, text) until the value
// rules of build-row decide what they mean.

import { Readable } from "node:stream";
import ExcelJS from "exceljs";
import { type Cell, RowBuilder, rowContext } from "./build-row";
import { type ColumnMappingInput, columnMappingSchema, resolveColumns, type TabularMeta } from "./columns";
import { type ByteSource, flattenBatches, type IntakeItem, rowError } from "./types";

export interface XlsxOptions {
  mapping?: ColumnMappingInput;
  paymentTermsDays?: number;
  /** Sheet to read; the mapping's `sheet` otherwise, else the first sheet. */
  sheet?: string;
  onMeta?: (meta: TabularMeta) => void;
}

const BATCH_ROWS = 500;

type RawValue = ExcelJS.CellValue | undefined;

export function cellFromExcel(v: RawValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v instanceof Date) return v;
  if (typeof v === "object") {
    if ("richText" in v && Array.isArray(v.richText)) return v.richText.map((t) => t.text).join("");
    if ("result" in v) return cellFromExcel(v.result as RawValue);
    if ("formula" in v || "sharedFormula" in v) return null;
    if ("text" in v && typeof v.text === "string") return v.text;
    // An error cell (#N/A, #VALUE!) is shown as such so that the field error names it.
    if ("error" in v) return String(v.error);
  }
  return String(v);
}

export async function* parseXlsxBatches(
  source: ByteSource,
  options: XlsxOptions = {},
): AsyncGenerator<IntakeItem[]> {
  const mapping = columnMappingSchema.parse(options.mapping ?? {});
  const wanted = options.sheet ?? mapping.sheet;
  const stream = source instanceof Readable ? source : Readable.from(source);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    worksheets: "emit",
    sharedStrings: "cache",
    // Styles carry the number formats that tell a date cell from a number cell.
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  });

  const seenSheets: string[] = [];
  let found = false;
  let out: IntakeItem[] = [];
  try {
    for await (const worksheet of reader) {
      const name = (worksheet as unknown as { name?: string }).name ?? `Sheet${seenSheets.length + 1}`;
      seenSheets.push(name);
      if (wanted !== undefined && name.trim().toLowerCase() !== wanted.trim().toLowerCase()) continue;
      found = true;
      let builder: RowBuilder | null = null;
      let nonBlank = 0;
      for await (const row of worksheet) {
        const cells = rowCells(row.values as RawValue[]);
        if (cells.every((c) => c === null || (typeof c === "string" && c.trim() === ""))) continue;
        if (builder === null) {
          nonBlank++;
          if (nonBlank < mapping.headerRow) continue;
          const headers = cells.map((c) =>
            c === null ? "" : String(c instanceof Date ? c.toISOString() : c),
          );
          const resolved = resolveColumns(headers, mapping, row.number);
          if ("errors" in resolved) {
            yield resolved.errors.map((error) => ({ error }));
            return;
          }
          builder = new RowBuilder(rowContext(resolved.columns, mapping, options.paymentTermsDays));
          options.onMeta?.({
            headerLine: row.number,
            headers: resolved.columns.headers,
            assignments: resolved.columns.assignments,
            sheet: name,
          });
          continue;
        }
        builder.build(cells, row.number, out);
        if (out.length >= BATCH_ROWS) {
          yield out;
          out = [];
        }
      }
      if (out.length > 0) yield out;
      out = [];
      if (builder === null)
        yield [rowError(0, "sheet", name, "empty_file", `Sheet "${name}" has no header row`)];
      break;
    }
  } catch (e) {
    if (out.length > 0) yield out;
    const why = e instanceof Error ? e.message : String(e);
    yield [rowError(0, "file", "", "unreadable_file", `The file is not a readable XLSX workbook (${why})`)];
    return;
  }
  if (!found) {
    const seen = seenSheets.join(", ") || "(none)";
    yield [
      wanted === undefined
        ? rowError(0, "file", "", "empty_file", "The workbook has no sheet")
        : rowError(0, "sheet", wanted, "sheet_not_found", `No sheet named "${wanted}"; sheets seen: ${seen}`),
    ];
  }
}

export function parseXlsx(source: ByteSource, options: XlsxOptions = {}): AsyncGenerator<IntakeItem> {
  return flattenBatches(parseXlsxBatches(source, options));
}

/** exceljs rows are 1-based sparse arrays; build-row expects dense 0-based cells. */
function rowCells(values: RawValue[]): Cell[] {
  const cells: Cell[] = new Array(Math.max(values.length - 1, 0));
  for (let i = 1; i < values.length; i++) cells[i - 1] = cellFromExcel(values[i]);
  return cells;
}
