import { type SQL, sql } from "drizzle-orm";
import type { Executor } from "./client";

/** A Postgres array literal; both drivers take it as one text parameter. */
export function pgArray(values: readonly (string | number | boolean | null)[]): string {
  return `{${values
    .map((v) => (v === null ? "NULL" : `"${String(v).replace(/["\\]/g, (ch) => `\\${ch}`)}"`))
    .join(",")}}`;
}

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
