import { eq } from "drizzle-orm";
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { addContactPoint } from "../../cases/contact-points";
import { addressSchema } from "../../cases/create-case.schema";
import { documentStore, readDocument } from "../../cases/documents";
import { agency, cases, debtors } from "../../cases/schema";
import type { Actor } from "../../cases/timeline";
import { createPaymentLink } from "../../payments/payment-links";
import { createPlan, proposePlan } from "../../payments/plans";
import { recordPromise } from "../../payments/promises";
import type { Psp } from "../../payments/psp";
import { AGENCY_SCOPE } from "../../platform/auth/scope";
import { AppError } from "../../platform/errors";
import type { App, AppDeps } from "../../platform/http/types";
import {
  authenticatePortal,
  identityAnswerSchema,
  type PortalAccess,
  verifyIdentity,
} from "../identity-check";
import { resolvePortalLink } from "../links";
import { getPortalCase, PORTAL_DOCUMENT_KINDS, portalCaseSchema } from "../portal-case";
import { disputeInputSchema, recordDispute } from "../record-dispute";
import { recordLatePaymentReason, surveyInputSchema } from "../record-late-payment-reason";
import { callbackInputSchema, requestCallback } from "../request-callback";

export const PORTAL_SESSION_HEADER = "x-portal-session";
// The portal API serves the debtor web app only: it is kept out of the creditor-facing OpenAPI document.
const TAGS = ["Debtor portal"];
const tokenParams = z.object({ token: z.string().min(1).max(64) });
const ok = z.object({ ok: z.literal(true) }).passthrough();

/**
 * The debtor portal API. The link token is the only thing in the URL; the session from the identity
 * check travels in the x-portal-session header (not a cookie, so no cross-site request can use it).
 */
