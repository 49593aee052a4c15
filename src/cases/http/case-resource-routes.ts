import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { Principal } from "../../platform/auth/roles";
import { AGENCY_SCOPE, type Scope } from "../../platform/auth/scope";
import { actorOf, requireAgency, requireCreditor } from "../../platform/http/guards";
import type { App, AppDeps } from "../../platform/http/types";
import {
  addContactPoint,
  contactPointSchema,
  contactPointUpdateSchema,
  listContactPoints,
  newContactPointSchema,
  updateContactPoint,
} from "../contact-points";
import {
  attachDocument,
  DOCUMENT_KINDS,
  documentStore,
  listDocuments,
  MAX_DOCUMENT_BYTES,
  readDocument,
} from "../documents";
import { caseIdParams } from "./shared-schemas";

const documentSchema = z.object({
  id: z.uuid(),
  caseId: z.uuid().nullable(),
  claimId: z.uuid().nullable(),
  kind: z.string(),
  filename: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  createdAt: z.string(),
});

const newDocumentSchema = z
  .object({
    kind: z.enum(DOCUMENT_KINDS),
    filename: z.string().trim().min(1).max(200),
    contentType: z.string().min(3).max(100),
    contentBase64: z
      .base64()
      .meta({ description: `File content, base64; at most ${MAX_DOCUMENT_BYTES} bytes decoded` }),
    claimId: z.uuid().optional(),
  })
  .meta({
    examples: [
      {
        kind: "correspondence",
        filename: "relance-client.txt",
        contentType: "text/plain",
        contentBase64: "UmVsYW5jZSBlbnZvecOpZSBsZSAxMC8wOS8yMDI2Lg==",
      },
    ],
  });

export interface Access {
  prefix: string;
  tags: string[];
  /** The scope for reading, and for changing (a stricter role may be needed). */
  read(req: FastifyRequest): { scope: Scope; principal: Principal };
  write(req: FastifyRequest): { scope: Scope; principal: Principal };
}

const creditorAccess: Access = {
  prefix: "/api/v1",
  tags: ["Creditor API"],
  read: (req) => requireCreditor(req),
  write: (req) => requireCreditor(req, ["creditor_admin"]),
};

const agencyAccess: Access = {
  prefix: "/api/agency",
  tags: ["Agency"],
  read: (req) => ({ scope: AGENCY_SCOPE, principal: requireAgency(req) }),
  write: (req) => ({ scope: AGENCY_SCOPE, principal: requireAgency(req) }),
};

/** Both doors to a case: the creditor's (its own cases) and the agency's. */
export const CASE_ACCESS: readonly Access[] = [creditorAccess, agencyAccess];

/** A case's contact points and documents, the same for creditors (their own cases) and the agency. */
export function registerCaseResourceRoutes(app: App, deps: AppDeps): void {
  for (const access of CASE_ACCESS) registerFor(app, deps, access);
}

function registerFor(app: App, deps: AppDeps, access: Access): void {
  const { db } = deps.database;
  const store = documentStore(deps.config.dataDir);
  const { prefix, tags } = access;
  const contactParams = caseIdParams.extend({ contactPointId: z.uuid() });
  const documentParams = caseIdParams.extend({ documentId: z.uuid() });

  app.get(
    `${prefix}/cases/:caseId/contact-points`,
    {
      schema: {
        tags,
        summary: "List the debtor's contact points",
        params: caseIdParams,
        response: { 200: z.object({ items: z.array(contactPointSchema) }) },
      },
    },
    async (req) => ({ items: await listContactPoints(db, access.read(req).scope, req.params.caseId) }),
  );

  app.post(
    `${prefix}/cases/:caseId/contact-points`,
    {
      schema: {
        tags,
        summary: "Add a phone number, email or postal address for the debtor",
        params: caseIdParams,
        body: newContactPointSchema,
        response: { 201: contactPointSchema },
      },
    },
    async (req, reply) => {
      const { scope, principal } = access.write(req);
      const created = await addContactPoint(
        db,
        scope,
        req.params.caseId,
        req.body,
        actorOf(principal),
        deps.clock.now(),
      );
      return reply.status(201).send(created);
    },
  );

  app.patch(
    `${prefix}/cases/:caseId/contact-points/:contactPointId`,
    {
      schema: {
        tags,
        summary: "Mark a contact point valid or invalid, or record an opt-out for one channel",
        params: contactParams,
        body: contactPointUpdateSchema,
        response: { 200: contactPointSchema },
      },
    },
    async (req) => {
      const { scope, principal } = access.write(req);
      const { caseId, contactPointId } = req.params;
      return updateContactPoint(
        db,
        scope,
        caseId,
        contactPointId,
        req.body,
        actorOf(principal),
        deps.clock.now(),
      );
    },
  );

  app.get(
    `${prefix}/cases/:caseId/documents`,
    {
      schema: {
        tags,
        summary: "List the case's documents",
        params: caseIdParams,
        response: { 200: z.object({ items: z.array(documentSchema) }) },
      },
    },
    async (req) => ({ items: await listDocuments(db, access.read(req).scope, req.params.caseId) }),
  );

  app.post(
    `${prefix}/cases/:caseId/documents`,
    {
      bodyLimit: Math.ceil((MAX_DOCUMENT_BYTES * 4) / 3) + 64 * 1024,
      schema: {
        tags,
        summary: "Attach a document (invoice, contract, proof…) to the case",
        params: caseIdParams,
        body: newDocumentSchema,
        response: { 201: documentSchema },
      },
    },
    async (req, reply) => {
      const { scope, principal } = access.write(req);
      const { contentBase64, ...meta } = req.body;
      const doc = await attachDocument(
        db,
        store,
        scope,
        req.params.caseId,
        { ...meta, bytes: Buffer.from(contentBase64, "base64") },
        actorOf(principal),
        deps.clock.now(),
      );
      return reply.status(201).send(doc);
    },
  );

  app.get(
    `${prefix}/cases/:caseId/documents/:documentId/content`,
    {
      schema: {
        tags,
        summary: "Download a document (inline=true: shown in the browser, e.g. the PDF viewer)",
        params: documentParams,
        querystring: z.object({ inline: z.stringbool().optional() }),
      },
    },
    async (req, reply) => {
      const { scope } = access.read(req);
      const { document, bytes } = await readDocument(
        db,
        store,
        scope,
        req.params.caseId,
        req.params.documentId,
      );
      // Only PDFs are shown inline (in the app's own viewer frame); anything else is a download, so
      // that an uploaded HTML or SVG file never runs in the platform's origin.
      const inline = req.query.inline === true && document.contentType === "application/pdf";
      if (inline) {
        reply
          .header("content-security-policy", "default-src 'none'; frame-ancestors 'self'")
          .header("x-frame-options", "SAMEORIGIN");
      }
      return reply
        .header("content-type", document.contentType)
        .header(
          "content-disposition",
          `${inline ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(document.filename)}`,
        )
        .header("x-content-type-options", "nosniff")
        .send(bytes);
    },
  );
}
