import { createHash, randomUUID } from "node:crypto";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import PDFDocument from "pdfkit";
import type { DocumentStore } from "../cases/documents";
import { documents } from "../cases/schema";
import { type Actor, appendEvent } from "../cases/timeline";
import type { Executor } from "../platform/db/client";
import { type Locale, registerMessages, t } from "../platform/i18n";
import { type ClaimComponent, format, money } from "../platform/money";

// R124-6 (FR-09): a quittance for every payment, kept on the case and given to the debtor.

registerMessages("fr", {
  "receipt.title": "Quittance",
  "receipt.number": "Quittance n° {number}",
  "receipt.date": "Date de l'encaissement : {date}",
  "receipt.agency": "Délivrée par {agency}, société de recouvrement amiable, pour le compte de {creditor}.",
  "receipt.received": "Reçu de {debtor} la somme de {amount}",
  "receipt.case": "Dossier {reference} — référence de paiement {rf}",
  "receipt.allocation": "Imputation du paiement",
  "receipt.line": "Facture {invoice} — {component} : {amount}",
  "receipt.overpayment": "Trop-perçu, qui vous sera remboursé : {amount}",
  "receipt.remaining": "Reste dû après ce paiement : {amount}",
  "receipt.legal":
    "Quittance délivrée en application de l'article R124-6 du code des procédures civiles d'exécution.",
});
registerMessages("en", {
  "receipt.title": "Receipt",
  "receipt.number": "Receipt no. {number}",
  "receipt.date": "Date received: {date}",
  "receipt.agency": "Issued by {agency}, amicable debt collection agency, on behalf of {creditor}.",
  "receipt.received": "Received from {debtor} the sum of {amount}",
  "receipt.case": "Case {reference} — payment reference {rf}",
  "receipt.allocation": "How the payment was applied",
  "receipt.line": "Invoice {invoice} — {component}: {amount}",
  "receipt.overpayment": "Overpayment, to be refunded to you: {amount}",
  "receipt.remaining": "Still owed after this payment: {amount}",
  "receipt.legal": "Receipt issued under article R124-6 of the French code of civil enforcement procedures.",
});

export interface ReceiptData {
  number: string;
  locale: Locale;
  agencyName: string;
  creditorName: string;
  debtorName: string;
  caseReference: string;
  rfReference: string;
  encashedAt: Date;
  amountCents: number;
  overpaymentCents: number;
  remainingCents: number;
  currency: string;
  lines: { invoice: string; component: ClaimComponent; amountCents: number }[];
}

// The standard PDF fonts are WinAnsi: the narrow no-break space Intl puts in French amounts is not in it.
const printable = (text: string) => text.replace(/[\u202f\u00a0]/g, " ");

export function renderReceipt(data: ReceiptData): Promise<Buffer> {
  const { locale } = data;
  const amount = (cents: number) => printable(format(money(cents, data.currency), locale));
  const doc = new PDFDocument({ size: "A4", margin: 56, info: { Title: t(locale, "receipt.title") } });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  doc.font("Helvetica-Bold").fontSize(18).text(t(locale, "receipt.title"));
  doc.moveDown(0.5).font("Helvetica").fontSize(11);
  doc.text(t(locale, "receipt.number", { number: data.number }));
  doc.text(t(locale, "receipt.date", { date: data.encashedAt.toISOString().slice(0, 10) }));
  doc.moveDown();
  doc.text(printable(t(locale, "receipt.agency", { agency: data.agencyName, creditor: data.creditorName })));
  doc.moveDown();
  doc
    .font("Helvetica-Bold")
    .text(
      printable(t(locale, "receipt.received", { debtor: data.debtorName, amount: amount(data.amountCents) })),
    );
  doc
    .font("Helvetica")
    .text(t(locale, "receipt.case", { reference: data.caseReference, rf: data.rfReference }));
  doc.moveDown();
  doc.font("Helvetica-Bold").text(t(locale, "receipt.allocation"));
  doc.font("Helvetica");
  for (const line of data.lines) {
    doc.text(
      printable(
        t(locale, "receipt.line", {
          invoice: line.invoice,
          component: t(locale, `claim.component.${line.component}`),
          amount: amount(line.amountCents),
        }),
      ),
    );
  }
  if (data.overpaymentCents > 0)
    doc.text(t(locale, "receipt.overpayment", { amount: amount(data.overpaymentCents) }));
  doc.moveDown();
  doc.text(t(locale, "receipt.remaining", { amount: amount(data.remainingCents) }));
  doc.moveDown(2).fontSize(9).fillColor("#444").text(t(locale, "receipt.legal"));
  doc.end();
  return done;
}

/**
 * Renders the receipt and keeps it as a case document, inside the payment's transaction. The file is
 * written first (content-addressed, like every case document): a rollback leaves an unreferenced
 * file, never a payment without its receipt.
 */
export async function storeReceipt(
  tx: Executor,
  store: DocumentStore,
  owner: { creditorId: string; caseId: string },
  data: ReceiptData,
  actor: Actor,
): Promise<string> {
  const bytes = await renderReceipt(data);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const storageKey = path.posix.join(owner.creditorId, sha256.slice(0, 2), sha256);
  const file = path.join(store.root, storageKey);
  await mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.${randomUUID()}.part`;
  await writeFile(partial, bytes);
  await rename(partial, file);
  const id = randomUUID();
  await tx.insert(documents).values({
    id,
    creditorId: owner.creditorId,
    caseId: owner.caseId,
    kind: "receipt",
    filename: `quittance-${data.number}.pdf`,
    contentType: "application/pdf",
    sizeBytes: bytes.length,
    sha256,
    storageKey,
    createdAt: data.encashedAt,
  });
  await appendEvent(tx, {
    creditorId: owner.creditorId,
    caseId: owner.caseId,
    type: "receipt.issued",
    at: data.encashedAt,
    actor,
    data: { documentId: id, number: data.number, amountCents: data.amountCents },
  });
  return id;
}
