import { eq } from "drizzle-orm";
import type { FastifyReply } from "fastify";
import { z } from "zod";
import { documentStore } from "../../cases/documents";
import { findActiveMandate } from "../../cases/mandates";
import { creditors } from "../../cases/schema";
import type { Scope } from "../../platform/auth/scope";
import type { Executor } from "../../platform/db/client";
import { notFound } from "../../platform/errors";
import { requireCreditor } from "../../platform/http/guards";
import type { App, AppDeps } from "../../platform/http/types";
import { renderMandatePdf, renderStatementPdf } from "../money-pdfs";
import { listPayments, listRemittances, moneyTotals, pageQuerySchema, readReceipt } from "../money-views";
import { agencyLetterhead, loadRemittanceStatement, statementCsv } from "../remittance-statement";

const tags = ["Creditor API"];
const security: Record<string, string[]>[] = [{ apiKey: [] }, { session: [] }];

export const moneyItemSchemas = {
  payment: z.object({
    id: z.uuid(),
    caseId: z.uuid(),
    caseReference: z.string(),
    debtorName: z.string(),
    provider: z.string(),
    amountCents: z.number().int(),
    allocatedCents: z.number().int(),
    reversedCents: z.number().int(),
    currency: z.string(),
    status: z.string(),
    encashedAt: z.string(),
    remittanceDueAt: z.string(),
    remittanceId: z.uuid().nullable(),
    receiptNumber: z.string(),
    receiptDocumentId: z.uuid().nullable(),
  }),
  remittance: z.object({
    id: z.uuid(),
    reference: z.string(),
    creditorId: z.uuid(),
    creditorRef: z.string(),
    creditorName: z.string(),
    runId: z.uuid().nullable(),
    runReference: z.string().nullable(),
    amountCents: z.number().int(),
    collectedCents: z.number().int(),
    commissionCents: z.number().int(),
    vatCents: z.number().int(),
    currency: z.string(),
    paymentCount: z.number().int(),
    status: z.enum(["prepared", "sent", "paid", "rejected", "returned"]),
    sentAt: z.string().nullable(),
    paidAt: z.string().nullable(),
    /** The bank's execution date of the transfer (YYYY-MM-DD). */
    executedOn: z.string().nullable(),
    rejectedAt: z.string().nullable(),
    rejectionReason: z.string().nullable(),
    createdAt: z.string(),
  }),
};

export const statementQuerySchema = z.object({
  format: z.enum(["pdf", "csv"]).default("pdf"),
  locale: z.enum(["fr", "en"]).default("fr"),
});

/** Sends a generated file as a download. */
export function sendFile(reply: FastifyReply, type: string, filename: string, body: string | Buffer) {
  return reply
    .header("content-type", type)
    .header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`)
    .header("x-content-type-options", "nosniff")
    .send(body);
}

/** A remittance statement as PDF or CSV, for the agency or the remittance's own creditor. */
export async function sendStatement(
  reply: FastifyReply,
  db: Executor,
  scope: Scope,
  remittanceId: string,
  query: z.infer<typeof statementQuerySchema>,
) {
  const statement = await loadRemittanceStatement(db, scope, remittanceId);
  const name = `releve-${statement.reference}.${query.format}`;
  if (query.format === "csv") {
    return sendFile(reply, "text/csv; charset=utf-8", name, statementCsv(statement, query.locale));
  }
  return sendFile(reply, "application/pdf", name, await renderStatementPdf(statement, query.locale));
}

/** The creditor's money (R124-5, R124-6): payments, receipts, remittances, fees and its mandate. */
export function registerCreditorMoneyRoutes(app: App, deps: AppDeps): void {
  const { db } = deps.database;
  const store = documentStore(deps.config.dataDir);

  app.get(
    "/api/v1/payments",
    {
      schema: {
        tags,
        security,
        summary: "Payments received on the creditor's cases, newest first",
        querystring: pageQuerySchema,
        response: {
          200: z.object({ items: z.array(moneyItemSchemas.payment), nextCursor: z.string().nullable() }),
        },
      },
    },
    async (req) => listPayments(db, requireCreditor(req).scope, req.query),
  );

  app.get(
    "/api/v1/payments/:paymentId/receipt",
    {
      schema: {
        tags,
        security,
        summary: "Download the payment's receipt (quittance, R124-6) as PDF",
        params: z.object({ paymentId: z.uuid() }),
      },
    },
    async (req, reply) => {
      const { document, bytes } = await readReceipt(
        db,
        store,
        requireCreditor(req).scope,
        req.params.paymentId,
      );
      return sendFile(reply, "application/pdf", document.filename, bytes);
    },
  );

  app.get(
    "/api/v1/remittances",
    {
      schema: {
        tags,
        security,
        summary: "Remittances paid over to the creditor, newest first",
        querystring: pageQuerySchema,
        response: {
          200: z.object({ items: z.array(moneyItemSchemas.remittance), nextCursor: z.string().nullable() }),
        },
      },
    },
    async (req) => listRemittances(db, requireCreditor(req).scope, req.query),
  );

  app.get(
    "/api/v1/remittances/:remittanceId/statement",
    {
      schema: {
        tags,
        security,
        summary: "Download a remittance statement (PDF or CSV, French or English)",
        params: z.object({ remittanceId: z.uuid() }),
        querystring: statementQuerySchema,
      },
    },
    async (req, reply) =>
      sendStatement(reply, db, requireCreditor(req).scope, req.params.remittanceId, req.query),
  );

  app.get(
    "/api/v1/money/totals",
    {
      schema: {
        tags,
        security,
        summary: "Collected, fee, VAT, remitted and still held, from the trust ledger",
        response: {
          200: z.object({
            collectedCents: z.number().int(),
            commissionCents: z.number().int(),
            vatCents: z.number().int(),
            remittedCents: z.number().int(),
            heldCents: z.number().int(),
            currency: z.string(),
          }),
        },
      },
    },
    async (req) => moneyTotals(db, requireCreditor(req).creditorId),
  );

  app.get(
    "/api/v1/mandate/document",
    {
      schema: {
        tags,
        security,
        summary: "Download the creditor's active mandate (convention, R124-3) as PDF",
        querystring: z.object({ locale: z.enum(["fr", "en"]).default("fr") }),
      },
    },
    async (req, reply) => {
      const { creditorId } = requireCreditor(req);
      const mandate = await findActiveMandate(db, creditorId);
      const [creditor] = await db.select().from(creditors).where(eq(creditors.id, creditorId));
      if (!mandate || !creditor) throw notFound("Mandate");
      const pdf = await renderMandatePdf(
        { mandate, creditorName: creditor.legalName, letterhead: await agencyLetterhead(db) },
        req.query.locale,
      );
      return sendFile(reply, "application/pdf", `convention-v${mandate.version}.pdf`, pdf);
    },
  );
}
