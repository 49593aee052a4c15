// A realistic French unpaid-invoice export for the intake benchmark, written in a stream (so that
// generating it costs no memory): Windows-1252, ";", CRLF, French amounts with a non-breaking
// thousands space and "€", dd/mm/yyyy dates, quoted addresses with a ";", about 3 invoices per
// debtor, valid SIRENs, phones and emails. Deterministic for a given row count.
import { createWriteStream } from "node:fs";
import iconv from "iconv-lite";

export const HEADER =
  "N° facture;Raison sociale;Nom;Prénom;SIREN;Montant TTC;Date facture;Date d'échéance;Adresse;Code postal;Ville;Téléphone;E-mail;Commentaire";

const CITIES = [
  ["69003", "Lyon"],
  ["13008", "Marseille"],
  ["75011", "Paris"],
  ["31000", "Toulouse"],
  ["44000", "Nantes"],
  ["06000", "Nice"],
  ["67000", "Strasbourg"],
  ["59000", "Lille"],
] as const;
const FIRST = ["Jérôme", "Léa", "Benoît", "Chloé", "François", "Hélène", "Noël", "Zoé", "Amélie", "Gaëtan"];
const LAST = [
  "Dupont",
  "Martin",
  "Lefèvre",
  "Bernard",
  "Petit",
  "Durand",
  "Moreau",
  "Girard",
  "Rousseau",
  "Faure",
];

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

function luhnKey(base: string): string {
  for (let d = 0; d <= 9; d++) {
    const s = base + d;
    let total = 0;
    for (let i = 0; i < s.length; i++) {
      let x = s.charCodeAt(s.length - 1 - i) - 48;
      if (i % 2 === 1) x = x * 2 > 9 ? x * 2 - 9 : x * 2;
      total += x;
    }
    if (total % 10 === 0) return s;
  }
  throw new Error("unreachable");
}

/** The fields of row i (0-based); the CSV line and the COPY reference share them. */
export function rowFields(i: number, rows: number): string[] {
  const debtors = Math.max(1, Math.floor(rows / 3));
  const k = (i * 7919) % debtors;
  const company = k % 3 === 0;
  const [cp, city] = CITIES[k % CITIES.length]!;
  const first = FIRST[k % FIRST.length]!;
  const last = LAST[Math.floor(k / FIRST.length) % LAST.length]!;
  const cents = 1000 + ((i * 104729) % 2_500_000);
  const units = Math.floor(cents / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
  // Issued between January 2025 and September 2026, due 30 days later: due and not prescribed
  // on 2026-11-23 for consumers (2 years) and businesses (5 years).
  const day = 1 + (i % 28);
  const month = (i >> 3) % 21;
  const year = 2025 + Math.floor(month / 12);
  const m = (month % 12) + 1;
  const dueM = m === 12 ? 1 : m + 1;
  const dueY = m === 12 ? year + 1 : year;
  return [
    `FA-${pad(i, 8)}`,
    company ? `${last} & Fils ${k} SARL` : "",
    company ? "" : `${last}-${k}`,
    company ? "" : first,
    company ? luhnKey(String(30_000_000 + k).padStart(8, "0")) : "",
    `${units},${pad(cents % 100)} €`,
    `${pad(day)}/${pad(m)}/${year}`,
    `${pad(day)}/${pad(dueM)}/${dueY}`,
    k % 10 === 0 ? `"${10 + (k % 90)}, rue de la Paix; bât. ${k % 9}"` : `${10 + (k % 90)} rue de la Paix`,
    cp,
    city,
    `06 1${k % 10} ${pad(Math.floor(k / 10) % 100)} ${pad(Math.floor(k / 1000) % 100)} ${pad(Math.floor(k / 100_000) % 100)}`,
    `${company ? "compta" : first.toLowerCase()}.${k}@example.fr`,
    i % 20 === 0 ? "Relancé par téléphone" : "",
  ];
}

export async function writeIntakeFile(file: string, rows: number): Promise<number> {
  const out = createWriteStream(file);
  let bytes = 0;
  const write = (text: string) =>
    new Promise<void>((resolve) => {
      const buf = iconv.encode(text, "windows-1252");
      bytes += buf.length;
      if (out.write(buf)) resolve();
      else out.once("drain", () => resolve());
    });
  await write(`${HEADER}\r\n`);
  let chunk: string[] = [];
  for (let i = 0; i < rows; i++) {
    chunk.push(rowFields(i, rows).join(";"));
    if (chunk.length === 5000) {
      await write(`${chunk.join("\r\n")}\r\n`);
      chunk = [];
    }
  }
  if (chunk.length > 0) await write(`${chunk.join("\r\n")}\r\n`);
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return bytes;
}
