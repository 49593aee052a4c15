import { readFile } from "node:fs/promises";
import { Presets, SingleBar } from "cli-progress";
import { Command } from "commander";
import { createCreditor, findCreditorByRef } from "../cases/creditors";
import { documentStore } from "../cases/documents";
import { createMandateVersion, mandateInputSchema, toMandateView } from "../cases/mandates";
import { SYSTEM } from "../cases/timeline";
import { runUntil, runWorker } from "../collection/worker";
import { importBankStatement } from "../payments/import-bank-statement";
import { createApiKey } from "../platform/auth/api-keys";
import { ROLES } from "../platform/auth/roles";
import { createUser, userInputSchema } from "../platform/auth/users";
import { VirtualClock } from "../platform/clock";
import { migrateDatabase } from "../platform/db/migrate";
import { validationError } from "../platform/errors";
import { buildServer } from "../platform/http/server";
import { registerCallCommand } from "./call-command";
import { isDatabaseEmpty, printLogins, seedDemo } from "./demo-data";
import { engineDeps } from "./engine";
import { registerIntakeCommands } from "./intake-commands";
import { registerRemitCommands } from "./remit-commands";
import { exitWithError, openRuntime, type Runtime } from "./runtime";
import { registerTemplateCommands } from "./template-commands";

const program = new Command()
  .name("relance")
  .description("Relance: the platform that runs a debt-collection agency end to end")
  .showHelpAfterError();

async function withRuntime<T>(
  work: (rt: Runtime) => Promise<T>,
  options?: { logLevel?: string },
): Promise<T> {
  const rt = await openRuntime({ logLevel: options?.logLevel ?? "warn" });
  try {
    return await work(rt);
  } finally {
    await rt.close();
  }
}

function parseDateOption(field: string, value: string): Date {
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw validationError([{ field, message: "is not an ISO date", value }]);
  return at;
}

function out(json: boolean, value: unknown, text: string): void {
  console.log(json ? JSON.stringify(value, null, 2) : text);
}

