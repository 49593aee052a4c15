import { z } from "zod";
import { AGENCY_SCOPE } from "../../platform/auth/scope";
import { requireAgency } from "../../platform/http/guards";
import type { App, AppDeps } from "../../platform/http/types";
import { listAtRisk } from "../at-risk";
import { markRemittance } from "../mark-remittance";
import { listRemittances, listRuns, pageQuerySchema } from "../money-views";
import { runRemittance } from "../run-remittance";
import { loadTransferFile } from "../transfer-file";
import { moneyItemSchemas, sendFile, sendStatement, statementQuerySchema } from "./money-routes";

const tags = ["Agency"];

const decisionSchema = z.object({
  due: z.boolean(),
  reason: z.enum(["deadline", "schedule", "requested", "nothing_held", "below_threshold", "not_yet"]),
});

const runResultSchema = z.object({
  dryRun: z.boolean(),
  run: z
    .object({
      id: z.uuid(),
      reference: z.string(),
      executionDate: z.string(),
      transferCount: z.number().int(),
      totalCents: z.number().int(),
    })
    .nullable(),
  remitted: z.array(
    z.object({
      creditorId: z.uuid(),
      remittanceId: z.uuid(),
      reference: z.string(),
      amountCents: z.number().int(),
    }),
  ),
  candidates: z.array(
    z.object({
      creditorId: z.uuid(),
      creditorRef: z.string(),
      creditorName: z.string(),
      heldCents: z.number().int(),
      unsweptFeesCents: z.number().int(),
      paymentCount: z.number().int(),
      oldestDueAt: z.string().nullable(),
      decision: decisionSchema,
      blocked: z.enum(["missing_iban", "no_mandate"]).nullable(),
    }),
  ),
});

const runSchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  executionDate: z.string(),
  transferCount: z.number().int(),
  totalCents: z.number().int(),
  currency: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});

export const atRiskSchema = z.object({
  paymentId: z.uuid(),
  creditorId: z.uuid(),
  creditorRef: z.string(),
  caseId: z.uuid(),
  caseReference: z.string(),
  receiptNumber: z.string(),
  encashedAt: z.string(),
  remittanceDueAt: z.string(),
  heldCents: z.number().int(),
  currency: z.string(),
  overdue: z.boolean(),
  daysLeft: z.number().int(),
});

const statusValues = ["prepared", "sent", "paid", "rejected", "returned"] as const;

const markSchema = z
  .discriminatedUnion("status", [
    z.strictObject({ status: z.literal("sent") }),
    z.strictObject({ status: z.literal("paid"), executedOn: z.iso.date() }),
    z.strictObject({ status: z.literal("rejected"), reason: z.string().trim().min(1).max(500) }),
  ])
  .meta({ examples: [{ status: "paid", executedOn: "2026-11-30" }] });

const markedSchema = z.object({
  items: z.array(
    z.object({
      remittanceId: z.uuid(),
      reference: z.string(),
      creditorId: z.uuid(),
      from: z.enum(statusValues),
      to: z.enum(statusValues),
    }),
  ),
});

const toMark = (b: z.infer<typeof markSchema>) =>
  b.status === "sent"
    ? ({ kind: "sent" } as const)
    : b.status === "paid"
      ? ({ kind: "paid", executedOn: b.executedOn } as const)
      : ({ kind: "rejected", reason: b.reason } as const);

const markDescription =
  "sent: the transfer file was handed to the bank. paid: the bank executed it (executedOn: its date); the " +
  "money leaves the trust account and the creditor gets a remittance.paid webhook. rejected: the bank " +
  "refused it (or, once paid, the creditor's bank returned it): the money is held for the creditor again, " +
  "counts in the one-month check, and the creditor gets a remittance.rejected webhook (data.status: " +
  "rejected or returned, data.reason). Illegal moves (paid → sent, anything after rejected) answer 409.";

