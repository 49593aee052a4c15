import PDFDocument from "pdfkit";
import { type Mandate, reminderDaysBefore } from "../cases/mandates";
import { drawLetterhead, printable } from "../channels/letters/letter-pdf";
import { amount, printableIban, shortDate } from "../channels/templates/format";
import { type Locale, registerMessages, t } from "../platform/i18n";
import type { RemittanceStatement } from "./remittance-statement";

// The creditor's money documents as PDF, under the agency's letterhead: the remittance statement and
// the collection mandate (convention, CPCE R124-3) as agreed.

registerMessages("fr", {
  "mandate.title": "Convention de recouvrement amiable",
  "mandate.version": "Version {version} — signée le {signed}, en vigueur le {from}",
  "mandate.parties": "Entre {agency} (l'agence) et {creditor} (le créancier).",
  "mandate.basis": "Fondement et montant des créances (R124-3 1°)",
  "mandate.insurance": "Garantie de responsabilité civile professionnelle (R124-3 2°)",
  "mandate.fee": "Rémunération de l'agence (R124-3 3°)",
  "mandate.fee.rate":
    "Commission de {rate} % HT des sommes encaissées, minimum {minimum} par dossier, TVA {vat} %.",
  "mandate.fee.tier": "Au-delà de {from} encaissés sur un dossier : {rate} % HT.",
  "mandate.fee.debtor": "Aucun frais de recouvrement amiable n'est mis à la charge du débiteur (L111-8).",
  "mandate.remittance": "Reversement des fonds (R124-3 4°, R124-6)",
  "mandate.remittance.terms":
    "Reversement {frequency}, au plus tard {days} jours après l'encaissement effectif et dans tous les cas dans le mois.",
  "mandate.remittance.threshold": "Seuil de reversement : {threshold} (sauf échéance légale).",
  "mandate.frequency.weekly": "hebdomadaire",
  "mandate.frequency.biweekly": "bimensuel",
  "mandate.frequency.monthly": "mensuel",
  "mandate.plans": "Échéanciers",
  "mandate.plans.terms": "Au plus {count} échéances d'au moins {minimum}, la première sous {days} jours.",
  "mandate.plans.reminder":
    "Le débiteur reçoit un rappel {days} jours avant chaque date promise ou échéance.",
});
registerMessages("en", {
  "mandate.title": "Amicable debt collection mandate",
  "mandate.version": "Version {version} — signed on {signed}, effective {from}",
  "mandate.parties": "Between {agency} (the agency) and {creditor} (the creditor).",
  "mandate.basis": "Basis and amount of the claims (R124-3 1°)",
  "mandate.insurance": "Professional liability insurance (R124-3 2°)",
  "mandate.fee": "The agency's fee (R124-3 3°)",
  "mandate.fee.rate":
    "A fee of {rate} % excl. VAT of sums collected, at least {minimum} per case, VAT {vat} %.",
  "mandate.fee.tier": "Above {from} collected on a case: {rate} % excl. VAT.",
  "mandate.fee.debtor": "No amicable collection fee is ever charged to the debtor (L111-8).",
  "mandate.remittance": "Remittance of funds (R124-3 4°, R124-6)",
  "mandate.remittance.terms":
    "Paid over {frequency}, at most {days} days after actual encashment and always within one month.",
  "mandate.remittance.threshold": "Remittance threshold: {threshold} (legal deadline excepted).",
  "mandate.frequency.weekly": "weekly",
  "mandate.frequency.biweekly": "every two weeks",
  "mandate.frequency.monthly": "monthly",
  "mandate.plans": "Payment plans",
  "mandate.plans.terms": "At most {count} instalments of at least {minimum}, the first within {days} days.",
  "mandate.plans.reminder": "The debtor is reminded {days} days before each promised date or instalment.",
});

const MARGIN = 56;

/**
 * An A4 money document under the agency's letterhead: `draw` writes the body from below the letterhead,
 * within `width` (the page less its margins).
 */
export function renderPdf(
  title: string,
  letterhead: string[],
  at: Date,
  draw: (doc: PDFKit.PDFDocument, width: number) => void,
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    info: { Title: printable(title), Author: printable(letterhead[0] ?? ""), CreationDate: at, ModDate: at },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  drawLetterhead(doc, letterhead);
  doc.x = MARGIN;
  draw(doc, doc.page.width - 2 * MARGIN);
  doc.end();
  return done;
}

/** One line of totals: the label on the left, the amount right-aligned in the last 120 points. */
export function sectionLine(
  doc: PDFKit.PDFDocument,
  width: number,
  label: string,
  value: string,
  bold = false,
): void {
  const y = doc.y;
  doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(10);
  doc.text(printable(label), MARGIN, y, { width: width - 120 });
  const after = doc.y;
  doc.text(value, MARGIN + width - 120, y, { width: 120, align: "right" });
  doc.x = MARGIN;
  doc.y = Math.max(after, doc.y);
}

const percent = (bp: number, locale: Locale) =>
  (bp / 100).toLocaleString(locale === "fr" ? "fr-FR" : "en-GB", { maximumFractionDigits: 2 });

