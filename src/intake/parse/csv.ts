// CSV intake: bytes → decoded text → records → normalised rows. One batch is yielded per decoded
// chunk, so memory stays flat whatever the file size and the consumer can insert batch by batch.

import { RowBuilder, rowContext } from "./build-row";
import { type ColumnMappingInput, columnMappingSchema, resolveColumns, type TabularMeta } from "./columns";
import { CsvRecordSplitter } from "./csv-records";
import { type Delimiter, detectDelimiter, detectNewline, openText } from "./encoding";
import { type ByteSource, flattenBatches, type IntakeItem, type RowError, rowError } from "./types";

export interface CsvOptions {
  /** A saved or uploaded column mapping; detection fills in whatever it leaves open. */
  mapping?: ColumnMappingInput;
  /** The creditor's payment terms, used when a row has an issue date but no due date. */
  paymentTermsDays?: number;
  /** Called once the header is read, with what was detected and how each column is used. */
  onMeta?: (meta: TabularMeta) => void;
}

const DETECT_CHARS = 16 * 1024;
const SEP_LINE = /^sep=(.)\r?\n/i;

export async function* parseCsvBatches(
  source: ByteSource,
  options: CsvOptions = {},
): AsyncGenerator<IntakeItem[]> {
  const mapping = columnMappingSchema.parse(options.mapping ?? {});
  const text = await openText(source, mapping.encoding);
  const chunks = text.chunks;

  let head = "";
  let ended = false;
  while (head.length < DETECT_CHARS) {
    const next = await chunks.next();
    if (next.done) {
      ended = true;
      break;
    }
    head += next.value;
  }
  if (head.trim() === "") {
    yield [rowError(0, "file", "", "empty_file", "The file is empty")];
    return;
  }

  let firstLine = 1;
  let delimiter: Delimiter | undefined = mapping.delimiter;
  // Excel honours a first line "sep=;" and so do we.
  const sep = SEP_LINE.exec(head);
  if (sep && [";", ",", "\t", "|"].includes(sep[1]!)) {
    delimiter ??= sep[1] as Delimiter;
    head = head.slice(sep[0].length);
    firstLine = 2;
  }
  delimiter ??= detectDelimiter(head);
  const newline = detectNewline(head) === "\r" ? "\r" : "\n";
  const splitter = new CsvRecordSplitter(delimiter, newline, firstLine);

  let out: IntakeItem[] = [];
  let builder: RowBuilder | null = null;
  let headerWidth = 0;
  let recordsBeforeHeader = 0;
  let fatal = false;

  const sink = {
    error: (e: RowError): void => {
      out.push({ error: e });
    },
    record: (cells: string[], line: number): void => {
      if (fatal || isBlank(cells)) return;
      if (builder === null) {
        recordsBeforeHeader++;
        if (recordsBeforeHeader < mapping.headerRow) return;
        const resolved = resolveColumns(cells, mapping, line);
        if ("errors" in resolved) {
          for (const e of resolved.errors) out.push({ error: e });
          fatal = true;
          return;
        }
        builder = new RowBuilder(rowContext(resolved.columns, mapping, options.paymentTermsDays));
        headerWidth = cells.length;
        options.onMeta?.({
          headerLine: line,
          headers: resolved.columns.headers,
          assignments: resolved.columns.assignments,
          delimiter,
          encoding: text.switchedTo ?? text.encoding,
        });
        return;
      }
      if (cells.length !== headerWidth && !onlyTrailingBlanks(cells, headerWidth)) {
        out.push(
          rowError(
            line,
            "record",
            cells.join(delimiter).replace(/\r$/, ""),
            "wrong_field_count",
            `the record has ${cells.length} fields where the header has ${headerWidth}` +
              (delimiter === "," ? "; an unquoted decimal comma splits a field in two" : ""),
          ),
        );
        return;
      }
      builder.build(cells, line, out);
    },
  };

  splitter.push(head, ended, sink);
  if (out.length > 0 || fatal) {
    yield out;
    out = [];
  }
  if (fatal) return;
  if (!ended) {
    for (;;) {
      const next = await chunks.next();
      splitter.push(next.done ? "" : next.value, next.done === true, sink);
      if (out.length > 0) {
        yield out;
        out = [];
      }
      if (fatal || next.done) break;
    }
  }
  if (builder === null && !fatal) yield [rowError(0, "file", "", "empty_file", "The file has no header row")];
}

/** Same as parseCsvBatches, one item at a time. */
export function parseCsv(source: ByteSource, options: CsvOptions = {}): AsyncGenerator<IntakeItem> {
  return flattenBatches(parseCsvBatches(source, options));
}

function isBlank(cells: string[]): boolean {
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i]!;
    if (c.length > 0 && c.trim() !== "") return false;
  }
  return true;
}

/** Trailing empty cells beyond the header (a stray delimiter at line end) are harmless. */
function onlyTrailingBlanks(cells: string[], width: number): boolean {
  if (cells.length < width) return false;
  for (let i = width; i < cells.length; i++) if (cells[i]!.trim() !== "") return false;
  return true;
}
