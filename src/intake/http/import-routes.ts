// Creditor API for intake: upload a file (multipart) and follow its import, read the errors as CSV,
// and the portfolio audit. Uploads are written to the data dir and imported in the background; the
// import row tells where it stands. Every query is confined to the caller's creditor.

import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, open, rm } from "node:fs/promises";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import fastifyMultipart from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { documentStore } from "../../cases/documents";
import { AppError, validationError } from "../../platform/errors";
import { actorOf, requireCreditor } from "../../platform/http/guards";
import type { App, AppDeps } from "../../platform/http/types";
import { type ImportOptions, importOptionsSchema } from "../import/options";
import { detectFormat } from "../import/read-source";
import { errorsCsv } from "../import/report";
import { createImportRecord, runImport } from "../import/run-import";
import { loadRecoveryRates, portfolioAudit, portfolioAuditSchema } from "../portfolio-audit";
import { findImport, importViewSchema, listImports, toImportView } from "./import-views";

const tags = ["Creditor API"];
const security: Record<string, string[]>[] = [{ apiKey: [] }, { session: [] }];
export const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;
const importIdParams = z.object({ importId: z.uuid() });

export async function registerImportRoutes(app: App, deps: AppDeps): Promise<void> {
  await app.register(async (sub) => {
    await sub.register(fastifyMultipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 20 } });
    routes(sub as unknown as App, deps);
  });
}

function routes(app: App, deps: AppDeps): void {
  const { db } = deps.database;

  app.post(
    "/api/v1/imports",
    {
      schema: {
        tags,
        security,
        summary:
          "Upload a file of unpaid invoices to import (multipart/form-data); processed in the background",
        description:
          "Multipart fields: `file` (CSV, XLSX, FEC, Factur-X PDF, CII or UBL XML) and optionally `format` " +
          "(csv|xlsx|fec|facturx|ubl), `updatePolicy` (skip|update), `dryRun`, `allOrNothing` (true|false), " +
          "`mapping` (column mapping JSON, saved for your next imports), `paymentTermsDays`, `sheet`. " +
          "Answers 202 with the import id; follow it with GET /api/v1/imports/{importId}.",
        response: { 202: z.object({ id: z.uuid(), status: z.literal("queued") }) },
      },
    },
    async (req, reply) => {
      const { principal, creditorId } = requireCreditor(req, ["creditor_admin"]);
      const upload = await receive(req, path.join(deps.config.dataDir, "imports", creditorId));
      const now = deps.clock.now();
      try {
        const format = upload.options.format ?? detectFormat(upload.fileName, await head(upload.file));
        const id = await createImportRecord(
          db,
          { creditorId, fileName: upload.fileName, format, options: upload.options, sha256: upload.sha256 },
          now,
        );
        const job = {
          importId: id,
          creditorId,
          fileName: upload.fileName,
          format,
          options: upload.options,
          actor: actorOf(principal),
          now,
          documents: documentStore(deps.config.dataDir),
        };
        setImmediate(() => {
          runImport(db, job, createReadStream(upload.file, { highWaterMark: 256 * 1024 }))
            .catch((error: unknown) => deps.logger.error({ err: error, importId: id }, "import failed"))
            .finally(() => rm(upload.file, { force: true }));
        });
        return reply.status(202).send({ id, status: "queued" as const });
      } catch (error) {
        await rm(upload.file, { force: true });
        throw error;
      }
    },
  );

  app.get(
    "/api/v1/imports",
    {
      schema: {
        tags,
        security,
        summary: "List your latest imports (without their error lists)",
        response: { 200: z.object({ items: z.array(importViewSchema) }) },
      },
    },
    async (req) => ({ items: await listImports(db, requireCreditor(req).creditorId) }),
  );

  app.get(
    "/api/v1/imports/:importId",
    {
      schema: {
        tags,
        security,
        summary: "Status and report of an import",
        params: importIdParams,
        response: { 200: importViewSchema },
      },
    },
    async (req) =>
      toImportView(await findImport(db, requireCreditor(req).creditorId, req.params.importId), true),
  );

  app.get(
    "/api/v1/imports/:importId/errors.csv",
    {
      schema: {
        tags,
        security,
        summary: "The rejected rows of an import as CSV (line;field;value;reason)",
        params: importIdParams,
        produces: ["text/csv"],
      },
    },
    async (req, reply) => {
      const row = await findImport(db, requireCreditor(req).creditorId, req.params.importId);
      const report = row.report ?? { errors: [] };
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="import-${row.id}-errors.csv"`)
        .send(errorsCsv(report as Parameters<typeof errorsCsv>[0]));
    },
  );

  app.get(
    "/api/v1/portfolio",
    {
      schema: {
        tags,
        security,
        summary: "Portfolio audit: open cases by amount band, age band and B2B/B2C, with expected recovery",
        response: { 200: portfolioAuditSchema },
      },
    },
    async (req) => {
      const { creditorId } = requireCreditor(req);
      const rates = await loadRecoveryRates(deps.config.recoveryRatesFile);
      return portfolioAudit(db, creditorId, deps.clock.now(), rates);
    },
  );
}

interface Upload {
  file: string;
  fileName: string;
  sha256: string;
  options: ImportOptions;
}

const BOOLEAN_FIELDS = new Set(["dryRun", "allOrNothing"]);

/** Streams the file part to disk (hashing it on the way) and reads the option fields. */
async function receive(req: FastifyRequest, dir: string): Promise<Upload> {
  if (!req.isMultipart()) {
    throw new AppError("unsupported_media_type", "Send the file as multipart/form-data with a `file` field");
  }
  await mkdir(dir, { recursive: true });
  const fields: Record<string, unknown> = {};
  let saved: { file: string; fileName: string; sha256: string } | undefined;
  try {
    for await (const part of req.parts()) {
      if (part.type === "file") {
        if (saved) throw new AppError("bad_request", "Send one file per import");
        const file = path.join(dir, `${randomUUID()}.upload`);
        const hash = createHash("sha256");
        await pipeline(
          part.file,
          new Transform({
            transform(chunk: Buffer, _enc, done) {
              hash.update(chunk);
              done(null, chunk);
            },
          }),
          createWriteStream(file),
        );
        if (part.file.truncated)
          throw new AppError("payload_too_large", `An upload may hold at most ${MAX_UPLOAD_BYTES} bytes`);
        saved = { file, fileName: path.basename(part.filename || "upload"), sha256: hash.digest("hex") };
      } else {
        fields[part.fieldname] = parseField(part.fieldname, String(part.value));
      }
    }
    if (!saved) throw validationError([{ field: "file", message: "is required (multipart field `file`)" }]);
    const parsed = importOptionsSchema.safeParse(fields);
    if (!parsed.success) {
      throw validationError(
        parsed.error.issues.map((i) => ({ field: i.path.join("."), message: i.message })),
      );
    }
    return { ...saved, options: parsed.data };
  } catch (error) {
    if (saved) await rm(saved.file, { force: true });
    throw error;
  }
}

function parseField(name: string, value: string): unknown {
  if (BOOLEAN_FIELDS.has(name)) return value === "true" || value === "1" || value === "on";
  if (name === "paymentTermsDays") return Number(value);
  if (name === "mapping") {
    try {
      return JSON.parse(value);
    } catch {
      throw validationError([{ field: "mapping", message: "is not valid JSON", value: value.slice(0, 200) }]);
    }
  }
  return value;
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