export function registerPortalRoutes(app: App, deps: AppDeps & { psp: Psp }): void {
  const db = deps.database.db;
  const store = documentStore(deps.config.dataDir);
  const now = () => deps.clock.now();
  const access = (req: FastifyRequest): Promise<PortalAccess> => {
    const header = req.headers[PORTAL_SESSION_HEADER];
    const { token } = req.params as { token: string };
    return authenticatePortal(db, token, typeof header === "string" ? header : undefined, now());
  };
  const debtor = (a: PortalAccess): Actor => ({ type: "debtor", id: a.link.id });

  app.get(
    "/api/portal/:token",
    {
      schema: {
        hide: true,
        tags: TAGS,
        params: tokenParams,
        response: {
          200: z.object({
            agency: z.object({ name: z.string() }),
            identityCheck: z.enum(["person", "company"]),
            locked: z.boolean(),
          }),
        },
      },
    },
    async (req) => {
      const link = await resolvePortalLink(db, req.params.token, now());
      const [row] = await db
        .select({ kind: debtors.kind })
        .from(cases)
        .innerJoin(debtors, eq(debtors.id, cases.debtorId))
        .where(eq(cases.id, link.caseId));
      const [agencyRow] = await db.select({ name: agency.name }).from(agency).limit(1);
      return {
        agency: { name: agencyRow?.name ?? "Relance" },
        identityCheck: row?.kind ?? "person",
        locked: !!link.lockedUntil && link.lockedUntil > now(),
      };
    },
  );

  app.post(
    "/api/portal/:token/session",
    {
      config: { rateLimit: { max: 20, timeWindow: "1 minute" } },
      schema: {
        hide: true,
        tags: TAGS,
        params: tokenParams,
        body: identityAnswerSchema,
        response: { 200: z.object({ sessionToken: z.string(), expiresAt: z.string() }) },
      },
    },
    async (req) => {
      const session = await verifyIdentity(db, req.params.token, req.body, now());
      return { sessionToken: session.sessionToken, expiresAt: session.expiresAt.toISOString() };
    },
  );

  app.get(
    "/api/portal/:token/case",
    { schema: { hide: true, tags: TAGS, params: tokenParams, response: { 200: portalCaseSchema } } },
    async (req) => getPortalCase(db, (await access(req)).caseId, now()),
  );

  app.get(
    "/api/portal/:token/documents/:documentId",
    { schema: { hide: true, tags: TAGS, params: tokenParams.extend({ documentId: z.uuid() }) } },
    async (req, reply) => {
      const a = await access(req);
      const { document, bytes } = await readDocument(
        db,
        store,
        AGENCY_SCOPE,
        a.caseId,
        req.params.documentId,
      );
      // Only what the portal lists: invoices, receipts and credit notes, never internal correspondence.
      if (!(PORTAL_DOCUMENT_KINDS as readonly string[]).includes(document.kind))
        throw new AppError("not_found", "Document not found");
      return reply
        .type(document.contentType)
        .header("content-disposition", `attachment; filename="${document.filename}"`)
        .send(bytes);
    },
  );

  app.post(
    "/api/portal/:token/pay",
    {
      schema: {
        hide: true,
        tags: TAGS,
        params: tokenParams,
        body: z.object({
          amountCents: z.number().int().positive().optional(),
          claimIds: z.array(z.uuid()).optional(),
        }),
        response: {
          200: z.object({ checkoutUrl: z.string(), paymentLinkId: z.uuid(), amountCents: z.number() }),
        },
      },
    },
    async (req) => {
      const a = await access(req);
      const link = await createPaymentLink(
        { db, psp: deps.psp, publicUrl: deps.config.publicUrl },
        {
          caseId: a.caseId,
          amountCents: req.body.amountCents,
          designatedClaimIds: req.body.claimIds,
          returnPath: `/p/${req.params.token}`,
        },
        debtor(a),
        now(),
      );
      return {
        checkoutUrl: link.checkoutUrl,
        paymentLinkId: link.paymentLinkId,
        amountCents: link.amountCents,
      };
    },
  );

  const planBody = z.object({ instalments: z.number().int().min(2).max(60), firstDate: z.iso.date() });
  const planAnswer = z.object({
    totalCents: z.number(),
    instalments: z.array(z.object({ seq: z.number(), dueDate: z.string(), amountCents: z.number() })),
  });
  app.post(
    "/api/portal/:token/plan/quote",
    {
      schema: { hide: true, tags: TAGS, params: tokenParams, body: planBody, response: { 200: planAnswer } },
    },
    async (req) => {
      const a = await access(req);
      return proposePlan(db, { caseId: a.caseId, ...req.body }, now());
    },
  );
  app.post(
    "/api/portal/:token/plan",
    {
      schema: {
        hide: true,
        tags: TAGS,
        params: tokenParams,
        body: planBody,
        response: { 200: planAnswer.extend({ planId: z.uuid() }) },
      },
    },
    async (req) => {
      const a = await access(req);
      return createPlan(db, { caseId: a.caseId, ...req.body }, debtor(a), now());
    },
  );

  app.post(
    "/api/portal/:token/promise",
    {
      schema: {
        hide: true,
        tags: TAGS,
        params: tokenParams,
        body: z.object({ dueDate: z.iso.date(), amountCents: z.number().int().positive().optional() }),
        response: { 200: z.object({ promiseId: z.uuid(), dueDate: z.string(), amountCents: z.number() }) },
      },
    },
    async (req) => {
      const a = await access(req);
      return recordPromise(db, { caseId: a.caseId, ...req.body }, debtor(a), now());
    },
  );

  const fileSchema = z.object({
    filename: z.string().trim().min(1).max(200),
    contentType: z.enum(["application/pdf", "image/png", "image/jpeg", "text/plain"]),
    contentBase64: z.base64().max(7_000_000),
  });
  app.post(
    "/api/portal/:token/dispute",
    {
      schema: {
        hide: true,
        tags: TAGS,
        params: tokenParams,
        body: disputeInputSchema.extend({ files: z.array(fileSchema).max(5).default([]) }),
        response: { 200: z.object({ disputeId: z.uuid() }) },
      },
    },
    async (req) => {
      const a = await access(req);
      const { files, ...input } = req.body;
      return recordDispute(
        { db, documents: store },
        a.caseId,
        input,
        files.map((f) => ({
          filename: f.filename,
          contentType: f.contentType,
          bytes: Buffer.from(f.contentBase64, "base64"),
        })),
        debtor(a),
        now(),
      );
    },
  );

  app.post(
    "/api/portal/:token/callback",
    {
      schema: {
        hide: true,
        tags: TAGS,
        params: tokenParams,
        body: callbackInputSchema,
        response: { 200: z.object({ callbackId: z.uuid() }) },
      },
    },
    async (req) => {
      const a = await access(req);
      return requestCallback(db, a.caseId, req.body, debtor(a), now());
    },
  );

  app.post(
    "/api/portal/:token/survey",
    {
      schema: {
        hide: true,
        tags: TAGS,
        params: tokenParams,
        body: surveyInputSchema,
        response: { 200: z.object({ answerId: z.uuid() }) },
      },
    },
    async (req) => {
      const a = await access(req);
      return recordLatePaymentReason(db, a.caseId, req.body, debtor(a), now());
    },
  );

  app.post(
    "/api/portal/:token/contact",
    {
      schema: {
        hide: true,
        tags: TAGS,
        params: tokenParams,
        body: z
          .object({
            phone: z.string().trim().min(3).max(40).optional(),
            email: z.string().trim().min(3).max(254).optional(),
            address: addressSchema.optional(),
          })
          .refine((b) => b.phone || b.email || b.address, { message: "give at least one contact detail" }),
        response: { 200: ok },
      },
    },
    async (req) => {
      const a = await access(req);
      const actor = debtor(a);
      const { phone, email, address } = req.body;
      if (phone)
        await upsertContact(() =>
          addContactPoint(
            db,
            AGENCY_SCOPE,
            a.caseId,
            { kind: "phone", value: phone, label: "portail" },
            actor,
            now(),
          ),
        );
      if (email)
        await upsertContact(() =>
          addContactPoint(
            db,
            AGENCY_SCOPE,
            a.caseId,
            { kind: "email", value: email, label: "portail" },
            actor,
            now(),
          ),
        );
      if (address)
        await upsertContact(() =>
          addContactPoint(
            db,
            AGENCY_SCOPE,
            a.caseId,
            { kind: "postal", value: address, label: "portail" },
            actor,
            now(),
          ),
        );
      return { ok: true as const };
    },
  );
}

/** A contact point the debtor confirms again is not an error. */
async function upsertContact(add: () => Promise<unknown>): Promise<void> {
  try {
    await add();
  } catch (error) {
    if (error instanceof AppError && error.code === "conflict") return;
    throw error;
  }
}
