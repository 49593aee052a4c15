import { and, asc, eq, min } from "drizzle-orm";
import { csvCell } from "../cases/export-cases";
import { agency, cases, creditors, debtors, mandates } from "../cases/schema";
import { addressLines } from "../channels/case-variables";
import { letterhead } from "../channels/templates/render";
import type { Scope } from "../platform/auth/scope";
import type { Executor } from "../platform/db/client";
import { notFound } from "../platform/errors";
import { type Locale, registerMessages, t } from "../platform/i18n";
import { money, toDecimalString } from "../platform/money";
import { paymentLedgerSums } from "./ledger-store";
import { ledgerEntries, payments, remittanceRuns, remittances } from "./schema";

// The remittance statement (relevé de reversement) a creditor receives with each transfer: the
// payments paid over (R124-5), the agency's fee and its VAT (R124-3 3°), and the net amount sent.
// Every figure is read from the ledger, so the statement and the books cannot disagree.

registerMessages("fr", {
  "statement.title": "Relevé de reversement",
  "statement.reference": "Référence {reference}",
  "statement.date": "Date : {date}",
  "statement.creditor": "Créancier : {name}",
  "statement.account": "Virement sur le compte {iban}",
  "statement.col.case": "Dossier",
  "statement.col.debtor": "Débiteur",
  "statement.col.date": "Encaissé le",
  "statement.col.receipt": "Quittance",
  "statement.col.collected": "Encaissé",
  "statement.col.commission": "Commission HT",
  "statement.col.vat": "TVA",
  "statement.col.net": "Net reversé",
  "statement.total.collected": "Total encaissé",
  "statement.total.commission": "Commission HT",
  "statement.total.vat": "TVA sur commission ({rate} %)",
  "statement.total.adjustment": "Régularisations (remboursements, rétrofacturations)",
  "statement.total.net": "Net reversé",
  "statement.legal":
    "Fonds encaissés sur le compte spécialement affecté de l'agence et reversés conformément à l'article R124-6 du code des procédures civiles d'exécution.",
});
registerMessages("en", {
  "statement.title": "Remittance statement",
  "statement.reference": "Reference {reference}",
  "statement.date": "Date: {date}",
  "statement.creditor": "Creditor: {name}",
  "statement.account": "Transferred to account {iban}",
  "statement.col.case": "Case",
  "statement.col.debtor": "Debtor",
  "statement.col.date": "Received on",
  "statement.col.receipt": "Receipt",
  "statement.col.collected": "Collected",
  "statement.col.commission": "Fee excl. VAT",
  "statement.col.vat": "VAT",
  "statement.col.net": "Net paid over",
  "statement.total.collected": "Total collected",
  "statement.total.commission": "Fee excl. VAT",
  "statement.total.vat": "VAT on the fee ({rate} %)",
  "statement.total.adjustment": "Adjustments (refunds, chargebacks)",
  "statement.total.net": "Net paid over",
  "statement.legal":
    "Funds received on the agency's segregated trust account and paid over under article R124-6 of the French code of civil enforcement procedures.",
});

export interface StatementLine {
  paymentId: string;
  caseReference: string;
  debtorName: string;
  encashedAt: string;
  receiptNumber: string;
  collectedCents: number;
  commissionCents: number;
  vatCents: number;
  netCents: number;
}

export interface RemittanceStatement {
  remittanceId: string;
  reference: string;
  runReference: string | null;
  createdAt: string;
  currency: string;
  creditor: { id: string; name: string; addressLines: string[]; iban: string | null };
  letterhead: string[];
  vatRateBp: number;
  lines: StatementLine[];
  totals: {
    collectedCents: number;
    commissionCents: number;
    vatCents: number;
    /** Movements on payments paid over earlier (a later refund or chargeback) settled in this one. */
    adjustmentCents: number;
    netCents: number;
  };
}

/** The agency's letterhead lines, for the documents it issues to creditors. */
export async function agencyLetterhead(db: Executor): Promise<string[]> {
  const [a] = await db.select().from(agency).limit(1);
  return letterhead({
    agency: {
      name: a?.name ?? "Relance",
      addressLines: addressLines(a?.address),
      siren: a?.siren ?? null,
      phone: a?.phone ?? null,
      email: a?.email ?? null,
      trustIban: a?.trustIban ?? null,
    },
  });
}

