import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Transaction as PgliteTransaction } from "@electric-sql/pglite";
import { type SQL, sql } from "drizzle-orm";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { Executor } from "./client";

/**
 * A Postgres array literal; both drivers take it as one text parameter. Built by concatenation, and only
 * values holding a quote or a backslash go through a replace: batch writes build tens of these arrays of
 * a thousand values each, on the scheduler's hot path.
 */
export function pgArray(values: readonly (string | number | boolean | null)[]): string {
  let out = "{";
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ",";
    if (v === null || v === undefined) {
      out += "NULL";
      continue;
    }
    const s = typeof v === "string" ? v : String(v);
    out += NEEDS_ESCAPE.test(s) ? `"${s.replace(ESCAPED, "\\$&")}"` : `"${s}"`;
  }
  return `${out}}`;
}

const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;

export type ColumnType = "uuid" | "text" | "int" | "bigint" | "boolean" | "date" | "timestamptz" | "jsonb";

/**
 * The statement inserting many rows with one parameter per column (`insert … select from unnest(…)`):
 * it has the same size whatever the number of rows, which is far cheaper to build and to parse than a
 * multi-row VALUES list on hot paths. Null when there is nothing to insert. Usable on its own or as one
 * part of a data-modifying `with`.
 */
export function unnestInsert(
  table: string,
  columns: Record<string, ColumnType>,
  rows: readonly Record<string, string | number | boolean | null>[],
  onConflict: SQL = sql``,
): SQL | null {
  if (rows.length === 0) return null;
  const names = Object.keys(columns);
  const arrays = names.map((name) => {
    const values = rows.map((r) => r[name] ?? null);
    return sql`${pgArray(values)}::${sql.raw(columns[name]!)}[]`;
  });
  return sql`insert into ${sql.identifier(table)} (${sql.join(
    names.map((n) => sql.identifier(n)),
    sql`, `,
  )})
      select * from unnest(${sql.join(arrays, sql`, `)}) ${onConflict}`;
}

export async function insertUnnest(
  db: Executor,
  table: string,
  columns: Record<string, ColumnType>,
  rows: readonly Record<string, string | number | boolean | null>[],
  onConflict: SQL = sql``,
): Promise<void> {
  const statement = unnestInsert(table, columns, rows, onConflict);
  if (statement) await db.execute(statement);
}

/**
 * Runs several data-modifying statements as one (`with a as (…), b as (…) select 1`): one round trip and
 * one snapshot. The parts must not depend on each other's effects.
 */
export async function executeTogether(db: Executor, parts: readonly (SQL | null)[]): Promise<void> {
  const present = parts.filter((p): p is SQL => p !== null);
  if (present.length === 0) return;
  if (present.length === 1) {
    await db.execute(present[0]!);
    return;
  }
  const ctes = present.map((p, i) => sql`${sql.raw(`w${i}`)} as (${p})`);
  await db.execute(sql`with ${sql.join(ctes, sql`, `)} select 1`);
}

type CopyValue = string | number | boolean | null;

/**
 * Loads many rows with `COPY … FROM STDIN` (PostgreSQL, through pg-copy-streams) or `COPY … FROM
 * '/dev/blob'` (PGlite): the engines' bulk path, which batches heap writes and costs neither array
 * literals in Node nor array parsing on the server. COPY has no ON CONFLICT: only for rows that cannot
 * collide (fresh ids, keys checked under a lock). Same arguments as `insertUnnest`.
 * Runs on the connection of the caller's transaction, which COPY needs (a pool has no single one).
 */
export async function copyRows(
  tx: Executor,
  table: string,
  columns: Record<string, ColumnType>,
  rows: readonly Record<string, CopyValue>[],
): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(columns);
  const lines: string[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    lines[i] = names.map((n) => copyText(row[n] ?? null)).join("\t");
  }
  const text = `${lines.join("\n")}\n`;
  const target = `${quoteIdent(table)} (${names.map(quoteIdent).join(", ")})`;
  const client = connectionOf(tx);
  if (client instanceof pg.Client) {
    await pipeline(
      Readable.from([Buffer.from(text, "utf8")]),
      client.query(copyFrom(`copy ${target} from stdin`)),
    );
  } else {
    await client.query(`copy ${target} from '/dev/blob'`, [], { blob: new Blob([text]) });
  }
}

/** COPY text format: `\N` is null; backslash, tab and line breaks are escaped. */
function copyText(v: CopyValue): string {
  if (v === null) return "\\N";
  if (typeof v === "boolean") return v ? "t" : "f";
  const s = String(v);
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (ch) => COPY_ESCAPES[ch]!) : s;
}

const COPY_ESCAPES: Record<string, string> = { "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" };

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * The connection behind a drizzle transaction: node-postgres's pooled client, or PGlite's transaction
 * handle. drizzle keeps it on the transaction's session and offers no public accessor.
 */
function connectionOf(tx: Executor): pg.Client | PgliteTransaction {
  const client = (tx as unknown as { session?: { client?: unknown } }).session?.client;
  if (client instanceof pg.Client) return client;
  if (client && !(client instanceof pg.Pool) && typeof (client as PgliteTransaction).query === "function")
    return client as PgliteTransaction;
  throw new Error("copyRows runs inside a transaction");
}
