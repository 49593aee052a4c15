import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/platform/db/client";
import { MIGRATIONS_DIR, migrateDatabase } from "../../src/platform/db/migrate";
import { queryRows } from "../../src/platform/db/rows";

const run = promisify(execFile);
const BIN = path.resolve("bin/relance.mjs");
const migrationCount = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith(".sql")).length;

// Tests here start relance processes, each loading the whole server: slow on a busy machine.
describe("migrations", { timeout: 120_000 }, () => {
  it.runIf(process.env.DATABASE_URL)(
    "serialises concurrent starts on one PostgreSQL without corrupting the schema",
    async () => {
      const url = new URL(process.env.DATABASE_URL!);
      const name = `relance_migrate_${randomBytes(4).toString("hex")}`;
      const admin = new pg.Client({ connectionString: url.toString() });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      url.pathname = `/${name}`;
      try {
        const databases = await Promise.all(
          Array.from({ length: 4 }, () =>
            openDatabase({ databaseUrl: url.toString(), dataDir: os.tmpdir(), poolSize: 2 }),
          ),
        );
        await Promise.all(databases.map((d) => migrateDatabase(d)));
        const [applied] = await queryRows<{ n: number }>(
          databases[0]!.db,
          sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
        );
        expect(applied?.n).toBe(migrationCount);
        const [tables] = await queryRows<{ n: number }>(
          databases[0]!.db,
          sql`select count(*)::int as n from information_schema.tables where table_schema = 'public'`,
        );
        expect(tables?.n).toBeGreaterThanOrEqual(11);
        await Promise.all(databases.map((d) => d.close()));
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      }
    },
  );

  it("applies migrations once and is a no-op the second time (embedded database)", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "relance-mig-"));
    const database = await openDatabase({ dataDir });
    await migrateDatabase(database);
    await migrateDatabase(database);
    const [applied] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    );
    expect(applied?.n).toBe(migrationCount);
    await database.close();
  });

  it("refuses to open an embedded database another process holds, naming the holder", async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "relance-lock-"));
    const database = await openDatabase({ dataDir });
    try {
      const env = { ...process.env, RELANCE_DATA_DIR: dataDir, DATABASE_URL: "" };
      const error = await run(process.execPath, [BIN, "migrate"], { env }).catch((e) => e);
      expect(error.code).toBe(1);
      expect(error.stderr).toContain(`in use by process ${process.pid}`);
    } finally {
      await database.close();
    }
    // Once released, another process opens it.
    const env = { ...process.env, RELANCE_DATA_DIR: dataDir, DATABASE_URL: "" };
    const ok = await run(process.execPath, [BIN, "migrate", "--json"], { env });
    expect(JSON.parse(ok.stdout)).toEqual({ migrated: true, database: "pglite" });
  });
});
