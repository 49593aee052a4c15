import { randomBytes } from "node:crypto";
import { writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { migrate } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../src/platform/db/client";
import { MIGRATIONS_DIR, migrateDatabase } from "../../src/platform/db/migrate";

// One migrated template per run; every test file gets its own database cloned from it
// (PostgreSQL: CREATE DATABASE … TEMPLATE; PGlite: a dumped data dir loaded in memory).

declare module "vitest" {
  export interface ProvidedContext {
    pgTemplate: { adminUrl: string; template: string } | null;
    pgliteTemplate: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const template = `relance_tpl_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${template}`);
    const tplUrl = withDatabase(url, template);
    const database = await openDatabase({ databaseUrl: tplUrl, dataDir: os.tmpdir(), poolSize: 1 });
    await migrateDatabase(database);
    await database.close();
    project.provide("pgTemplate", { adminUrl: url, template });
    project.provide("pgliteTemplate", null);
    return async () => {
      // Drop the per-file databases and the template this run created.
      const { rows } = await admin.query<{ datname: string }>(
        "select datname from pg_database where datname like $1",
        [`${template}%`],
      );
      for (const r of rows.filter((r) => r.datname !== template)) {
        await admin.query(`DROP DATABASE IF EXISTS ${r.datname} WITH (FORCE)`);
      }
      await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
      await admin.end();
    };
  }
  // Migrate an in-memory instance once and dump its data dir; each file loads the dump.
  const fresh = new PGlite();
  await migrate(drizzle(fresh), { migrationsFolder: MIGRATIONS_DIR });
  const dump = await fresh.dumpDataDir("none");
  await fresh.close();
  const file = path.join(os.tmpdir(), `relance-template-${process.pid}.tar`);
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  project.provide("pgTemplate", null);
  project.provide("pgliteTemplate", file);
  return async () => {};
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