export async function loadRemittanceStatement(
  db: Executor,
  scope: Scope,
  remittanceId: string,
): Promise<RemittanceStatement> {
  const [row] = await db
    .select({ r: remittances, c: creditors, vatRateBp: mandates.commission, run: remittanceRuns.reference })
    .from(remittances)
    .innerJoin(creditors, eq(creditors.id, remittances.creditorId))
    .innerJoin(mandates, eq(mandates.id, remittances.mandateId))
    .leftJoin(remittanceRuns, eq(remittanceRuns.id, remittances.runId))
    .where(
      and(
        eq(remittances.id, remittanceId),
        scope.kind === "creditor" ? eq(remittances.creditorId, scope.creditorId) : undefined,
      ),
    );
  if (!row) throw notFound("Remittance");
  const [first] = await db
    .select({ seq: min(ledgerEntries.seq) })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.remittanceId, remittanceId));
  const paid = await db
    .select({
      id: payments.id,
      reference: cases.reference,
      debtor: debtors.displayName,
      encashedAt: payments.encashedAt,
      receiptNumber: payments.receiptNumber,
    })
    .from(payments)
    .innerJoin(cases, eq(cases.id, payments.caseId))
    .innerJoin(debtors, eq(debtors.id, cases.debtorId))
    .where(eq(payments.remittanceId, remittanceId))
    .orderBy(asc(payments.encashedAt), asc(payments.receiptNumber));
  const sums = await paymentLedgerSums(
    db,
    paid.map((p) => p.id),
    first?.seq ?? undefined,
  );
  const lines = paid.map((p): StatementLine => {
    const s = sums.get(p.id) ?? { collectedCents: 0, commissionCents: 0, vatCents: 0 };
    return {
      paymentId: p.id,
      caseReference: p.reference,
      debtorName: p.debtor,
      encashedAt: p.encashedAt.toISOString(),
      receiptNumber: p.receiptNumber,
      ...s,
      netCents: s.collectedCents - s.commissionCents - s.vatCents,
    };
  });
  const sum = (k: keyof StatementLine) => lines.reduce((s, l) => s + (l[k] as number), 0);
  return {
    remittanceId,
    reference: row.r.reference,
    runReference: row.run,
    createdAt: row.r.createdAt.toISOString(),
    currency: row.r.currency,
    creditor: {
      id: row.c.id,
      name: row.c.legalName,
      addressLines: addressLines(row.c.address),
      iban: row.r.creditorIban,
    },
    letterhead: await agencyLetterhead(db),
    vatRateBp: row.vatRateBp.vatRateBp,
    lines,
    totals: {
      collectedCents: sum("collectedCents"),
      commissionCents: sum("commissionCents"),
      vatCents: sum("vatCents"),
      adjustmentCents: row.r.amountCents - sum("netCents"),
      netCents: row.r.amountCents,
    },
  };
}

const decimal = (cents: number, currency: string) => toDecimalString(money(cents, currency));

/** The statement as CSV, the French spreadsheet way (BOM, `;`, dot decimals), headers in `locale`. */
export function statementCsv(s: RemittanceStatement, locale: Locale): string {
  const header = ["case", "debtor", "date", "receipt", "collected", "commission", "vat", "net"].map((k) =>
    t(locale, `statement.col.${k}`),
  );
  const money = (c: number) => decimal(c, s.currency);
  const rows = s.lines.map((l) => [
    l.caseReference,
    l.debtorName,
    l.encashedAt.slice(0, 10),
    l.receiptNumber,
    money(l.collectedCents),
    money(l.commissionCents),
    money(l.vatCents),
    money(l.netCents),
  ]);
  const total = (key: string, cents: number) => [t(locale, key), "", "", "", "", "", "", money(cents)];
  const totals = [
    total("statement.total.collected", s.totals.collectedCents),
    total("statement.total.commission", s.totals.commissionCents),
    total("statement.total.vat", s.totals.vatCents),
    total("statement.total.adjustment", s.totals.adjustmentCents),
    total("statement.total.net", s.totals.netCents),
  ];
  return `\uFEFF${[header, ...rows, ...totals].map((r) => r.map(csvCell).join(";")).join("\r\n")}\r\n`;
}
