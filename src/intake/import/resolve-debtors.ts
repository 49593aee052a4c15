// Debtor merging for one batch, set-based: one query finds every known debtor behind the batch's
// keys (intake keys, plus customer codes and SIRENs of debtors created through the API), then the
// rows are resolved in file order so that a debtor met twice in a batch is created once.

import { sql } from "drizzle-orm";
import { pgArray } from "../../platform/db/bulk";
import type { Executor } from "../../platform/db/client";
import { orderedUuid } from "../../platform/db/ordered-id";
import { queryRows } from "../../platform/db/rows";
import type { ValidRow } from "./validate-row";

export interface ResolvedDebtors {
  /** Debtor id per row, same order as the input. */
  debtorOf: string[];
  /** Rows (indexes) whose debtor is new: the first row of each new debtor describes it. */
  firstRowOfNew: Map<string, number>;
  /** Debtors that existed before this batch and receive claims now. */
  known: Set<string>;
  /** Keys already stored, with their debtor: nothing to write again for them. */
  stored: Map<string, string>;
  merged: number;
}

export async function resolveDebtors(
  tx: Executor,
  creditorId: string,
  rows: readonly ValidRow[],
): Promise<ResolvedDebtors> {
  const keys = new Set<string>();
  const refs = new Set<string>();
  const sirens = new Set<string>();
  for (const r of rows) {
    // Every key is looked up, not only those that may match: a stored key needs no write again.
    for (const k of r.keys) keys.add(k);
    if (r.customerCode) refs.add(r.customerCode);
    if (r.siren) sirens.add(r.siren);
  }
  const found = await queryRows<{ key: string; debtor_id: string }>(
    tx,
    sql`select key, debtor_id::text from debtor_match_keys
          where creditor_id = ${creditorId} and key = any(${pgArray([...keys])}::text[])
        union all
        select 'ref:' || external_ref, id::text from debtors
          where creditor_id = ${creditorId} and external_ref = any(${pgArray([...refs])}::text[])
        union all
        select 'siren:' || siren, id::text from debtors
          where creditor_id = ${creditorId} and siren = any(${pgArray([...sirens])}::text[])`,
  );
  const existing = new Map<string, string>();
  for (const f of found) if (!existing.has(f.key)) existing.set(f.key, f.debtor_id);

  const inBatch = new Map<string, string>();
  const debtorOf: string[] = new Array(rows.length);
  const firstRowOfNew = new Map<string, number>();
  const known = new Set<string>();
  let merged = 0;
  rows.forEach((r, index) => {
    let id: string | undefined;
    for (let i = 0; i < r.matchable && id === undefined; i++) {
      const k = r.keys[i]!;
      id = existing.get(k) ?? inBatch.get(k);
    }
    if (id === undefined) {
      id = orderedUuid();
      firstRowOfNew.set(id, index);
    } else {
      merged++;
      if (!firstRowOfNew.has(id)) known.add(id);
    }
    for (const k of r.keys) if (!existing.has(k) && !inBatch.has(k)) inBatch.set(k, id);
    debtorOf[index] = id;
  });
  return { debtorOf, firstRowOfNew, known, stored: existing, merged };
}
