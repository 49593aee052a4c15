import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { type DocumentStore, recordDocument, storeDocumentFile } from "../cases/documents";
import { cases, claims, creditors, debtors } from "../cases/schema";
import type { Actor } from "../cases/timeline";
import { printable } from "../channels/letters/letter-pdf";
import { amount, shortDate } from "../channels/templates/format";
import type { Executor } from "../platform/db/client";
import { notFound } from "../platform/errors";
import { isLocale, type Locale, registerMessages, t } from "../platform/i18n";
import { renderPdf, sectionLine } from "./money-pdfs";
import { agencyLetterhead } from "./remittance-statement";
import { creditNotes } from "./schema";

// When the creditor grants part of a dispute, the invoice is reduced by a credit note (avoir): issued by
// the agency on the creditor's behalf, numbered, naming the invoice, the amount credited and what is
// left, and kept on the case like a receipt so the agency, the creditor and the debtor hold the same
// paper.

registerMessages("fr", {
  "creditNote.title": "Avoir",
  "creditNote.number": "Avoir n° {number}",
  "creditNote.date": "Date : {date}",
  "creditNote.issuer":
    "Émis par {agency}, société de recouvrement amiable, pour le compte de {creditor}, qui a accepté en partie la contestation du {disputeDate}.",
  "creditNote.debtor": "Débiteur : {debtor}",
  "creditNote.case": "Dossier {reference}",
  "creditNote.invoice": "Facture concernée : n° {invoice} du {issued}",
  "creditNote.before": "Montant de la facture avant avoir",
  "creditNote.credit": "Montant de l'avoir",
  "creditNote.after": "Montant de la facture après avoir",
  "creditNote.balance": "Nouveau solde du dossier",
  "creditNote.reason": "Motif du créancier : {text}",
  "creditNote.legal":
    "Le montant de l'avoir est déduit de la facture ci-dessus et n'est plus réclamé. Le solde restant dû demeure exigible ; aucun frais de recouvrement amiable n'est mis à la charge du débiteur (article L111-8 du code des procédures civiles d'exécution).",
});
registerMessages("en", {
  "creditNote.title": "Credit note",
  "creditNote.number": "Credit note no. {number}",
  "creditNote.date": "Date: {date}",
  "creditNote.issuer":
    "Issued by {agency}, amicable debt collection agency, on behalf of {creditor}, which partly accepted the dispute of {disputeDate}.",
  "creditNote.debtor": "Debtor: {debtor}",
  "creditNote.case": "Case {reference}",
  "creditNote.invoice": "Invoice concerned: no. {invoice} of {issued}",
  "creditNote.before": "Invoice amount before the credit",
  "creditNote.credit": "Amount credited",
  "creditNote.after": "Invoice amount after the credit",
  "creditNote.balance": "New balance of the case",
  "creditNote.reason": "The creditor's reason: {text}",
  "creditNote.legal":
    "The amount credited is taken off the invoice above and is no longer claimed. The remaining balance is still due; no amicable collection fee is ever charged to the debtor (article L111-8 of the French code of civil enforcement procedures).",
});

export interface CreditNoteData {
  number: string;
  locale: Locale;
  letterhead: string[];
  creditorName: string;
  debtorName: string;
  caseReference: string;
  invoiceNumber: string;
  invoiceIssueDate: string;
  disputeDate: Date;
  issuedAt: Date;
  claimBeforeCents: number;
  amountCents: number;
  claimAfterCents: number;
  balanceAfterCents: number;
  currency: string;
  justification: string | null;
}

