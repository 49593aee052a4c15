import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import os from "node:os";
import pg from "pg";
import { inject } from "vitest";
import { type Database, openDatabase } from "../../src/platform/db/client";

/** A fresh, migrated database for one test file: PostgreSQL when DATABASE_URL is set, else PGlite. */
export async function createTestDatabase(): Promise<Database> {
  const pgTemplate = inject("pgTemplate");
  if (pgTemplate) {
    const name = `${pgTemplate.template}_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: pgTemplate.adminUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${pgTemplate.template}`);
    } finally {
      await admin.end();
    }
    const u = new URL(pgTemplate.adminUrl);
    u.pathname = `/${name}`;
    return openDatabase({ databaseUrl: u.toString(), dataDir: os.tmpdir(), poolSize: 5 });
  }
  const file = inject("pgliteTemplate");
  if (!file) throw new Error("the test database template was not prepared by the global setup");
  const blob = new Blob([await readFile(file)]);
  return openDatabase({ dataDir: os.tmpdir(), memory: { loadDataDir: blob } });
}

export const isPostgres = (): boolean => inject("pgTemplate") !== null;