export function renderStatementPdf(s: RemittanceStatement, locale: Locale): Promise<Buffer> {
  const a = (cents: number) => printable(amount(cents, s.currency, locale));
  return renderPdf(
    `${t(locale, "statement.title")} ${s.reference}`,
    s.letterhead,
    new Date(s.createdAt),
    (doc, width) => {
      doc.moveDown(1.5).font("Helvetica-Bold").fontSize(16).text(t(locale, "statement.title"), MARGIN);
      doc.font("Helvetica").fontSize(10);
      doc.text(t(locale, "statement.reference", { reference: s.reference }));
      doc.text(t(locale, "statement.date", { date: shortDate(s.createdAt.slice(0, 10)) }));
      doc.text(printable(t(locale, "statement.creditor", { name: s.creditor.name })));
      if (s.creditor.iban) doc.text(t(locale, "statement.account", { iban: printableIban(s.creditor.iban) }));
      doc.moveDown();
      // Case, debtor, date, collected, fee, VAT, net: right-aligned money columns.
      const cols = [70, 130, 60, 62, 62, 45, 64];
      const row = (cells: string[], bold = false) => {
        const y = doc.y;
        let x = MARGIN;
        let bottom = y;
        doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(8.5);
        cells.forEach((cell, i) => {
          doc.text(printable(cell), x, y, { width: cols[i]! - 4, align: i >= 3 ? "right" : "left" });
          bottom = Math.max(bottom, doc.y);
          x += cols[i]!;
        });
        doc.y = bottom + 2;
      };
      const keys = ["case", "debtor", "date", "collected", "commission", "vat", "net"];
      row(
        keys.map((k) => t(locale, `statement.col.${k}`)),
        true,
      );
      for (const l of s.lines) {
        row([
          l.caseReference,
          l.debtorName,
          shortDate(l.encashedAt.slice(0, 10)),
          a(l.collectedCents),
          a(l.commissionCents),
          a(l.vatCents),
          a(l.netCents),
        ]);
      }
      doc
        .moveTo(MARGIN, doc.y + 2)
        .lineTo(MARGIN + width, doc.y + 2)
        .stroke();
      doc.y += 8;
      const total = (label: string, cents: number, bold = false) =>
        sectionLine(doc, width, label, a(cents), bold);
      total(t(locale, "statement.total.collected"), s.totals.collectedCents);
      total(`- ${t(locale, "statement.total.commission")}`, s.totals.commissionCents);
      total(
        `- ${t(locale, "statement.total.vat", { rate: percent(s.vatRateBp, locale) })}`,
        s.totals.vatCents,
      );
      if (s.totals.adjustmentCents !== 0)
        total(t(locale, "statement.total.adjustment"), s.totals.adjustmentCents);
      total(t(locale, "statement.total.net"), s.totals.netCents, true);
      doc.moveDown(2).font("Helvetica").fontSize(8).fillColor("#444");
      doc.text(printable(t(locale, "statement.legal")), MARGIN, doc.y, { width });
    },
  );
}

export interface MandateDocument {
  mandate: Mandate;
  creditorName: string;
  letterhead: string[];
}

export function renderMandatePdf(m: MandateDocument, locale: Locale): Promise<Buffer> {
  const { mandate } = m;
  const a = (cents: number) => printable(amount(cents, "EUR", locale));
  return renderPdf(t(locale, "mandate.title"), m.letterhead, mandate.createdAt, (doc, width) => {
    const para = (text: string) =>
      doc.font("Helvetica").fontSize(10).text(printable(text), MARGIN, doc.y, { width });
    const heading = (text: string) => {
      doc.moveDown(0.8).font("Helvetica-Bold").fontSize(11).text(printable(text), MARGIN, doc.y, { width });
    };
    doc.moveDown(1.5).font("Helvetica-Bold").fontSize(16).text(t(locale, "mandate.title"), MARGIN);
    para(
      t(locale, "mandate.version", {
        version: mandate.version,
        signed: shortDate(mandate.signedAt),
        from: shortDate(mandate.effectiveFrom),
      }),
    );
    para(t(locale, "mandate.parties", { agency: m.letterhead[0] ?? "", creditor: m.creditorName }));
    heading(t(locale, "mandate.basis"));
    para(mandate.claimBasis);
    heading(t(locale, "mandate.insurance"));
    para(mandate.insuranceReference);
    heading(t(locale, "mandate.fee"));
    const c = mandate.commission;
    para(
      t(locale, "mandate.fee.rate", {
        rate: percent(c.rateBp, locale),
        minimum: a(c.minimumCents),
        vat: percent(c.vatRateBp, locale),
      }),
    );
    for (const tier of c.tiers) {
      para(t(locale, "mandate.fee.tier", { from: a(tier.fromCents), rate: percent(tier.rateBp, locale) }));
    }
    para(t(locale, "mandate.fee.debtor"));
    heading(t(locale, "mandate.remittance"));
    const r = mandate.remittance;
    para(
      t(locale, "mandate.remittance.terms", {
        frequency: t(locale, `mandate.frequency.${r.frequency}`),
        days: r.maxDelayDays,
      }),
    );
    if (r.thresholdCents) para(t(locale, "mandate.remittance.threshold", { threshold: a(r.thresholdCents) }));
    heading(t(locale, "mandate.plans"));
    const p = mandate.planLimits;
    para(
      t(locale, "mandate.plans.terms", {
        count: p.maxInstalments,
        minimum: a(p.minInstalmentCents),
        days: p.maxFirstPaymentDelayDays,
      }),
    );
    para(t(locale, "mandate.plans.reminder", { days: reminderDaysBefore(mandate) }));
  });
}