async function serve(rt: Runtime): Promise<void> {
  const app = await buildServer({
    config: rt.config,
    database: rt.database,
    clock: rt.clock,
    logger: rt.logger,
    live: rt.live,
  });
  const stop = async (signal: string) => {
    rt.logger.info({ signal }, "shutting down");
    await app.close();
    await rt.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
  await app.listen({ port: rt.config.port, host: rt.config.host });
  console.log(`Relance is running on ${rt.config.publicUrl} (database: ${rt.database.kind})`);
}

program
  .command("serve")
  .description("Run the HTTP server (API, web app, webhooks); applies pending migrations first")
  .action(async () => serve(await openRuntime()));

program
  .command("start")
  .description(
    "Migrate, load demo data when the database is empty, print the logins, serve, and run the collection engine",
  )
  .action(async () => {
    const rt = await openRuntime();
    if (await isDatabaseEmpty(rt.database.db)) {
      console.log("Empty database: loading the demo agency…");
      printLogins(
        await seedDemo(rt.database.db, rt.clock.now(), undefined, documentStore(rt.config.dataDir)),
        rt.config.publicUrl,
      );
    } else {
      printLogins(null);
    }
    await serve(rt);
    // The demo platform works its cases too: the collection engine runs in this process.
    void runWorker(
      engineDeps(rt.database.db, () => rt.clock.now(), rt.config, rt.live),
      new AbortController().signal,
    ).catch((error) => rt.logger.error({ err: error }, "collection worker stopped"));
  });

program
  .command("worker")
  .description("Run the collection engine: scheduler, dispatcher and reconciliation, until stopped")
  .option("--idle <ms>", "pause between passes when nothing is due", "2000")
  .action(async (opts: { idle: string }) => {
    const rt = await openRuntime();
    const stop = new AbortController();
    process.once("SIGINT", () => stop.abort());
    process.once("SIGTERM", () => stop.abort());
    console.log(`Collection worker running (database: ${rt.database.kind}); Ctrl-C stops it.`);
    await runWorker(
      engineDeps(rt.database.db, () => rt.clock.now(), rt.config, rt.live),
      stop.signal,
      Number(opts.idle),
    );
    await rt.close();
  });

program
  .command("run")
  .description("Replay the collection engine on a virtual clock, from now (or --from) up to --until")
  .requiredOption("--until <date>", "ISO date or date-time to run up to, e.g. 2027-03-01")
  .option("--from <date>", "start of the virtual clock (default: now)")
  .option("--json", "machine-readable output")
  .action(async (opts: { until: string; from?: string; json?: boolean }) =>
    withRuntime(async (rt) => {
      const until = parseDateOption("--until", opts.until);
      const clock = new VirtualClock(opts.from ? parseDateOption("--from", opts.from) : rt.clock.now());
      if (until < clock.now())
        throw validationError([{ field: "--until", message: "is before the start", value: opts.until }]);
      const bar =
        process.stdout.isTTY && !opts.json
          ? new SingleBar({ format: "{bar} {percentage}% {day}" }, Presets.shades_classic)
          : null;
      const span = until.getTime() - clock.now().getTime() || 1;
      const start = clock.now().getTime();
      bar?.start(100, 0, { day: "" });
      const result = await runUntil(
        engineDeps(rt.database.db, () => clock.now(), rt.config),
        clock,
        until,
        (at) =>
          bar?.update(Math.round(((at.getTime() - start) / span) * 100), {
            day: at.toISOString().slice(0, 10),
          }),
      );
      bar?.stop();
      const summary = { from: new Date(start).toISOString(), until: until.toISOString(), ...result };
      out(
        !!opts.json,
        summary,
        Object.entries(summary)
          .map(([k, v]) => `${k.padEnd(11)} ${v}`)
          .join("\n"),
      );
    }),
  );

program
  .command("migrate")
  .description("Apply pending database migrations")
  .option("--json", "machine-readable output")
  .action(async (opts: { json?: boolean }) =>
    withRuntime(async (rt) => {
      await migrateDatabase(rt.database);
      out(
        !!opts.json,
        { migrated: true, database: rt.database.kind },
        `Database is up to date (${rt.database.kind}).`,
      );
    }),
  );

program
  .command("demo")
  .description("Seed a demo agency: users, two creditors (B2B and B2C) with mandates, ~500 cases")
  .option("--cases <n>", "number of cases", "500")
  .option("--json", "machine-readable output")
  .action(async (opts: { cases: string; json?: boolean }) =>
    withRuntime(async (rt) => {
      if (!(await isDatabaseEmpty(rt.database.db))) {
        throw validationError([
          { field: "database", message: "already holds data; demo seeds an empty database only" },
        ]);
      }
      const logins = await seedDemo(
        rt.database.db,
        rt.clock.now(),
        Number(opts.cases),
        documentStore(rt.config.dataDir),
      );
      if (opts.json) out(true, logins, "");
      else printLogins(logins, rt.config.publicUrl);
    }),
  );

const creditor = program.command("creditor").description("Manage creditors");
creditor
  .command("create")
  .description("Create a creditor")
  .requiredOption("--ref <ref>", "short unique reference, e.g. ACME")
  .requiredOption("--name <name>", "legal name")
  .requiredOption("--siren <siren>", "SIREN (9 digits)")
  .option("--iban <iban>", "remittance IBAN")
  .option("--json", "machine-readable output")
  .action(async (opts: { ref: string; name: string; siren: string; iban?: string; json?: boolean }) =>
    withRuntime(async (rt) => {
      const c = await createCreditor(
        rt.database.db,
        { ref: opts.ref, legalName: opts.name, siren: opts.siren, remittanceIban: opts.iban, contacts: [] },
        rt.clock.now(),
      );
      out(
        !!opts.json,
        { id: c.id, ref: c.ref, legalName: c.legalName, siren: c.siren },
        `Created creditor ${c.ref} (${c.id})`,
      );
    }),
  );

const mandate = program
  .command("mandate")
  .description("Manage creditors' mandates (conventions, CPCE R124-3)");
mandate
  .command("create")
  .description("Record a new mandate version for a creditor and make it active")
  .requiredOption("--creditor <ref>", "creditor reference")
  .requiredOption("--basis <text>", "basis of the claims handed over")
  .requiredOption("--insurance <ref>", "the agency's liability insurance reference")
  .option("--rate <percent>", "commission rate on sums collected, in percent", "15")
  .option("--minimum <euros>", "minimum commission per case, in euros", "0")
  .option("--vat <percent>", "VAT rate on the commission, in percent", "20")
  .option("--remit-days <days>", "days after encashment to pay funds over (at most 31)", "30")
  .option(
    "--reminder-days <days>",
    "days before a promised date or instalment the debtor is reminded (0–14)",
    "3",
  )
  .option("--signed <date>", "signature date YYYY-MM-DD (default today)")
  .option("--json", "machine-readable output")
  .action(
    async (opts: {
      creditor: string;
      basis: string;
      insurance: string;
      rate: string;
      minimum: string;
      vat: string;
      remitDays: string;
      reminderDays: string;
      signed?: string;
      json?: boolean;
    }) =>
      withRuntime(async (rt) => {
        const c = await findCreditorByRef(rt.database.db, opts.creditor);
        if (!c)
          throw validationError([
            { field: "--creditor", message: "no creditor has this reference", value: opts.creditor },
          ]);
        const today = rt.clock.now().toISOString().slice(0, 10);
        const parsed = mandateInputSchema.safeParse({
          claimBasis: opts.basis,
          insuranceReference: opts.insurance,
          commission: {
            rateBp: Math.round(Number(opts.rate) * 100),
            minimumCents: Math.round(Number(opts.minimum) * 100),
            vatRateBp: Math.round(Number(opts.vat) * 100),
          },
          remittance: { maxDelayDays: Number(opts.remitDays) },
          planLimits: { reminderDaysBefore: Number(opts.reminderDays) },
          signedAt: opts.signed ?? today,
          effectiveFrom: opts.signed ?? today,
        });
        if (!parsed.success) {
          throw validationError(
            parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })),
          );
        }
        const m = await createMandateVersion(rt.database.db, c.id, parsed.data);
        out(!!opts.json, toMandateView(m), `Mandate v${m.version} is now active for ${c.ref}`);
      }),
  );

