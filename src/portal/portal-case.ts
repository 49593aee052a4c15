import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { agency, cases, creditors, debtors, documents, mandates } from "../cases/schema";
import { loadCaseClaims } from "../payments/case-balance";
import { addDays, isoDay, maxInstalmentsFor } from "../payments/commitments";
import { paymentPlans, payments, planInstalments, promises } from "../payments/schema";
import type { Db } from "../platform/db/client";
import { notFound } from "../platform/errors";
import { makeRfReference } from "../platform/identifiers";

// What a debtor sees once past the identity check. What is owed and why, per invoice: principal,
// interest and the B2B indemnity, each on its own line (R124-4 3°). Agency fees never appear: they
// are the creditor's to pay (L111-8, FR-07).

/** What the debtor may download from the portal: never internal correspondence. */
export const PORTAL_DOCUMENT_KINDS = ["invoice", "receipt", "credit_note"] as const;

const amount = z.number().int().meta({ description: "Integer minor units (cents)" });

export const portalCaseSchema = z.object({
  agency: z.object({ name: z.string() }),
  creditor: z.object({ name: z.string() }),
  debtorKind: z.enum(["person", "company"]),
  reference: z.string(),
  paymentReference: z.string().meta({ description: "ISO 11649 RF reference for bank transfers" }),
  firstLetter: z.object({ reference: z.string(), date: z.string() }).nullable(),
  currency: z.string(),
  status: z.enum(["open", "paused", "closed"]),
  holdReason: z.string().nullable(),
  claims: z.array(
    z.object({
      id: z.uuid(),
      number: z.string(),
      issueDate: z.string(),
      dueDate: z.string(),
      principal: amount,
      interest: amount,
      indemnity: amount,
      paid: amount,
      outstanding: amount,
    }),
  ),
  totals: z.object({
    principal: amount,
    interest: amount,
    indemnity: amount,
    paid: amount,
    outstanding: amount,
  }),
  payments: z.array(
    z.object({
      id: z.uuid(),
      at: z.string(),
      amount,
      status: z.string(),
      receiptDocumentId: z.uuid().nullable(),
      receiptNumber: z.string(),
      /** The checkout the payment came through, so the page the debtor returns to can find it. */
      paymentLinkId: z.uuid().nullable(),
    }),
  ),
  documents: z.array(
    z.object({ id: z.uuid(), kind: z.string(), filename: z.string(), claimId: z.uuid().nullable() }),
  ),
  plan: z
    .object({
      id: z.uuid(),
      instalments: z.array(
        z.object({ seq: z.number(), dueDate: z.string(), amount, paid: amount, status: z.string() }),
      ),
    })
    .nullable(),
  promise: z.object({ dueDate: z.string(), amount }).nullable(),
  planOptions: z.object({ maxInstalments: z.number(), minInstalment: amount, latestFirstDate: z.string() }),
});
export type PortalCase = z.infer<typeof portalCaseSchema>;

export async function getPortalCase(db: Db, caseId: string, now: Date): Promise<PortalCase> {
  const [row] = await db
    .select({ c: cases, creditor: creditors.legalName, kind: debtors.kind, mandate: mandates })
    .from(cases)
    .innerJoin(creditors, eq(creditors.id, cases.creditorId))
    .innerJoin(debtors, eq(debtors.id, cases.debtorId))
    .innerJoin(mandates, eq(mandates.id, cases.mandateId))
    .where(eq(cases.id, caseId));
  if (!row) throw notFound("Case");
  const c = row.c;
  const [agencyRow] = await db.select({ name: agency.name }).from(agency).limit(1);
  const { claims: claimRows, buckets, paid } = await loadCaseClaims(db, caseId, c.currency, now);
  const claimViews = claimRows.map((claim, i) => {
    const p = paid.get(claim.id)!;
    const owed = buckets[i]!.owed;
    const indemnity = claim.b2bIndemnity ? 4000 : 0;
    const outstanding = Object.values(owed).reduce((s, m) => s + (m?.amount ?? 0), 0);
    return {
      id: claim.id,
      number: claim.number,
      issueDate: claim.issueDate,
      dueDate: claim.dueDate,
      principal: claim.principalCents,
      // Late interest and L441-10 penalties accrued to today (both the creditor's own claims).
      interest: p.interest + p.penalties + (owed.interest?.amount ?? 0) + (owed.penalties?.amount ?? 0),
      indemnity,
      paid: p.principal + p.indemnity + p.interest + p.penalties,
      outstanding,
    };
  });
  const total = (k: "principal" | "interest" | "indemnity" | "paid" | "outstanding") =>
    claimViews.reduce((s, v) => s + v[k], 0);
  const paymentRows = await db
    .select()
    .from(payments)
    .where(eq(payments.caseId, caseId))
    .orderBy(desc(payments.encashedAt));
  const docs = await db
    .select()
    .from(documents)
    .where(and(eq(documents.caseId, caseId), inArray(documents.kind, [...PORTAL_DOCUMENT_KINDS])))
    .orderBy(asc(documents.createdAt));
  const [plan] = await db
    .select()
    .from(paymentPlans)
    .where(and(eq(paymentPlans.caseId, caseId), eq(paymentPlans.status, "active")));
  const instalments = plan
    ? await db
        .select()
        .from(planInstalments)
        .where(eq(planInstalments.planId, plan.id))
        .orderBy(asc(planInstalments.seq))
    : [];
  const [promise] = await db
    .select()
    .from(promises)
    .where(and(eq(promises.caseId, caseId), eq(promises.status, "open")));
  const limits = row.mandate.planLimits;
  return {
    agency: { name: agencyRow?.name ?? "Relance" },
    creditor: { name: row.creditor },
    debtorKind: row.kind,
    reference: c.reference,
    paymentReference: makeRfReference(c.reference),
    firstLetter:
      c.firstLetterRef && c.firstLetterAt
        ? { reference: c.firstLetterRef, date: c.firstLetterAt.toISOString() }
        : null,
    currency: c.currency,
    status: c.status === "closed" ? "closed" : c.status === "on_hold" ? "paused" : "open",
    holdReason: c.status === "on_hold" ? c.holdReason : null,
    claims: claimViews,
    totals: {
      principal: total("principal"),
      interest: total("interest"),
      indemnity: total("indemnity"),
      paid: total("paid"),
      // Computed to today: interest grows daily, the case row's balance is as of its last movement.
      outstanding: total("outstanding"),
    },
    payments: paymentRows.map((p) => ({
      id: p.id,
      at: p.encashedAt.toISOString(),
      amount: p.amountCents,
      status: p.status,
      receiptDocumentId: p.receiptDocumentId,
      receiptNumber: p.receiptNumber,
      paymentLinkId: p.paymentLinkId,
    })),
    documents: docs.map((d) => ({ id: d.id, kind: d.kind, filename: d.filename, claimId: d.claimId })),
    plan: plan
      ? {
          id: plan.id,
          instalments: instalments.map((i) => ({
            seq: i.seq,
            dueDate: i.dueDate,
            amount: i.amountCents,
            paid: i.paidCents,
            status: i.status,
          })),
        }
      : null,
    promise: promise ? { dueDate: promise.dueDate, amount: promise.amountCents } : null,
    planOptions: {
      maxInstalments: maxInstalmentsFor(c.balanceCents, limits),
      minInstalment: limits.minInstalmentCents,
      latestFirstDate: addDays(isoDay(now), limits.maxFirstPaymentDelayDays),
    },
  };
}
