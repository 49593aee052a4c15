import { Readable } from "node:stream";
import iconv from "iconv-lite";
import type { IntakeItem, IntakeRow, RowError } from "../../src/intake/parse/types";

/** A byte stream cut into chunks of `chunkSize`, to exercise chunk boundaries. */
export function source(bytes: Uint8Array | string, chunkSize = 64 * 1024): Readable {
  const buf = typeof bytes === "string" ? Buffer.from(bytes, "utf8") : Buffer.from(bytes);
  const chunks: Buffer[] = [];
  for (let i = 0; i < buf.length; i += chunkSize) chunks.push(buf.subarray(i, i + chunkSize));
  return Readable.from(chunks);
}

export function encode(
  text: string,
  encoding: "utf-8" | "windows-1252" | "iso-8859-15" | "utf-16le",
): Buffer {
  return iconv.encode(text, encoding);
}

export async function collect(
  items: AsyncIterable<IntakeItem>,
): Promise<{ rows: IntakeRow[]; errors: RowError[] }> {
  const rows: IntakeRow[] = [];
  const errors: RowError[] = [];
  for await (const it of items) {
    if ("row" in it) rows.push(it.row);
    else errors.push(it.error);
  }
  return { rows, errors };
}

export function split(items: IntakeItem[]): { rows: IntakeRow[]; errors: RowError[] } {
  return {
    rows: items.flatMap((i) => ("row" in i ? [i.row] : [])),
    errors: items.flatMap((i) => ("error" in i ? [i.error] : [])),
  };
}
