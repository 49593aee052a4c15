// The import report: counts in the shape creditors read, and its CSV rendering.

import type { RowError } from "../parse/types";
import type { ImportReport } from "../schema";
import type { ImportError } from "./validate-row";

/** Errors kept in the report; `rejected` still counts every rejected row beyond it. */
export const MAX_REPORTED_ERRORS = 200_000;

export class ReportBuilder {
  readonly report: ImportReport = {
    rows: 0,
    created: 0,
    updated: 0,
    skipped: 0,
    rejected: 0,
    debtors_created: 0,
    debtors_merged: 0,
    errors: [],
  };
  private lastRejectedLine = -1;

  /** A row that reached validation (parsed whole). */
  row(): void {
    this.report.rows++;
  }

  /** Errors of one line; a line counts once in `rows` and `rejected` however many faults it has. */
  reject(errors: readonly (ImportError | RowError)[], parsed: boolean): void {
    for (const e of errors) {
      if (e.line !== this.lastRejectedLine) {
        this.lastRejectedLine = e.line;
        this.report.rejected++;
        if (!parsed) this.report.rows++;
      }
      if (this.report.errors.length < MAX_REPORTED_ERRORS) {
        this.report.errors.push({ line: e.line, field: e.field, value: e.value, reason: e.reason });
      }
    }
  }

  /** A fault of the file as a whole (no header, unreadable): named, but no row is counted. */
  fileError(e: RowError): void {
    this.report.errors.push({ line: e.line, field: e.field, value: e.value, reason: e.reason });
  }

  add(counts: {
    created: number;
    updated: number;
    skipped: number;
    debtorsCreated: number;
    debtorsMerged: number;
  }) {
    this.report.created += counts.created;
    this.report.updated += counts.updated;
    this.report.skipped += counts.skipped;
    this.report.debtors_created += counts.debtorsCreated;
    this.report.debtors_merged += counts.debtorsMerged;
  }

  /** All-or-nothing refusal: nothing landed. */
  refuse(): void {
    Object.assign(this.report, { created: 0, updated: 0, skipped: 0, debtors_created: 0, debtors_merged: 0 });
  }
}

/** `line;field;value;reason`, RFC 4180 quoting, UTF-8 with BOM so that Excel reads accents. */
export function errorsCsv(report: ImportReport): string {
  const q = (v: string | number) => {
    const s = String(v);
    return /[";\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = ["line;field;value;reason"];
  for (const e of report.errors) lines.push([e.line, e.field, e.value, e.reason].map(q).join(";"));
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