export function renderCreditNotePdf(d: CreditNoteData): Promise<Buffer> {
  const { locale } = d;
  const a = (cents: number) => printable(amount(cents, d.currency, locale));
  return renderPdf(`${t(locale, "creditNote.title")} ${d.number}`, d.letterhead, d.issuedAt, (doc, width) => {
    const para = (text: string) => doc.font("Helvetica").fontSize(10).text(printable(text), { width });
    doc.moveDown(1.5).font("Helvetica-Bold").fontSize(16).text(t(locale, "creditNote.title"));
    para(t(locale, "creditNote.number", { number: d.number }));
    para(t(locale, "creditNote.date", { date: shortDate(d.issuedAt.toISOString()) }));
    doc.moveDown();
    para(
      t(locale, "creditNote.issuer", {
        agency: d.letterhead[0] ?? "",
        creditor: d.creditorName,
        disputeDate: shortDate(d.disputeDate.toISOString()),
      }),
    );
    para(t(locale, "creditNote.debtor", { debtor: d.debtorName }));
    para(t(locale, "creditNote.case", { reference: d.caseReference }));
    para(
      t(locale, "creditNote.invoice", {
        invoice: d.invoiceNumber,
        issued: shortDate(d.invoiceIssueDate),
      }),
    );
    doc.moveDown();
    sectionLine(doc, width, t(locale, "creditNote.before"), a(d.claimBeforeCents));
    sectionLine(doc, width, `- ${t(locale, "creditNote.credit")}`, a(d.amountCents), true);
    sectionLine(doc, width, t(locale, "creditNote.after"), a(d.claimAfterCents));
    doc.moveDown(0.5);
    sectionLine(doc, width, t(locale, "creditNote.balance"), a(d.balanceAfterCents), true);
    if (d.justification) {
      doc.moveDown();
      para(t(locale, "creditNote.reason", { text: d.justification }));
    }
    doc.moveDown(2).font("Helvetica").fontSize(8).fillColor("#444");
    doc.text(printable(t(locale, "creditNote.legal")), { width });
  });
}

export interface IssuedCreditNote {
  id: string;
  number: string;
  documentId: string;
}

/**
 * Numbers, renders and files the credit note of a partial dispute answer, inside the answer's
 * transaction (the claim is already reduced). The creditor's sequence is taken under a transaction
 * advisory lock, so two answers at once never share a number and a rolled-back answer leaves no gap.
 * The PDF is written before its row, like every case document: a rollback leaves an unreferenced file.
 */
export async function issueCreditNote(
  tx: Executor,
  store: DocumentStore,
  input: {
    disputeId: string;
    disputeDate: Date;
    caseId: string;
    claimId: string;
    amountCents: number;
    balanceAfterCents: number;
    justification: string | null;
  },
  actor: Actor,
  now: Date,
): Promise<IssuedCreditNote> {
  const [row] = await tx
    .select({ c: cases, claim: claims, creditor: creditors.legalName, debtor: debtors })
    .from(claims)
    .innerJoin(cases, eq(cases.id, claims.caseId))
    .innerJoin(creditors, eq(creditors.id, cases.creditorId))
    .innerJoin(debtors, eq(debtors.id, cases.debtorId))
    .where(and(eq(claims.id, input.claimId), eq(claims.caseId, input.caseId)));
  if (!row) throw notFound("Claim");
  const creditorId = row.c.creditorId;
  const year = now.getUTCFullYear();
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`credit_notes:${creditorId}`}))`);
  const [last] = await tx
    .select({ seq: sql<number>`coalesce(max(${creditNotes.seq}), 0)::int` })
    .from(creditNotes)
    .where(and(eq(creditNotes.creditorId, creditorId), eq(creditNotes.year, year)));
  const seq = Number(last?.seq ?? 0) + 1;
  const number = `AV${year}-${String(seq).padStart(5, "0")}`;
  const claimAfterCents = row.claim.principalCents;
  const data: CreditNoteData = {
    number,
    locale: isLocale(row.debtor.locale) ? row.debtor.locale : "fr",
    letterhead: await agencyLetterhead(tx),
    creditorName: row.creditor,
    debtorName: row.debtor.displayName,
    caseReference: row.c.reference,
    invoiceNumber: row.claim.number,
    invoiceIssueDate: row.claim.issueDate,
    disputeDate: input.disputeDate,
    issuedAt: now,
    claimBeforeCents: claimAfterCents + input.amountCents,
    amountCents: input.amountCents,
    claimAfterCents,
    balanceAfterCents: input.balanceAfterCents,
    currency: row.c.currency,
    justification: input.justification,
  };
  const bytes = await renderCreditNotePdf(data);
  const stored = await storeDocumentFile(store, creditorId, bytes);
  const document = await recordDocument(
    tx,
    creditorId,
    input.caseId,
    {
      kind: "credit_note",
      filename: `avoir-${number}.pdf`,
      contentType: "application/pdf",
      claimId: input.claimId,
      bytes,
    },
    stored,
    actor,
    now,
  );
  const id = randomUUID();
  await tx.insert(creditNotes).values({
    id,
    creditorId,
    caseId: input.caseId,
    claimId: input.claimId,
    disputeId: input.disputeId,
    year,
    seq,
    number,
    amountCents: input.amountCents,
    claimBeforeCents: data.claimBeforeCents,
    claimAfterCents,
    balanceAfterCents: input.balanceAfterCents,
    currency: row.c.currency,
    documentId: document.id,
    createdAt: now,
  });
  return { id, number, documentId: document.id };
}
