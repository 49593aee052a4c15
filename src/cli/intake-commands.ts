// `relance import` and `relance report portfolio`: thin shells over the intake use cases.
import { createReadStream } from "node:fs";
import { open, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { Presets, SingleBar } from "cli-progress";
import type { Command } from "commander";
import { findCreditorByRef } from "../cases/creditors";
import { documentStore } from "../cases/documents";
import { SYSTEM } from "../cases/timeline";
import { importOptionsSchema } from "../intake/import/options";
import { detectFormat } from "../intake/import/read-source";
import { errorsCsv } from "../intake/import/report";
import { createImportRecord, runImport } from "../intake/import/run-import";
import { loadRecoveryRates, type PortfolioAudit, portfolioAudit } from "../intake/portfolio-audit";
import type { ImportReport } from "../intake/schema";
import { AppError, validationError } from "../platform/errors";
import { openRuntime, type Runtime } from "./runtime";

/** Exit codes of `relance import`: 0 processed (rows may be rejected), 1 unreadable, 2 refused whole. */
export const EXIT_UNREADABLE = 1;
export const EXIT_REFUSED = 2;

interface ImportFlags {
  creditor: string;
  format?: string;
  mapping?: string;
  updatePolicy: string;
  dryRun?: boolean;
  allOrNothing?: boolean;
  paymentTerms?: string;
  sheet?: string;
  errorsCsv?: string;
  json?: boolean;
}

async function creditorId(rt: Runtime, ref: string): Promise<string> {
  const c = await findCreditorByRef(rt.database.db, ref);
  if (!c)
    throw validationError([{ field: "--creditor", message: "no creditor has this reference", value: ref }]);
  return c.id;
}

async function readMapping(file: string | undefined): Promise<unknown> {
  if (!file) return undefined;
  try {
    return JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw validationError([
      { field: "--mapping", message: `is not a readable JSON file (${(error as Error).message})` },
    ]);
  }
}

async function head(file: string): Promise<Buffer> {
  const handle = await open(file, "r");
  try {
    const buf = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function importCommand(file: string, flags: ImportFlags): Promise<number> {
  const size = await stat(file).then(
    (s) => (s.isFile() ? s.size : -1),
    () => -1,
  );
  if (size < 0) throw new AppError("bad_request", `Cannot read ${file}: no such file`);
  const parsed = importOptionsSchema.safeParse({
    format: flags.format,
    updatePolicy: flags.updatePolicy,
    dryRun: !!flags.dryRun,
    allOrNothing: !!flags.allOrNothing,
    mapping: await readMapping(flags.mapping),
    paymentTermsDays: flags.paymentTerms === undefined ? undefined : Number(flags.paymentTerms),
    sheet: flags.sheet,
  });
  if (!parsed.success) {
    throw validationError(
      parsed.error.issues.map((i) => ({ field: `--${i.path.join(".")}`, message: i.message })),
    );
  }
  const options = parsed.data;
  const rt = await openRuntime({ logLevel: "warn" });
  try {
    const id = await creditorId(rt, flags.creditor);
    const fileName = path.basename(file);
    const format = options.format ?? detectFormat(fileName, await head(file));
    const now = rt.clock.now();
    const importId = await createImportRecord(
      rt.database.db,
      { creditorId: id, fileName, format, options },
      now,
    );
    const bar =
      process.stderr.isTTY && !flags.json
        ? new SingleBar(
            { format: "{bar} {percentage}% | {rows} rows", stream: process.stderr },
            Presets.shades_classic,
          )
        : null;
    let read = 0;
    bar?.start(size || 1, 0, { rows: 0 });
    const counted = createReadStream(file, { highWaterMark: 256 * 1024 }).pipe(
      new Transform({
        transform(chunk: Buffer, _enc, done) {
          read += chunk.length;
          done(null, chunk);
        },
      }),
    );
    const outcome = await runImport(
      rt.database.db,
      {
        importId,
        creditorId: id,
        fileName,
        format,
        options,
        actor: SYSTEM,
        now,
        documents: documentStore(rt.config.dataDir),
        onProgress: (r) => bar?.update(read, { rows: r.rows }),
      },
      counted,
    );
    bar?.update(size, { rows: outcome.report.rows });
    bar?.stop();
    if (flags.errorsCsv) await writeFile(flags.errorsCsv, errorsCsv(outcome.report));
    if (flags.json) console.log(JSON.stringify(outcome.report, null, 2));
    else
      console.log(describeImport(importId, format, fileName, outcome.status, outcome.report, options.dryRun));
    if (outcome.failureReason) {
      console.error(`relance: ${outcome.failureReason}`);
      return outcome.report.rows > 0 && outcome.report.rejected > 0 && options.allOrNothing
        ? EXIT_REFUSED
        : EXIT_UNREADABLE;
    }
    return 0;
  } finally {
    await rt.close();
  }
}

function describeImport(
  id: string,
  format: string,
  fileName: string,
  status: string,
  r: ImportReport,
  dryRun: boolean,
): string {
  const lines = [
    `Import ${id} of ${fileName} (${format})${dryRun ? ", dry run: nothing written" : ""}: ${status}`,
    `rows ${r.rows}  created ${r.created}  updated ${r.updated}  skipped ${r.skipped}  rejected ${r.rejected}`,
    `debtors created ${r.debtors_created}, merged ${r.debtors_merged}`,
  ];
  if (r.errors.length > 0) {
    lines.push(`errors${r.errors.length > 20 ? " (first 20; --errors-csv writes them all)" : ""}:`);
    for (const e of r.errors.slice(0, 20))
      lines.push(`  line ${e.line}  ${e.field}  ${JSON.stringify(e.value)}  ${e.reason}`);
  }
  return lines.join("\n");
}

function describeAudit(a: PortfolioAudit): string {
  const euros = (c: number) =>
    (c / 100).toLocaleString("fr-FR", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const row = (b: { count: number; amountCents: number; expectedRecoveryCents: number }, label: string) =>
    `  ${label.padEnd(16)} ${String(b.count).padStart(7)} ${euros(b.amountCents).padStart(16)} ${euros(b.expectedRecoveryCents).padStart(16)}`;
  const section = (
    title: string,
    items: { band: string; count: number; amountCents: number; expectedRecoveryCents: number }[],
  ) => [title, ...items.map((b) => row(b, b.band))];
  return [
    `Portfolio as of ${a.asOf} (open cases; amounts in ${a.currency})`,
    `  ${"".padEnd(16)} ${"cases".padStart(7)} ${"owed".padStart(16)} ${"expected".padStart(16)}`,
    row(a.total, "total"),
    ...section("by amount", a.byAmount),
    ...section("by age of the oldest due date", a.byAge),
    ...section("by debtor", a.bySegment),
  ].join("\n");
}

export function registerIntakeCommands(program: Command, onError: (error: unknown) => never): void {
  program
    .command("import")
    .description("Import a creditor's unpaid invoices: CSV, XLSX, FEC, Factur-X PDF or CII/UBL XML")
    .argument("<file>", "the file to import")
    .requiredOption("--creditor <ref>", "creditor reference")
    .option("--format <format>", "csv, xlsx, fec, facturx or ubl (CII or UBL XML); detected when absent")
    .option(
      "--mapping <file>",
      "column mapping as JSON; saved for the creditor's next imports of this format",
    )
    .option("--update-policy <policy>", "skip or update invoices already known", "skip")
    .option("--payment-terms <days>", "payment terms in days, to derive missing due dates (FEC)")
    .option("--sheet <name>", "XLSX sheet to read (default: the first)")
    .option("--dry-run", "report what would happen without writing any case")
    .option("--all-or-nothing", "refuse the whole file when one row is rejected")
    .option("--errors-csv <file>", "write the rejected rows' errors as CSV")
    .option("--json", "print the import report as JSON")
    .action(async (file: string, flags: ImportFlags) => {
      const code = await importCommand(file, flags).catch(onError);
      process.exitCode = code;
    });

  const report =
    program.commands.find((c) => c.name() === "report") ?? program.command("report").description("Reports");
  report
    .command("portfolio")
    .description("Portfolio audit: open cases by amount band, age band and B2B/B2C, with expected recovery")
    .requiredOption("--creditor <ref>", "creditor reference")
    .option("--json", "machine-readable output")
    .action(async (flags: { creditor: string; json?: boolean }) => {
      const rt = await openRuntime({ logLevel: "warn" });
      try {
        const id = await creditorId(rt, flags.creditor);
        const rates = await loadRecoveryRates(rt.config.recoveryRatesFile);
        const audit = await portfolioAudit(rt.database.db, id, rt.clock.now(), rates);
        console.log(flags.json ? JSON.stringify(audit, null, 2) : describeAudit(audit));
      } finally {
        await rt.close();
      }
    });
}
