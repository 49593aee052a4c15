import { createHash } from "node:crypto";
import PDFDocument from "pdfkit";
import type { Db } from "../../platform/db/client";
import { sandboxReceived, storeInSandbox } from "../sandbox-channel";
import type { PostalProvider, PostalSubmission, ProofDocument } from "./postal-provider";

// The embedded postal provider: it "posts" at once, keeps the letter in the sandbox inbox and hands back
// a proof of dispatch (with a tracking number for registered letters), as a real provider would later.

function trackingNumber(key: string, registered: boolean): string {
  const digits = BigInt(`0x${createHash("sha256").update(key).digest("hex").slice(0, 14)}`)
    .toString()
    .slice(0, 11)
    .padStart(11, "0");
  return `${registered ? "1A" : "SB"}${digits}`;
}

async function proofPdf(letter: PostalSubmission, number: string, at: Date): Promise<ProofDocument> {
  const doc = new PDFDocument({
    size: "A5",
    margin: 40,
    info: { Title: "Preuve de dépôt", CreationDate: at, ModDate: at },
  });
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on("end", () => resolve(Buffer.concat(chunks))));
  const a = letter.recipient.address;
  doc
    .font("Helvetica-Bold")
    .fontSize(14)
    .text(
      letter.registered ? "Preuve de dépôt – Lettre recommandée avec AR" : "Preuve d'envoi – Lettre simple",
    );
  doc.moveDown().font("Helvetica").fontSize(10);
  doc.text(`Prestataire : bac à sable Relance (aucun envoi réel)`);
  doc.text(`Numéro : ${number}`);
  doc.text(`Date de dépôt : ${at.toISOString().slice(0, 10)}`);
  doc.text(`Référence : ${letter.reference}`);
  doc.moveDown().text("Expéditeur :").text(letter.sender.name);
  doc.moveDown().text("Destinataire :").text(letter.recipient.name).text(a.line1);
  if (a.line2) doc.text(a.line2);
  doc.text(`${a.postalCode} ${a.city}`);
  doc
    .moveDown()
    .fontSize(8)
    .text(`Empreinte SHA-256 du pli : ${createHash("sha256").update(letter.pdf).digest("hex")}`);
  doc.end();
  return {
    filename: `preuve-depot-${letter.reference}-${number}.pdf`,
    contentType: "application/pdf",
    bytes: await done,
  };
}

export function sandboxPostalProvider(db: Db, now: () => Date): PostalProvider {
  return {
    provider: "sandbox-post",
    async submit(action, letter) {
      const number = trackingNumber(letter.idempotencyKey, letter.registered);
      const at = now();
      const proof = await proofPdf(letter, number, at);
      await storeInSandbox(
        db,
        action,
        {
          to: letter.recipient,
          registered: letter.registered,
          trackingNumber: number,
          sha256: createHash("sha256").update(letter.pdf).digest("hex"),
          bytes: letter.pdf.length,
        },
        at,
      );
      return { ok: true, providerRef: number, status: "delivered", proof };
    },
    status: async () => "delivered",
    received: async (key) => (await sandboxReceived(db, key))?.id ?? null,
  };
}
