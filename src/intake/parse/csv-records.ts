// Streaming CSV record splitter on top of papaparse's core parser. It feeds papaparse one decoded
// chunk at a time, keeps the unfinished record for the next chunk, and counts physical lines so
// that a record with newlines inside quotes still reports the line it starts on.

import Papa from "papaparse";
import type { Delimiter } from "./encoding";
import { type RowError, rowError } from "./types";

/** A record longer than this is an unclosed quote swallowing the file, not data. */
export const MAX_RECORD_CHARS = 1 << 20;

export interface RecordSink {
  record(cells: string[], line: number): void;
  error(error: RowError): void;
}

interface PapaResult {
  data: string[][];
  errors: { code: string; row?: number }[];
  meta: { cursor: number };
}

export class CsvRecordSplitter {
  private readonly parser: Papa.Parser;
  private readonly newlineChar: string;
  private partial = "";
  private skipping = false;
  /** Physical line number of the next record. */
  line: number;

  constructor(
    private readonly delimiter: Delimiter,
    private readonly newline: "\n" | "\r",
    firstLine = 1,
  ) {
    // A CRLF file is split on "\n": the trailing "\r" is trimmed with the field, and a file that
    // mixes CRLF and LF (hand-edited exports) still splits on every line.
    this.parser = new Papa.Parser({ delimiter, newline, quoteChar: '"' });
    this.newlineChar = newline;
    this.line = firstLine;
  }

  push(chunk: string, last: boolean, sink: RecordSink): void {
    if (this.skipping) {
      const nl = chunk.indexOf(this.newline);
      if (nl < 0 && !last) return;
      this.skipping = false;
      this.line++;
      chunk = nl < 0 ? "" : chunk.substring(nl + 1);
    }
    let input = this.partial.length > 0 ? this.partial + chunk : chunk;
    this.partial = "";
    for (;;) {
      const res = this.parser.parse(input, 0, true) as PapaResult;
      this.emit(res, input, sink);
      const rest = input.substring(res.meta.cursor);
      if (rest === "") return;
      if (last) {
        const fin = this.parser.parse(rest, 0, false) as PapaResult;
        if (!fin.errors.some((e) => e.code === "MissingQuotes")) {
          this.emit(fin, rest, sink);
          return;
        }
        input = this.dropBrokenLine(
          rest,
          sink,
          "malformed_quotes",
          "opens a quoted field that is never closed",
        );
        if (input === "") return;
        continue;
      }
      if (rest.length > MAX_RECORD_CHARS) {
        input = this.dropBrokenLine(
          rest,
          sink,
          "record_too_long",
          `runs over ${MAX_RECORD_CHARS} characters, most likely a quoted field that is never closed`,
        );
        continue;
      }
      this.partial = rest;
      return;
    }
  }

  /** Reports the record starting at the current line and resumes parsing on the next physical line. */
  private dropBrokenLine(
    rest: string,
    sink: RecordSink,
    reason: "malformed_quotes" | "record_too_long",
    message: string,
  ): string {
    const nl = rest.indexOf(this.newline);
    const firstLine = nl < 0 ? rest : rest.substring(0, nl);
    sink.error(
      rowError(this.line, "record", firstLine.replace(/\r$/, ""), reason, `the record ${message}`).error,
    );
    if (nl < 0) {
      this.skipping = rest.length > MAX_RECORD_CHARS;
      return "";
    }
    this.line++;
    return rest.substring(nl + 1);
  }

  private emit(res: PapaResult, input: string, sink: RecordSink): void {
    const rows = res.data;
    let bad: Set<number> | null = null;
    for (const e of res.errors) {
      if (e.code === "InvalidQuotes" && e.row !== undefined) {
        bad ??= new Set();
        bad.add(e.row);
      }
    }
    const quoted = input.indexOf('"') !== -1;
    const nlc = this.newlineChar;
    for (let r = 0; r < rows.length; r++) {
      const cells = rows[r]!;
      const line = this.line;
      let span = 1;
      if (quoted) {
        for (let f = 0; f < cells.length; f++) {
          const v = cells[f]!;
          let at = v.indexOf(nlc);
          while (at !== -1) {
            span++;
            at = v.indexOf(nlc, at + 1);
          }
        }
      }
      this.line += span;
      if (bad?.has(r)) {
        sink.error(
          rowError(
            line,
            "record",
            cells.join(this.delimiter).replace(/\r$/, ""),
            "malformed_quotes",
            "the record has text after a closing quote; quote the whole field and double inner quotes",
          ).error,
        );
      } else sink.record(cells, line);
    }
  }
}
