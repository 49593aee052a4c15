// `relance remit`, `relance remit at-risk` and `relance remit mark-*`: thin shells over the remittance use cases.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Command } from "commander";
import { findCreditorByRef } from "../cases/creditors";
import { listAtRisk } from "../payments/at-risk";
import { findMarkTarget, markRemittance } from "../payments/mark-remittance";
import { renderStatementPdf } from "../payments/money-pdfs";
import type { RemittanceMark } from "../payments/remittance-lifecycle";
import { loadRemittanceStatement, statementCsv } from "../payments/remittance-statement";
import { runRemittance } from "../payments/run-remittance";
import { loadTransferFile } from "../payments/transfer-file";
import { AGENCY_SCOPE } from "../platform/auth/scope";
import { validationError } from "../platform/errors";
import { format, money } from "../platform/money";
import { openRuntime, type Runtime } from "./runtime";

const eur = (cents: number) => format(money(cents, "EUR"), "en");

async function withRuntime<T>(work: (rt: Runtime) => Promise<T>): Promise<T> {
  const rt = await openRuntime({ logLevel: "warn" });
  try {
    return await work(rt);
  } finally {
    await rt.close();
  }
}

/** Writes the run's pain.001 and each creditor's statement (PDF and CSV, French) into `dir`. */
async function writeFiles(
  rt: Runtime,
  dir: string,
  runId: string,
  remittanceIds: string[],
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  const put = async (name: string, body: string | Buffer) => {
    const file = path.join(dir, name);
    await writeFile(file, body);
    written.push(file);
  };
  const transfer = await loadTransferFile(rt.database.db, runId).catch(() => null);
  if (transfer) await put(transfer.filename, transfer.xml);
  for (const id of remittanceIds) {
    const s = await loadRemittanceStatement(rt.database.db, AGENCY_SCOPE, id);
    await put(`releve-${s.reference}.pdf`, await renderStatementPdf(s, "fr"));
    await put(`releve-${s.reference}.csv`, statementCsv(s, "fr"));
  }
  return written;
}

export function registerRemitCommands(program: Command, exitWithError: (e: unknown) => void): void {
  const remit = program
    .command("remit")
    .description(
      "Pay collected funds over to creditors (R124-6): a pain.001 file and a statement per creditor",
    )
    .option("--creditor <ref>", "only this creditor, whatever its mandate's schedule")
    .option("--dry-run", "show what would be paid, change nothing")
    .option("--execution-date <date>", "requested execution date of the transfers (YYYY-MM-DD)")
    .option("--out <dir>", "where to write the pain.001 file and the statements", ".")
    .option("--json", "machine-readable output")
    .action(
      async (opts: {
        creditor?: string;
        dryRun?: boolean;
        executionDate?: string;
        out: string;
        json?: boolean;
      }) =>
        withRuntime(async (rt) => {
          let creditorId: string | undefined;
          if (opts.creditor) {
            const c = await findCreditorByRef(rt.database.db, opts.creditor);
            if (!c) {
              throw validationError([
                { field: "--creditor", message: "no creditor has this reference", value: opts.creditor },
              ]);
            }
            creditorId = c.id;
          }
          const result = await runRemittance(
            rt.database.db,
            { creditorId, dryRun: !!opts.dryRun, executionDate: opts.executionDate, by: "cli" },
            rt.clock.now(),
          );
          const files = result.run
            ? await writeFiles(
                rt,
                opts.out,
                result.run.id,
                result.remitted.map((r) => r.remittanceId),
              )
            : [];
          if (opts.json) {
            console.log(JSON.stringify({ ...result, files }, null, 2));
            return;
          }
          for (const c of result.candidates) {
            const state = c.blocked ?? (c.decision.due ? "due" : "waits");
            console.log(
              `${c.creditorRef.padEnd(14)} held ${eur(c.heldCents).padStart(14)}  ${state} (${c.decision.reason})`,
            );
          }
          if (result.dryRun) console.log("Dry run: nothing was paid.");
          else if (!result.run) console.log("Nothing to pay over.");
          else {
            console.log(
              `Run ${result.run.reference}: ${result.run.transferCount} transfers, ${eur(result.run.totalCents)}`,
            );
            for (const f of files) console.log(`  wrote ${f}`);
          }
        }).catch(exitWithError),
    );

  remit
    .command("at-risk")
    .description("Collected amounts not yet paid over whose one-month deadline is past or near")
    .option("--within <days>", "days ahead to look", "7")
    .option("--json", "machine-readable output")
    // `--json` also belongs to `remit`, which parses it first: read both levels.
    .action(async (_opts: unknown, cmd: Command) =>
      withRuntime(async (rt) => {
        const opts = cmd.optsWithGlobals<{ within: string; json?: boolean }>();
        const days = Number(opts.within);
        if (!Number.isInteger(days) || days < 0 || days > 31) {
          throw validationError([
            { field: "--within", message: "is a number of days from 0 to 31", value: opts.within },
          ]);
        }
        const items = await listAtRisk(rt.database.db, AGENCY_SCOPE, rt.clock.now(), days);
        if (opts.json) {
          console.log(JSON.stringify({ items }, null, 2));
          return;
        }
        if (items.length === 0) console.log(`Nothing at risk within ${days} days.`);
        for (const i of items) {
          const when = i.overdue ? "OVERDUE" : `${i.daysLeft} days left`;
          console.log(
            `${i.creditorRef.padEnd(14)} ${i.caseReference.padEnd(16)} ${eur(i.heldCents).padStart(12)}  due ${i.remittanceDueAt.slice(0, 10)} (${when})`,
          );
        }
        // A non-zero exit lets a cron job alert on overdue funds.
        if (items.some((i) => i.overdue)) process.exitCode = 3;
      }).catch(exitWithError),
    );

  registerMarkCommands(remit, exitWithError);
}

/** `relance remit mark-sent|mark-paid|mark-rejected <id>`: a remittance or a whole run, by id or reference. */
function registerMarkCommands(remit: Command, exitWithError: (e: unknown) => void): void {
  const mark = (name: string, description: string, toMark: (o: Record<string, string>) => RemittanceMark) =>
    remit
      .command(`${name} <id>`)
      .description(description)
      .option("--json", "machine-readable output")
      .action(async (id: string, _opts: unknown, cmd: Command) =>
        withRuntime(async (rt) => {
          const opts = cmd.optsWithGlobals<Record<string, string> & { json?: boolean }>();
          const db = rt.database.db;
          const result = await markRemittance(db, await findMarkTarget(db, id), toMark(opts), rt.clock.now());
          if (opts.json) {
            console.log(JSON.stringify(result, null, 2));
            return;
          }
          for (const i of result.items) console.log(`${i.reference}: ${i.from} → ${i.to}`);
        }).catch(exitWithError),
      );
  mark("mark-sent", "Record that a run's transfer file (or one remittance) was handed to the bank", () => ({
    kind: "sent",
  }));
  mark(
    "mark-paid",
    "Record that the bank executed the transfer(s); the money leaves the trust account",
    (o) => ({ kind: "paid", executedOn: o.date ?? "" }),
  ).requiredOption("--date <date>", "the bank's execution date (YYYY-MM-DD)");
  mark(
    "mark-rejected",
    "Record that the bank rejected (or returned) the transfer(s); the money is held for the creditor again",
    (o) => ({ kind: "rejected", reason: o.reason ?? "" }),
  ).requiredOption("--reason <text>", "why, as the bank says (reason code or words)");
}
