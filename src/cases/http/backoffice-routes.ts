import type { FastifyReply } from "fastify";
import { z } from "zod";
import { isAgencyRole } from "../../platform/auth/roles";
import { AGENCY_SCOPE, type Scope } from "../../platform/auth/scope";
import { listUsers } from "../../platform/auth/users";
import { actorOf, requireAgency, requireCreditor } from "../../platform/http/guards";
import type { App, AppDeps } from "../../platform/http/types";
import { addNote, callLogInputSchema, logHumanCall, noteInputSchema } from "../case-notes";
import {
  contactRulesInputSchema,
  contactRulesViewSchema,
  getContactRules,
  saveContactRules,
} from "../contact-rules";
import { type ExportQuery, exportCasesCsv, exportCasesXlsx, exportQuerySchema } from "../export-cases";
import { workQueue, workQueueQuerySchema, workQueueSchema } from "../work-queue";
import { caseIdParams } from "./shared-schemas";

const tags = ["Agency"];
const eventCreated = z.object({ eventId: z.uuid() });

/** What the back office needs beyond the case API: the work queue, notes, calls, agents, contact rules. */
export function registerBackofficeRoutes(app: App, deps: AppDeps): void {
  const { db } = deps.database;
  const now = () => deps.clock.now();

  app.get(
    "/api/agency/work-queue",
    {
      schema: {
        tags,
        summary: "Open cases ranked by expected value (p(payment) × balance × commission − next action cost)",
        querystring: workQueueQuerySchema,
        response: { 200: workQueueSchema },
      },
    },
    async (req) => {
      const p = requireAgency(req);
      return workQueue(db, req.query, { now: now(), userId: p.userId });
    },
  );

  app.post(
    "/api/agency/cases/:caseId/notes",
    {
      schema: {
        tags,
        summary: "Add a note to the case's timeline",
        params: caseIdParams,
        body: noteInputSchema,
        response: { 201: eventCreated },
      },
    },
    async (req, reply) => {
      const p = requireAgency(req);
      const eventId = await addNote(db, req.params.caseId, req.body, actorOf(p), now());
      return reply.status(201).send({ eventId });
    },
  );

  app.post(
    "/api/agency/cases/:caseId/calls",
    {
      schema: {
        tags,
        summary: "Log a call an agent made or took by hand, with its outcome",
        params: caseIdParams,
        body: callLogInputSchema,
        response: { 201: eventCreated },
      },
    },
    async (req, reply) => {
      const p = requireAgency(req);
      const eventId = await logHumanCall(db, req.params.caseId, req.body, actorOf(p), now());
      return reply.status(201).send({ eventId });
    },
  );

  app.get(
    "/api/agency/agents",
    {
      schema: {
        tags,
        summary: "The agency's active staff, to assign cases",
        response: {
          200: z.object({ items: z.array(z.object({ id: z.uuid(), name: z.string(), role: z.string() })) }),
        },
      },
    },
    async (req) => {
      requireAgency(req);
      const users = await listUsers(db);
      return {
        items: users
          .filter((u) => isAgencyRole(u.role) && !u.disabled)
          .map((u) => ({ id: u.id, name: u.name, role: u.role })),
      };
    },
  );

  app.get(
    "/api/agency/settings/contact-rules",
    {
      schema: {
        tags,
        summary: "The agency's contact windows and caps (overrides of the French default policy)",
        response: { 200: contactRulesViewSchema },
      },
    },
    async (req) => {
      requireAgency(req);
      return getContactRules(db);
    },
  );

  app.put(
    "/api/agency/settings/contact-rules",
    {
      schema: {
        tags,
        summary: "Set the agency's contact windows and caps; the statutory limits still apply",
        body: contactRulesInputSchema,
        response: { 200: contactRulesViewSchema },
      },
    },
    async (req) => {
      requireAgency(req, ["admin"]);
      return saveContactRules(db, req.body);
    },
  );

  app.get(
    "/api/agency/cases/export",
    {
      schema: {
        tags,
        summary: "Export the case list (CSV or XLSX), streamed",
        querystring: exportQuerySchema,
      },
    },
    async (req, reply) => {
      requireAgency(req);
      return sendExport(reply, db, AGENCY_SCOPE, req.query, now());
    },
  );

  app.get(
    "/api/v1/cases/export",
    {
      schema: {
        tags: ["Creditor API"],
        security: [{ apiKey: [] }, { session: [] }],
        summary: "Export your case list (CSV or XLSX), streamed",
        querystring: exportQuerySchema.omit({ creditorId: true }),
      },
    },
    async (req, reply) => {
      const { scope } = requireCreditor(req);
      return sendExport(reply, db, scope, req.query, now());
    },
  );
}

function sendExport(
  reply: FastifyReply,
  db: AppDeps["database"]["db"],
  scope: Scope,
  query: ExportQuery,
  now: Date,
) {
  const name = `cases-${now.toISOString().slice(0, 10)}.${query.format}`;
  const type =
    query.format === "csv"
      ? "text/csv; charset=utf-8"
      : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  const stream =
    query.format === "csv" ? exportCasesCsv(db, scope, query) : exportCasesXlsx(db, scope, query);
  return reply
    .header("content-type", type)
    .header("content-disposition", `attachment; filename="${name}"`)
    .send(stream);
}
