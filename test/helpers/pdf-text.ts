import { inflateSync } from "node:zlib";

// WinAnsi is Latin-1 except for 0x80–0x9F, where it puts €, dashes, quotes and a few letters.
const WIN_ANSI_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ";
const winAnsi = (bytes: Buffer) =>
  Array.from(bytes, (b) => (b >= 0x80 && b <= 0x9f ? WIN_ANSI_HIGH[b - 0x80] : String.fromCharCode(b))).join(
    "",
  );

/**
 * The text a pdfkit document shows, line by line, for assertions on what a PDF says. It reads the
 * page content streams (Flate-compressed) and decodes the hex strings pdfkit writes with the standard
 * fonts (WinAnsi, one byte per character); kerned pieces of one `TJ` array are joined.
 */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString("latin1");
  const lines: string[] = [];
  const streams = /stream\r?\n/g;
  for (let m = streams.exec(raw); m; m = streams.exec(raw)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf("endstream", start);
    if (end < 0) break;
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, end)).toString("latin1");
    } catch {
      continue; // not Flate (an image, a font): no text there
    }
    for (const tj of content.matchAll(/\[((?:<[0-9a-fA-F]*>|\s|-?\d+(?:\.\d+)?)*)\]\s*TJ/g)) {
      const pieces = [...(tj[1] ?? "").matchAll(/<([0-9a-fA-F]*)>/g)].map((p) =>
        winAnsi(Buffer.from(p[1] ?? "", "hex")),
      );
      lines.push(pieces.join(""));
    }
    streams.lastIndex = end;
  }
  return lines.join("\n");
}
