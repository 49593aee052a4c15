import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import { AppError } from "../errors";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything that runs queries: the database or an open transaction. */
export type Executor = Db | Tx;

export interface Database {
  readonly db: Db;
  readonly kind: "pglite" | "postgres";
  /** Runs one raw SQL statement (used by migrations and benchmarks). */
  exec(sqlText: string): Promise<void>;
  /**
   * LISTEN on a channel; resolves once listening, with the function that stops. On PostgreSQL each call
   * holds one dedicated connection (a pooled one would lose the LISTEN when returned to the pool);
   * `onLost` is told when that connection drops, so the caller can listen again.
   */
  listen(
    channel: string,
    onPayload: (payload: string) => void,
    onLost?: (error: Error) => void,
  ): Promise<() => Promise<void>>;
  /** NOTIFY outside any transaction (delivered at once; inside a transaction NOTIFY waits for commit). */
  notify(channel: string, payload: string): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string;
  dataDir: string;
  /** In-memory PGlite (tests); optionally loaded from a dumped data dir. */
  memory?: { loadDataDir?: Blob };
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  if (options.memory) {
    const client = new PGlite({ loadDataDir: options.memory.loadDataDir });
    await client.waitReady;
    return wrapPglite(client, () => {});
  }
  const pgdata = path.join(options.dataDir, "pgdata");
  mkdirSync(pgdata, { recursive: true });
  const release = lockDataDir(options.dataDir);
  try {
    const client = new PGlite(pgdata);
    await client.waitReady;
    return wrapPglite(client, release);
  } catch (error) {
    release();
    throw error;
  }
}

/** The part of PGlite (and of its transactions) that drizzle calls. */
interface PgliteQueryable {
  query: PGlite["query"];
}

const nextTurnOfTheLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * PGlite runs each statement synchronously on the event loop, and a statement's promise resolves at once:
 * without a pause, a transaction (or a voice agent's whole turn) runs as one unbroken stretch, and live
 * calls' audio frames and timers wait behind it. Each statement first lets the loop turn once. Safe inside
 * a transaction: PGlite runs a statement from outside only after the transaction ends.
 */
class YieldingPglite implements PgliteQueryable {
  constructor(private readonly client: PGlite) {}
  query: PGlite["query"] = async (...args) => {
    await nextTurnOfTheLoop();
    return this.client.query(...args);
  };
  transaction = <T>(work: (tx: PgliteQueryable) => Promise<T>): Promise<T> =>
    this.client.transaction((tx) =>
      work({
        query: async (...args: Parameters<PGlite["query"]>) => {
          await nextTurnOfTheLoop();
          return tx.query(...args);
        },
      } as PgliteQueryable),
    );
}

function wrapPglite(client: PGlite, release: () => void): Database {
  const db = drizzlePglite(new YieldingPglite(client) as unknown as PGlite, { schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    exec: async (sqlText) => {
      await client.exec(sqlText);
    },
    listen: async (channel, onPayload) => {
      const stop = await client.listen(channel, onPayload);
      return async () => {
        if (!client.closed) await stop();
      };
    },
    notify: async (channel, payload) => {
      await client.query("select pg_notify($1, $2)", [channel, payload]);
    },
    close: async () => {
      try {
        await client.close();
      } finally {
        release();
      }
    },
  };
}

function openPostgres(url: string, max: number): Database {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client error (server restart) must not crash the process; the next query reconnects.
  pool.on("error", () => {});
  const db = drizzleNodePg(pool, { schema }) as unknown as Db;
  return {
    db,
    kind: "postgres",
    exec: async (sqlText) => {
      await pool.query(sqlText);
    },
    listen: async (channel, onPayload, onLost) => {
      const client = new pg.Client({ connectionString: url });
      let stopped = false;
      client.on("notification", (n) => {
        if (n.channel === channel && n.payload !== undefined) onPayload(n.payload);
      });
      client.on("error", (error) => {
        if (!stopped) onLost?.(error);
      });
      client.on("end", () => {
        if (!stopped) onLost?.(new Error("LISTEN connection ended"));
      });
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      return async () => {
        stopped = true;
        await client.end().catch(() => {});
      };
    },
    notify: async (channel, payload) => {
      await pool.query("select pg_notify($1, $2)", [channel, payload]);
    },
    close: () => pool.end(),
  };
}

// PGlite lives inside one process (DESIGN.md "Real parts"): a second process must never open the same
// files. The lock file records the owner's pid; a stale lock left by a dead process is taken over.
function lockDataDir(dataDir: string): () => void {
  const file = path.join(dataDir, "pglite.lock");
  const tryWrite = () => writeFileSync(file, String(process.pid), { flag: "wx" });
  try {
    tryWrite();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const owner = Number.parseInt(readFileSync(file, "utf8"), 10);
    if (owner && owner !== process.pid && isAlive(owner)) {
      throw new AppError(
        "database_busy",
        `The embedded database in ${dataDir} is in use by process ${owner} (relance serve). ` +
          "Stop that process, use the running server's API, or set DATABASE_URL to a PostgreSQL server.",
      );
    }
    rmSync(file, { force: true });
    tryWrite();
  }
  return () => {
    if (existsSync(file) && readFileSync(file, "utf8") === String(process.pid)) rmSync(file, { force: true });
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
