import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import { createCreditor } from "../../src/cases/creditors";
import type { DocumentStore } from "../../src/cases/documents";
import { createMandateVersion } from "../../src/cases/mandates";
import { SYSTEM } from "../../src/cases/timeline";
import { type ImportOptionsInput, importOptionsSchema } from "../../src/intake/import/options";
import { detectFormat } from "../../src/intake/import/read-source";
import { createImportRecord, runImport } from "../../src/intake/import/run-import";
import type { Database } from "../../src/platform/db/client";
import { queryRows } from "../../src/platform/db/rows";
import { MANDATE, TEST_NOW } from "../helpers/app";

/** A fresh creditor with an active mandate, so that every test owns its data. */
export async function newCreditor(database: Database, siren = "552100554"): Promise<string> {
  const ref = `IMP-${randomBytes(4).toString("hex")}`;
  const c = await createCreditor(
    database.db,
    { ref, legalName: `${ref} SAS`, siren, contacts: [] },
    TEST_NOW,
  );
  await createMandateVersion(database.db, c.id, MANDATE);
  return c.id;
}

export async function importBytes(
  database: Database,
  creditorId: string,
  fileName: string,
  bytes: Buffer,
  options: ImportOptionsInput = {},
  documents?: DocumentStore,
) {
  const parsed = importOptionsSchema.parse(options);
  const format = parsed.format ?? detectFormat(fileName, bytes);
  const importId = await createImportRecord(
    database.db,
    { creditorId, fileName, format, options: parsed },
    TEST_NOW,
  );
  return runImport(
    database.db,
    { importId, creditorId, fileName, format, options: parsed, actor: SYSTEM, now: TEST_NOW, documents },
    Readable.from([bytes]),
  );
}

export async function countRows(database: Database, table: string, creditorId: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    database.db,
    sql`select count(*)::int as n from ${sql.identifier(table)} where creditor_id = ${creditorId}`,
  );
  return row!.n;
}
