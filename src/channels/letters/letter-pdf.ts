import PDFDocument from "pdfkit";
import QRCode from "qrcode";
import { amount, shortDate } from "../templates/format";
import { CLAIM_LABELS, claimBasis, dateLine, due } from "../templates/phrases";
import { letterhead } from "../templates/render";
import type { Block, RenderedLetter } from "../templates/types";

// The letter as printed and posted: A4, letterhead with the agency's identity and activity (R124-4 1°),
// the recipient in the window of a DL envelope, references (and the first letter's, FR-05), the claims
// one component per line, a QR code to the debtor's secure page, and the legal text where it belongs.

const MARGIN = 56;
// The address window of a French DL envelope sits about 100 mm from the left edge, 45 mm from the top.
const WINDOW = { x: 300, y: 140, width: 240 };

/** Helvetica in PDF's standard encoding has no narrow no-break space: print a plain one. */
export const printable = (s: string) => s.replace(/[\u202f\u00a0\u2009]/g, " ");

/** The letterhead block (see templates/render.ts `letterhead`): name in bold, the rest small and grey. */
export function drawLetterhead(doc: PDFKit.PDFDocument, lines: string[], x = MARGIN, y = MARGIN): void {
  const [agencyName, ...agencyRest] = lines;
  doc
    .font("Helvetica-Bold")
    .fontSize(13)
    .text(printable(agencyName ?? ""), x, y);
  doc.font("Helvetica").fontSize(9).fillColor("#333");
  for (const line of agencyRest) doc.text(printable(line));
  doc.fillColor("black");
}

export async function renderLetterPdf(
  letter: RenderedLetter,
  options: { registered: boolean },
): Promise<Buffer> {
  const { message, vars: v } = letter;
  const qr = QRCode.create(v.portalUrl, { errorCorrectionLevel: "M" }).modules;
  const at = new Date(`${v.today}T12:00:00Z`);
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: printable(message.subject),
      Author: v.agency.name,
      CreationDate: at,
      ModDate: at,
    },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  const width = doc.page.width - 2 * MARGIN;

  drawLetterhead(doc, letterhead(v));

  doc.fontSize(10.5).font("Helvetica");
  if (options.registered) {
    doc.font("Helvetica-Bold").text("LETTRE RECOMMANDÉE AVEC ACCUSÉ DE RÉCEPTION", WINDOW.x, WINDOW.y - 22, {
      width: WINDOW.width,
    });
    doc.font("Helvetica");
  }
  doc.text(printable([v.debtor.name, ...v.debtor.addressLines].join("\n")), WINDOW.x, WINDOW.y, {
    width: WINDOW.width,
  });

  doc.text(printable([dateLine(v), ...message.references].join("\n")), MARGIN, 250, { width });
  doc.moveDown();
  doc
    .font("Helvetica-Bold")
    .text(printable(`${v.lang === "fr" ? "Objet" : "Subject"} : ${message.subject}`), { width });
  doc.font("Helvetica").moveDown().text(printable(message.salutation), { width }).moveDown(0.5);

  for (const block of message.blocks) drawBlock(doc, block, letter, qr, width);

  // Footer on every page: the reference to quote, and the page count.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would open a new page: lift the margin for the footer line.
    doc.page.margins.bottom = 0;
    const y = doc.page.height - MARGIN + 16;
    doc
      .fontSize(8)
      .fillColor("#555")
      .text(printable(`${v.agency.name} – ${v.caseReference} – ${i + 1}/${range.count}`), MARGIN, y, {
        width,
        align: "center",
        lineBreak: false,
      });
  }
  doc.end();
  return done;
}

type QrModules = ReturnType<typeof QRCode.create>["modules"];

/** The QR code as vector squares: sharp at any print resolution, and no image to encode and decode. */
function drawQr(doc: PDFKit.PDFDocument, qr: QrModules, x: number, y: number, size: number): void {
  const cell = size / (qr.size + 2);
  for (let row = 0; row < qr.size; row++) {
    for (let col = 0; col < qr.size; col++) {
      if (qr.data[row * qr.size + col]) doc.rect(x + (col + 1) * cell, y + (row + 1) * cell, cell, cell);
    }
  }
  doc.fill("black");
}

function drawBlock(
  doc: PDFKit.PDFDocument,
  block: Block,
  letter: RenderedLetter,
  qr: QrModules,
  width: number,
): void {
  const v = letter.vars;
  doc.fontSize(10.5).fillColor("black").font("Helvetica");
  switch (block.kind) {
    case "paragraph":
      doc.text(printable(block.text), MARGIN, doc.y, { width, align: "justify" }).moveDown(0.6);
      return;
    case "claims": {
      const l = CLAIM_LABELS[v.lang];
      const a = (cents: number) => printable(amount(cents, v.currency, v.lang));
      const row = (label: string, value: string, bold = false) => {
        const y = doc.y;
        doc.font(bold ? "Helvetica-Bold" : "Helvetica");
        doc.text(printable(label), MARGIN + 12, y, { width: width - 140 });
        const after = doc.y;
        doc.text(value, MARGIN + width - 120, y, { width: 120, align: "right" });
        doc.y = Math.max(after, doc.y);
      };
      for (const c of v.claims) {
        doc.font("Helvetica-Bold").text(printable(claimBasis(c, v.lang)), MARGIN, doc.y, { width });
        row(l.principal, a(c.principalCents));
        if (c.interestCents > 0) row(l.interest, a(c.interestCents));
        if (c.indemnityCents > 0) row(l.indemnity, a(c.indemnityCents));
        if (c.paidCents > 0) row(l.paid, `-${a(c.paidCents)}`);
      }
      doc
        .moveTo(MARGIN, doc.y + 2)
        .lineTo(MARGIN + width, doc.y + 2)
        .stroke();
      doc.y += 4;
      row(l.due, printable(due(v)), true);
      doc.font("Helvetica").moveDown(0.6);
      return;
    }
    case "payment": {
      const top = doc.y;
      const textWidth = width - 110;
      doc.text(printable(block.intro), MARGIN, top, { width: textWidth });
      for (const m of block.methods) doc.text(printable(`• ${m}`), { width: textWidth, indent: 8 });
      const caption = v.lang === "fr" ? "Payer en ligne" : "Pay online";
      drawQr(doc, qr, MARGIN + width - 96, top, 90);
      doc.fontSize(7).text(caption, MARGIN + width - 96, top + 92, { width: 90, align: "center" });
      doc.fontSize(10.5);
      doc.y = Math.max(doc.y, top + 104);
      doc.x = MARGIN;
      doc.moveDown(0.6);
      return;
    }
    case "legal":
      doc.fontSize(8.5).font("Helvetica-Bold").text(printable(block.title), MARGIN, doc.y, { width });
      doc.font("Helvetica");
      for (const para of block.paragraphs) doc.text(printable(para), { width, align: "justify" });
      doc.fontSize(10.5).moveDown(0.6);
      return;
    case "closing":
      doc.text(printable(block.text), MARGIN, doc.y, { width }).moveDown();
      doc.text(printable(block.signature), { width });
      doc.moveDown(0.2).fontSize(8).fillColor("#555");
      doc.text(printable(v.lang === "fr" ? `Date : ${shortDate(v.today)}` : `Date: ${shortDate(v.today)}`));
      return;
  }
}
