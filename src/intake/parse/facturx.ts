// Factur-X / ZUGFeRD 2: a PDF/A-3 carrying its CII XML as an embedded file. The XML makes the
// claim; the PDF itself is kept as the claim's evidence (a mise en demeure or an injonction de
// payer file needs the human-readable invoice).

import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFStream,
  PDFString,
} from "pdf-lib";
import { parseEInvoice } from "./einvoice";
import { type IntakeItem, rowError } from "./types";

export interface FacturXOptions {
  fileName?: string;
  paymentTermsDays?: number;
  record?: number;
}

/** Attachment names used by Factur-X 1.0, ZUGFeRD 2.x and XRechnung-in-PDF, in order of preference. */
export const FACTURX_XML_NAMES = ["factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml"];

export interface EmbeddedFile {
  name: string;
  bytes: Uint8Array;
}

const MAX_NAME_TREE_DEPTH = 32;

function fileSpecName(spec: PDFDict): string {
  for (const key of ["UF", "F"]) {
    const v = spec.lookup(PDFName.of(key));
    if (v instanceof PDFString || v instanceof PDFHexString) return v.decodeText();
  }
  return "";
}

function fileSpecBytes(spec: PDFDict): Uint8Array | null {
  const ef = spec.lookup(PDFName.of("EF"));
  if (!(ef instanceof PDFDict)) return null;
  const stream = ef.lookup(PDFName.of("F")) ?? ef.lookup(PDFName.of("UF"));
  if (stream instanceof PDFRawStream) return decodePDFRawStream(stream).decode();
  if (stream instanceof PDFStream) return stream.getContents();
  return null;
}

/** Lists the embedded files reachable from the catalog's AF array and EmbeddedFiles name tree. */
export function embeddedFiles(doc: PDFDocument): EmbeddedFile[] {
  const specs: PDFDict[] = [];
  const af = doc.catalog.lookup(PDFName.of("AF"));
  if (af instanceof PDFArray) {
    for (let i = 0; i < af.size(); i++) {
      const s = af.lookup(i);
      if (s instanceof PDFDict) specs.push(s);
    }
  }
  const names = doc.catalog.lookup(PDFName.of("Names"));
  const tree = names instanceof PDFDict ? names.lookup(PDFName.of("EmbeddedFiles")) : undefined;
  const visited = new Set<PDFDict>();
  const walk = (node: unknown, depth: number): void => {
    // Name trees come from the file: bound the depth and skip cycles.
    if (!(node instanceof PDFDict) || depth > MAX_NAME_TREE_DEPTH || visited.has(node)) return;
    visited.add(node);
    const leaf = node.lookup(PDFName.of("Names"));
    if (leaf instanceof PDFArray) {
      for (let i = 1; i < leaf.size(); i += 2) {
        const s = leaf.lookup(i);
        if (s instanceof PDFDict) specs.push(s);
      }
    }
    const kids = node.lookup(PDFName.of("Kids"));
    if (kids instanceof PDFArray) for (let i = 0; i < kids.size(); i++) walk(kids.lookup(i), depth + 1);
  };
  walk(tree, 0);

  const seen = new Set<PDFDict>();
  const files: EmbeddedFile[] = [];
  for (const spec of specs) {
    if (seen.has(spec)) continue;
    seen.add(spec);
    const bytes = fileSpecBytes(spec);
    if (bytes) files.push({ name: fileSpecName(spec), bytes });
  }
  return files;
}

export function pickInvoiceXml(files: EmbeddedFile[]): EmbeddedFile | undefined {
  for (const wanted of FACTURX_XML_NAMES) {
    const f = files.find((x) => x.name.toLowerCase() === wanted);
    if (f) return f;
  }
  return undefined;
}

/** Reads a Factur-X PDF into one row with the PDF attached as evidence, or into the reason it cannot. */
export async function parseFacturX(pdf: Uint8Array, options: FacturXOptions = {}): Promise<IntakeItem[]> {
  const line = options.record ?? 1;
  const fileName = options.fileName ?? "invoice.pdf";
  let files: EmbeddedFile[];
  try {
    const doc = await PDFDocument.load(pdf, {
      ignoreEncryption: true,
      updateMetadata: false,
      throwOnInvalidObject: false,
    });
    files = embeddedFiles(doc);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return [
      rowError(line, "document", fileName, "unreadable_file", `The file is not a readable PDF (${why})`),
    ];
  }
  const xml = pickInvoiceXml(files);
  if (!xml) {
    const seen = files.map((f) => f.name || "(unnamed)").join(", ") || "none";
    return [
      rowError(
        line,
        "document",
        fileName,
        "no_embedded_invoice",
        `The PDF has no embedded factur-x.xml (attachments: ${seen}); a plain PDF is not an e-invoice`,
      ),
    ];
  }
  return parseEInvoice(xml.bytes, {
    record: line,
    paymentTermsDays: options.paymentTermsDays,
    evidence: { fileName, mediaType: "application/pdf", bytes: pdf },
  });
}
