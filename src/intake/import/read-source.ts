// One entry point over the parsers: a format (given or detected from the name and first bytes) and
// the source bytes give batches of parsed rows and row errors.

import type { ColumnMappingInput } from "../parse/columns";
import { parseCsvBatches } from "../parse/csv";
import { parseFecBatches } from "../parse/fec";
import type { ByteSource, IntakeItem, RowErrorReason } from "../parse/types";
import type { ImportFormat } from "../schema";

export interface SourceOptions {
  format: ImportFormat;
  fileName: string;
  mapping?: ColumnMappingInput;
  paymentTermsDays?: number;
  sheet?: string;
}

/** Problems that mean the file as a whole could not be read: nothing of it is imported. */
export const FILE_LEVEL_REASONS: ReadonlySet<RowErrorReason> = new Set([
  "empty_file",
  "unreadable_file",
  "sheet_not_found",
  "missing_column",
  "invalid_xml",
  "unsupported_document",
  "no_embedded_invoice",
]);

/** E-invoices are read whole; larger uploads are not invoices. */
const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

export async function* readBatches(source: ByteSource, o: SourceOptions): AsyncGenerator<IntakeItem[]> {
  // exceljs and pdf-lib are loaded only for the formats that need them: a CSV import stays light.
  switch (o.format) {
    case "csv":
      yield* parseCsvBatches(source, { mapping: o.mapping, paymentTermsDays: o.paymentTermsDays });
      return;
    case "xlsx": {
      const { parseXlsxBatches } = await import("../parse/xlsx");
      yield* parseXlsxBatches(source, {
        mapping: o.mapping,
        paymentTermsDays: o.paymentTermsDays,
        sheet: o.sheet,
      });
      return;
    }
    case "fec":
      yield* parseFecBatches(source, {
        paymentTermsDays: o.paymentTermsDays,
        currency: typeof o.mapping?.currency === "string" ? o.mapping.currency : undefined,
      });
      return;
    case "facturx": {
      const { parseFacturX } = await import("../parse/facturx");
      yield await parseFacturX(await readAll(source), {
        fileName: o.fileName,
        paymentTermsDays: o.paymentTermsDays,
      });
      return;
    }
    case "ubl": {
      const { parseEInvoice } = await import("../parse/einvoice");
      const bytes = await readAll(source);
      yield parseEInvoice(bytes, {
        paymentTermsDays: o.paymentTermsDays,
        evidence: { fileName: o.fileName, mediaType: "application/xml", bytes },
      });
      return;
    }
    default: {
      const never: never = o.format;
      throw new Error(`unknown format ${String(never)}`);
    }
  }
}

async function readAll(source: ByteSource): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of source) {
    const b = typeof c === "string" ? Buffer.from(c) : Buffer.from(c);
    size += b.length;
    if (size > MAX_DOCUMENT_BYTES) break;
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/** The format from the file name, then from the first bytes (a FEC is a CSV with ledger headers). */
export function detectFormat(fileName: string, head: Uint8Array): ImportFormat {
  const name = fileName.toLowerCase();
  const text = Buffer.from(head.subarray(0, 4096))
    .toString("latin1")
    .replace(/^\uFEFF|^ï»¿/, "");
  if (name.endsWith(".xlsx") || text.startsWith("PK\u0003\u0004")) return "xlsx";
  if (name.endsWith(".pdf") || text.startsWith("%PDF")) return "facturx";
  if (name.endsWith(".xml") || text.trimStart().startsWith("<")) return "ubl";
  // LPF A47 A-1 names the file <SIREN>FEC<closing date>.
  if (/^\d{9}fec\d{8}/.test(path(name)) || (/journalcode/i.test(text) && /comptenum/i.test(text)))
    return "fec";
  return "csv";
}

function path(name: string): string {
  return name.split(/[\\/]/).pop() ?? name;
}
