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
 * Inserts many rows with one parameter per column (`insert … select from unnest(…)`): the statement
 * has the same size whatever the number of rows, which is far cheaper to build and to parse than a
 * multi-row VALUES list on hot paths.
 */
export async function insertUnnest(
  db: Executor,
  table: string,
  columns: Record<string, ColumnType>,
  rows: readonly Record<string, string | number | boolean | null>[],
  onConflict: SQL = sql``,
): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(columns);
  const arrays = names.map((name) => {
    const values = rows.map((r) => r[name] ?? null);
    return sql`${pgArray(values)}::${sql.raw(columns[name]!)}[]`;
  });
  await db.execute(
    sql`insert into ${sql.identifier(table)} (${sql.join(
      names.map((n) => sql.identifier(n)),
      sql`, `,
    )})
        select * from unnest(${sql.join(arrays, sql`, `)}) ${onConflict}`,
  );
}
