import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { documentStore } from "../../src/cases/documents";
import type { TestApp } from "../helpers/app";
import { caseBody } from "../helpers/app";

export const store = () => documentStore(mkdtempSync(path.join(os.tmpdir(), "relance-pay-")));

/** A B2B case of creditor a with the given invoices (principal cents, due date); 40 € indemnity each. */
export async function makeCase(
  t: TestApp,
  ref: string,
  invoices: { principal: number; due: string; number?: string }[] = [
    { principal: 100_000, due: "2026-07-01" },
  ],
  debtor?: Record<string, unknown>,
): Promise<{ caseId: string; claimIds: string[] }> {
  const body = caseBody(ref, {
    claims: invoices.map((inv, i) => ({
      number: inv.number ?? `INV-${ref}-${i + 1}`,
      issueDate: "2026-06-01",
      dueDate: inv.due,
      principal: { amount: inv.principal, currency: "EUR" },
    })),
    ...(debtor ? { debtor } : {}),
  });
  const res = await t.request("POST", "/api/v1/cases", { body, auth: { key: t.creditors.a.key } });
  if (res.statusCode !== 201) throw new Error(`case creation failed: ${res.statusCode} ${res.body}`);
  const caseId = res.json().id as string;
  const detail = await t.request("GET", `/api/v1/cases/${caseId}`, { auth: { key: t.creditors.a.key } });
  const claimIds = (detail.json().claims as { id: string; dueDate: string }[]).map((c) => c.id);
  return { caseId, claimIds };
}
