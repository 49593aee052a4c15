// CSV intake throughput: generates a realistic 200k-row French export in memory (Windows-1252,
// ";" separated, French amounts and dates, some quoted fields) and times the full parse path
// (decode + split + normalise) against bare papaparse splitting the same bytes.
// Run: npx tsx bench/intake-parse.bench.ts [rows]

import { Readable } from "node:stream";
import iconv from "iconv-lite";
import Papa from "papaparse";
import { parseCsvBatches } from "../src/intake/parse/csv";

const ROWS = Number(process.argv[2] ?? 200_000);
const CHUNK = 64 * 1024;

const CITIES = [
  ["69003", "Lyon"],
  ["13008", "Marseille"],
  ["75011", "Paris"],
  ["31000", "Toulouse"],
  ["44000", "Nantes"],
  ["06000", "Nice"],
] as const;
const FIRST = ["Jérôme", "Léa", "Benoît", "Chloé", "François", "Hélène", "Noël", "Zoé"];
const LAST = ["Dupont", "Martin", "Lefèvre", "Bernard", "Petit", "Durand", "Moreau", "Girard"];

function pad(n: number, w = 2): string {
  return String(n).padStart(w, "0");
}

function generate(rows: number): Buffer {
  const header =
    "N° facture;Raison sociale;Nom;Prénom;SIREN;Montant TTC;Date facture;Date d'échéance;Adresse;Code postal;Ville;Téléphone;E-mail;Commentaire";
  const lines: string[] = [header];
  let seed = 42;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let i = 0; i < rows; i++) {
    const company = rnd(3) === 0;
    const cents = 1000 + rnd(2_000_000);
    const units = Math.floor(cents / 100)
      .toString()
      .replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
    const day = 1 + rnd(28);
    const month = 1 + rnd(12);
    const [cp, city] = CITIES[rnd(CITIES.length)]!;
    const first = FIRST[rnd(FIRST.length)]!;
    const last = LAST[rnd(LAST.length)]!;
    lines.push(
      [
        `FA-2025-${pad(i, 7)}`,
        company ? `${last} & Fils SARL` : "",
        company ? "" : last,
        company ? "" : first,
        company ? `${300000000 + rnd(600000000)}` : "",
        `${units},${pad(cents % 100)} €`,
        `${pad(day)}/${pad(month)}/2025`,
        `${pad(day)}/${pad(month)}/2026`,
        rnd(10) === 0
          ? `"${10 + rnd(90)}, rue de la Paix; bât. ${rnd(9)}"`
          : `${10 + rnd(90)} rue de la Paix`,
        cp,
        city,
        `06 ${pad(rnd(100))} ${pad(rnd(100))} ${pad(rnd(100))} ${pad(rnd(100))}`,
        `${first.toLowerCase()}.${last.toLowerCase()}@example.fr`,
        rnd(20) === 0 ? "Relancé par téléphone" : "",
      ].join(";"),
    );
  }
  return iconv.encode(`${lines.join("\r\n")}\r\n`, "windows-1252");
}

function chunksOf(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += CHUNK) out.push(buf.subarray(i, i + CHUNK));
  return out;
}

async function relance(buf: Buffer): Promise<{ rows: number; errors: number }> {
  let rows = 0;
  let errors = 0;
  for await (const batch of parseCsvBatches(Readable.from(chunksOf(buf)))) {
    for (const item of batch) {
      if ("row" in item) rows++;
      else errors++;
    }
  }
  return { rows, errors };
}

async function barePapa(buf: Buffer): Promise<number> {
  // Same decoding work (the platform decoder) so that the comparison isolates splitting vs normalising.
  let rows = 0;
  let partial = "";
  const parser = new Papa.Parser({ delimiter: ";", newline: "\n" });
  const decoder = new TextDecoder("windows-1252");
  for (const chunk of chunksOf(buf)) {
    const input = partial + decoder.decode(chunk, { stream: true });
    const res = parser.parse(input, 0, true);
    rows += res.data.length;
    partial = input.substring(res.meta.cursor);
  }
  if (partial) rows += parser.parse(partial, 0, false).data.length;
  return rows - 1;
}

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const t0 = performance.now();
  const result = await fn();
  return { ms: performance.now() - t0, result };
}

const buf = generate(ROWS);
console.log(`${ROWS} rows, ${(buf.length / 1e6).toFixed(1)} MB (Windows-1252, ";", CRLF)`);
// Warm-up so that both paths are compiled before timing.
await relance(buf.subarray(0, Math.min(buf.length, 2_000_000)));
await barePapa(buf.subarray(0, Math.min(buf.length, 2_000_000)));

const papa = await time(() => barePapa(buf));
const ours = await time(() => relance(buf));
const heapMb = process.memoryUsage().heapUsed / 1e6;
const rate = (n: number, ms: number): string => `${Math.round(n / (ms / 1000)).toLocaleString("en")} rows/s`;
console.log(
  `bare papaparse (decode + split):       ${rate(papa.result, papa.ms)}  (${papa.ms.toFixed(0)} ms)`,
);
console.log(
  `relance parseCsvBatches (full rows):    ${rate(ours.result.rows + ours.result.errors, ours.ms)}  (${ours.ms.toFixed(0)} ms, ${ours.result.rows} rows, ${ours.result.errors} errors)`,
);
console.log(
  `ratio: ${(papa.ms / ours.ms).toFixed(2)} of bare papaparse; heap after run ${heapMb.toFixed(0)} MB`,
);