/** Remittance to creditors for agency staff: runs (preview and commit), files, statements, the one-month check. */
export function registerRemittanceRoutes(app: App, deps: AppDeps): void {
  const { db } = deps.database;

  app.post(
    "/api/agency/remittance-runs",
    {
      schema: {
        tags,
        summary: "Preview (dryRun) or make a remittance run, for one creditor or every creditor due",
        description:
          "Without creditorId, each creditor is paid when its mandate's schedule or the one-month deadline " +
          "(R124-6) says so; with creditorId, that creditor is paid whatever the schedule. A committed run " +
          "records the remittances with their ledger entries and yields one pain.001 file.",
        body: z
          .strictObject({
            creditorId: z.uuid().optional(),
            dryRun: z.boolean().default(true),
            executionDate: z.iso.date().optional(),
          })
          .meta({ examples: [{ dryRun: true }] }),
        response: { 200: runResultSchema },
      },
    },
    async (req) => {
      const principal = requireAgency(req, ["admin", "manager"]);
      return runRemittance(db, { ...req.body, by: principal.userId }, deps.clock.now());
    },
  );

  app.get(
    "/api/agency/remittance-runs",
    {
      schema: {
        tags,
        summary: "Remittance runs, newest first",
        querystring: pageQuerySchema,
        response: { 200: z.object({ items: z.array(runSchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => {
      requireAgency(req, ["admin", "manager"]);
      return listRuns(db, req.query);
    },
  );

  app.get(
    "/api/agency/remittance-runs/:runId/pain001",
    {
      schema: {
        tags,
        summary: "Download the run's SEPA credit-transfer file (pain.001.001.09) for the bank",
        params: z.object({ runId: z.uuid() }),
      },
    },
    async (req, reply) => {
      requireAgency(req, ["admin", "manager"]);
      const file = await loadTransferFile(db, req.params.runId);
      return sendFile(reply, "application/xml; charset=utf-8", file.filename, file.xml);
    },
  );

  app.get(
    "/api/agency/remittances",
    {
      schema: {
        tags,
        summary: "Remittances to creditors, newest first (optionally one run's)",
        querystring: pageQuerySchema.extend({ runId: z.uuid().optional() }),
        response: {
          200: z.object({ items: z.array(moneyItemSchemas.remittance), nextCursor: z.string().nullable() }),
        },
      },
    },
    async (req) => {
      requireAgency(req);
      return listRemittances(db, AGENCY_SCOPE, req.query);
    },
  );

  app.get(
    "/api/agency/remittances/:remittanceId/statement",
    {
      schema: {
        tags,
        summary: "Download a remittance statement (PDF or CSV)",
        params: z.object({ remittanceId: z.uuid() }),
        querystring: statementQuerySchema,
      },
    },
    async (req, reply) => {
      requireAgency(req);
      return sendStatement(reply, db, AGENCY_SCOPE, req.params.remittanceId, req.query);
    },
  );

  app.post(
    "/api/agency/remittances/:remittanceId/status",
    {
      schema: {
        tags,
        summary: "Record what the bank did with a remittance's transfer",
        description: markDescription,
        params: z.object({ remittanceId: z.uuid() }),
        body: markSchema,
        response: { 200: markedSchema },
      },
    },
    async (req) => {
      requireAgency(req, ["admin", "manager"]);
      return markRemittance(
        db,
        { remittanceId: req.params.remittanceId },
        toMark(req.body),
        deps.clock.now(),
      );
    },
  );

  app.post(
    "/api/agency/remittance-runs/:runId/status",
    {
      schema: {
        tags,
        summary: "Record what the bank did with a run's transfer file (every transfer it can apply to)",
        description: markDescription,
        params: z.object({ runId: z.uuid() }),
        body: markSchema,
        response: { 200: markedSchema },
      },
    },
    async (req) => {
      requireAgency(req, ["admin", "manager"]);
      return markRemittance(db, { runId: req.params.runId }, toMark(req.body), deps.clock.now());
    },
  );

  app.get(
    "/api/agency/remittances/at-risk",
    {
      schema: {
        tags,
        summary: "Collected amounts not yet paid over whose one-month deadline (R124-6) is past or near",
        querystring: z.object({ withinDays: z.coerce.number().int().min(0).max(31).default(7) }),
        response: { 200: z.object({ items: z.array(atRiskSchema) }) },
      },
    },
    async (req) => {
      requireAgency(req);
      return { items: await listAtRisk(db, AGENCY_SCOPE, deps.clock.now(), req.query.withinDays) };
    },
  );
}