const apikey = program.command("apikey").description("Manage creditor API keys");
apikey
  .command("create")
  .description("Create an API key for a creditor; the key is printed once")
  .requiredOption("--creditor <ref>", "creditor reference")
  .option("--name <name>", "what the key is for", "CLI")
  .option("--json", "machine-readable output")
  .action(async (opts: { creditor: string; name: string; json?: boolean }) =>
    withRuntime(async (rt) => {
      const c = await findCreditorByRef(rt.database.db, opts.creditor);
      if (!c)
        throw validationError([
          { field: "--creditor", message: "no creditor has this reference", value: opts.creditor },
        ]);
      const { key, apiKey } = await createApiKey(rt.database.db, c.id, opts.name, null, rt.clock.now());
      out(!!opts.json, { key, id: apiKey.id, creditor: c.ref }, `API key for ${c.ref} (shown once):\n${key}`);
    }),
  );

const user = program.command("user").description("Manage users");
user
  .command("create")
  .description("Create a user (agency role, or creditor role with --creditor)")
  .requiredOption("--email <email>", "login email")
  .requiredOption("--name <name>", "full name")
  .requiredOption("--role <role>", `one of ${ROLES.join(", ")}`)
  .requiredOption("--password <password>", "at least 12 characters")
  .option("--creditor <ref>", "creditor reference (creditor roles)")
  .option("--locale <locale>", "fr or en", "fr")
  .option("--json", "machine-readable output")
  .action(
    async (opts: {
      email: string;
      name: string;
      role: string;
      password: string;
      creditor?: string;
      locale: string;
      json?: boolean;
    }) =>
      withRuntime(async (rt) => {
        let creditorId: string | null = null;
        if (opts.creditor) {
          const c = await findCreditorByRef(rt.database.db, opts.creditor);
          if (!c)
            throw validationError([
              { field: "--creditor", message: "no creditor has this reference", value: opts.creditor },
            ]);
          creditorId = c.id;
        }
        const parsed = userInputSchema.safeParse({ ...opts, creditorId });
        if (!parsed.success) {
          throw validationError(
            parsed.error.issues.map((i) => ({ field: `--${String(i.path[0])}`, message: i.message })),
          );
        }
        const u = await createUser(rt.database.db, parsed.data, rt.clock.now());
        out(!!opts.json, u, `Created ${u.role} ${u.email} (${u.id})`);
      }),
  );

const bank = program.command("bank").description("Bank statements of the trust account");
bank
  .command("import")
  .description("Import a camt.053 statement: match credits to cases (RF reference, then amount and name)")
  .argument("<file>", "camt.053.001.08 (or .001.02) XML file")
  .option("--json", "machine-readable output")
  .action(async (file: string, opts: { json?: boolean }) =>
    withRuntime(async (rt) => {
      const xml = await readFile(file, "utf8");
      const report = await importBankStatement(
        { db: rt.database.db, documents: documentStore(rt.config.dataDir) },
        xml,
        SYSTEM,
        rt.clock.now(),
      );
      out(
        !!opts.json,
        report,
        [
          `Statement ${report.statementId} (${report.version}): ${report.credits} credits`,
          `  matched          ${report.matched}`,
          `  unmatched        ${report.unmatched} (queue: GET /api/agency/bank-transactions)`,
          `  already imported ${report.alreadyImported}`,
          `  remittances paid ${report.remittancesPaid.map((r) => r.reference).join(", ") || "none"}`,
        ].join("\n"),
      );
    }),
  );

registerTemplateCommands(program);
registerCallCommand(program, exitWithError);
registerIntakeCommands(program, exitWithError);
registerRemitCommands(program, exitWithError);

program.parseAsync(process.argv).catch(exitWithError);
