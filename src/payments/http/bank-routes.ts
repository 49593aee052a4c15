import fastifyMultipart from "@fastify/multipart";
import { z } from "zod";
import { documentStore } from "../../cases/documents";
import { AppError, validationError } from "../../platform/errors";
import { actorOf, requireAgency } from "../../platform/http/guards";
import type { App, AppDeps } from "../../platform/http/types";
import { assignBankTransaction, type BankTransactionRow, listBankTransactions } from "../bank-queue";
import { importBankStatement } from "../import-bank-statement";

const tags = ["Agency"];
const MAX_STATEMENT_BYTES = 20 * 1024 * 1024;

const importReportSchema = z.object({
  statementId: z.string(),
  version: z.string(),
  credits: z.number().int(),
  matched: z.number().int(),
  unmatched: z.number().int(),
  alreadyImported: z.number().int(),
  remittancesPaid: z.array(z.object({ remittanceId: z.uuid(), reference: z.string() })),
  lines: z.array(
    z.object({
      entryRef: z.string(),
      status: z.enum(["matched", "unmatched", "already_imported"]),
      amountCents: z.number().int(),
      bookingDate: z.string(),
      matchedBy: z.enum(["reference", "amount_name"]).optional(),
      caseId: z.string().optional(),
      paymentId: z.string().optional(),
      reason: z.enum(["no_candidate", "ambiguous", "currency"]).optional(),
      candidates: z.number().int().optional(),
    }),
  ),
});

const bankTransactionSchema = z.object({
  id: z.uuid(),
  entryRef: z.string(),
  statementId: z.string(),
  bookingDate: z.string(),
  amountCents: z.number().int(),
  currency: z.string(),
  debtorName: z.string().nullable(),
  remittanceInfo: z.string().nullable(),
  reference: z.string().nullable(),
  status: z.enum(["matched", "unmatched", "resolved"]),
  matchedBy: z.enum(["reference", "amount_name", "agent"]).nullable(),
  caseId: z.string().nullable(),
  paymentId: z.string().nullable(),
  createdAt: z.string(),
});
const view = (r: BankTransactionRow) => ({ ...r, createdAt: r.createdAt.toISOString() });

/** Bank statements for agency staff: import a camt.053, work the unmatched queue. */
export async function registerBankRoutes(app: App, deps: AppDeps): Promise<void> {
  const paymentDeps = () => ({ db: deps.database.db, documents: documentStore(deps.config.dataDir) });
  await app.register(async (sub) => {
    await sub.register(fastifyMultipart, { limits: { fileSize: MAX_STATEMENT_BYTES, files: 1 } });
    (sub as unknown as App).post(
      "/api/agency/bank-statements",
      {
        schema: {
          tags,
          summary: "Import a camt.053 bank statement of the trust account (multipart field `file`)",
          description:
            "Booked credits are matched to cases by RF reference, then by exact balance and payer name, " +
            "and applied as bank-transfer payments; the rest joins the unmatched queue. Booked debits that " +
            "carry a remittance's end-to-end id (or a run's message id) with its exact amount mark it paid. " +
            "Re-importing a statement applies nothing twice.",
          response: { 200: importReportSchema },
        },
      },
      async (req) => {
        const principal = requireAgency(req, ["admin", "manager", "agent"]);
        if (!req.isMultipart())
          throw new AppError("unsupported_media_type", "Send the statement as multipart/form-data (`file`)");
        const part = await req.file();
        if (!part)
          throw validationError([{ field: "file", message: "is required (multipart field `file`)" }]);
        const xml = (await part.toBuffer()).toString("utf8");
        return importBankStatement(paymentDeps(), xml, actorOf(principal), deps.clock.now());
      },
    );
  });

  app.get(
    "/api/agency/bank-transactions",
    {
      schema: {
        tags,
        summary: "Credited bank lines by state (default: the unmatched queue)",
        querystring: z.object({ status: z.enum(["matched", "unmatched", "resolved"]).default("unmatched") }),
        response: { 200: z.object({ items: z.array(bankTransactionSchema) }) },
      },
    },
    async (req) => {
      requireAgency(req);
      const rows = await listBankTransactions(deps.database.db, req.query.status);
      return { items: rows.map(view) };
    },
  );

  app.post(
    "/api/agency/bank-transactions/:transactionId/assign",
    {
      schema: {
        tags,
        summary: "Apply an unmatched bank line to a case",
        params: z.object({ transactionId: z.uuid() }),
        body: z
          .object({ caseId: z.uuid() })
          .meta({ examples: [{ caseId: "3f6b2a9e-8c1d-4e5f-9a7b-2c4d6e8f0a1b" }] }),
        response: { 200: z.object({ transaction: bankTransactionSchema, paymentId: z.uuid() }) },
      },
    },
    async (req) => {
      const principal = requireAgency(req);
      const result = await assignBankTransaction(
        paymentDeps(),
        req.params.transactionId,
        req.body.caseId,
        actorOf(principal),
        deps.clock.now(),
      );
      return { transaction: view(result.transaction), paymentId: result.paymentId };
    },
  );
}
