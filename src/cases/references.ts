import { sql } from "drizzle-orm";
import type { Executor } from "../platform/db/client";
import { queryRows } from "../platform/db/rows";

/** Agency case reference, e.g. REL-2026-000123: short enough to read out on the phone. */
export async function nextCaseReference(tx: Executor, now: Date): Promise<string> {
  const [row] = await queryRows<{ n: string }>(tx, sql`select nextval('case_reference_seq')::text as n`);
  return `REL-${now.getUTCFullYear()}-${(row?.n ?? "0").padStart(6, "0")}`;
}

/** `count` agency references at once, in sequence order (bulk intake). */
export async function nextCaseReferences(tx: Executor, now: Date, count: number): Promise<string[]> {
  if (count === 0) return [];
  const rows = await queryRows<{ n: string }>(
    tx,
    sql`select nextval('case_reference_seq')::text as n from generate_series(1, ${count})`,
  );
  return rows.map((r) => `REL-${now.getUTCFullYear()}-${r.n.padStart(6, "0")}`);
}
