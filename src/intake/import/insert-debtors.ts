// New debtors of a batch, their merge keys and contact points, in three set-based statements. A
// known debtor that a row describes with a new email, phone or address gains it as a contact point.

import { sql } from "drizzle-orm";
import { type ColumnType, copyRows, insertUnnest } from "../../platform/db/bulk";
import type { Executor } from "../../platform/db/client";
import { orderedUuid } from "../../platform/db/ordered-id";
import type { BatchContext } from "./batch-context";
import type { ResolvedDebtors } from "./resolve-debtors";
import type { ValidRow } from "./validate-row";

type Row = Record<string, string | number | boolean | null>;

export async function insertDebtors(
  tx: Executor,
  ctx: BatchContext,
  rows: readonly ValidRow[],
  resolved: ResolvedDebtors,
): Promise<void> {
  const at = ctx.now.toISOString();
  const debtorRows: Row[] = [];
  for (const [id, index] of resolved.firstRowOfNew) {
    const r = rows[index]!;
    debtorRows.push({
      id,
      creditor_id: ctx.creditorId,
      kind: r.kind,
      display_name: r.name,
      first_name: r.firstName ?? null,
      last_name: r.lastName ?? null,
      company_name: r.companyName ?? null,
      siren: r.siren ?? null,
      siret: r.siret ?? null,
      external_ref: r.customerCode ?? null,
      address: r.address ? JSON.stringify(r.address) : null,
      time_zone: r.timeZone,
      law_region: r.lawRegion,
      jurisdiction: r.address?.country === "US" ? "US" : "FR",
      created_at: at,
    });
  }
  await copyRows(
    tx,
    "debtors",
    {
      id: "uuid",
      creditor_id: "uuid",
      kind: "text",
      display_name: "text",
      first_name: "text",
      last_name: "text",
      company_name: "text",
      siren: "text",
      siret: "text",
      external_ref: "text",
      address: "jsonb",
      time_zone: "text",
      law_region: "text",
      jurisdiction: "text",
      created_at: "timestamptz",
    },
    debtorRows,
  );

  const keyRows: Row[] = [];
  const pointRows: Row[] = [];
  const knownPointRows: Row[] = [];
  const seenKeys = new Set<string>();
  const seenPoints = new Set<string>();
  rows.forEach((r, i) => {
    const debtorId = resolved.debtorOf[i]!;
    for (const key of r.keys) {
      if (seenKeys.has(key) || resolved.stored.has(key)) continue;
      seenKeys.add(key);
      keyRows.push({ creditor_id: ctx.creditorId, key, debtor_id: debtorId });
    }
    // A stored key of this debtor that names the value (ne: email, nt: phone, np: postal code) means
    // the contact point came with it: a known debtor seen again writes nothing.
    const storedFor = (prefix: string, value: string) =>
      r.keys.some((k) => k.startsWith(prefix) && k.endsWith(value) && resolved.stored.get(k) === debtorId);
    const point = (kind: string, value: string, phoneType: string | null) => {
      const k = `${debtorId}|${kind}|${value}`;
      if (seenPoints.has(k)) return;
      if (kind === "email" && storedFor("ne:", `|${value.toLowerCase()}`)) return;
      if (kind === "phone" && storedFor("nt:", `|${value}`)) return;
      if (kind === "postal" && r.address && storedFor("np:", `|${r.address.postalCode.replace(/\s/g, "")}`))
        return;
      seenPoints.add(k);
      (resolved.firstRowOfNew.has(debtorId) ? pointRows : knownPointRows).push({
        id: orderedUuid(),
        creditor_id: ctx.creditorId,
        debtor_id: debtorId,
        kind,
        value,
        phone_type: phoneType,
        source: "import",
        created_at: at,
      });
    };
    if (r.email) point("email", r.email, null);
    for (const p of r.phones) point("phone", p.e164, p.type);
    if (r.address) point("postal", JSON.stringify(r.address), null);
  });
  // Keys come out of the batch's lookup (every key of the batch, under the creditor's import lock):
  // none of them is stored yet, so they load without ON CONFLICT. A key already taken by another
  // debtor was found by that lookup and keeps its first owner: merging never moves a key.
  await copyRows(tx, "debtor_match_keys", { creditor_id: "uuid", key: "text", debtor_id: "uuid" }, keyRows);
  // A new debtor's points cannot exist yet; a known debtor may already have one (entered by hand).
  await copyRows(tx, "contact_points", POINT_COLUMNS, pointRows);
  await insertUnnest(tx, "contact_points", POINT_COLUMNS, knownPointRows, sql`on conflict do nothing`);
}

const POINT_COLUMNS: Record<string, ColumnType> = {
  id: "uuid",
  creditor_id: "uuid",
  debtor_id: "uuid",
  kind: "text",
  value: "text",
  phone_type: "text",
  source: "text",
  created_at: "timestamptz",
};
