import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from "fastify-type-provider-zod";
import { AppError, type ErrorCode, type FieldIssue, validationError } from "../errors";

const STATUS_CODES: Record<number, ErrorCode> = {
  400: "bad_request",
  401: "unauthenticated",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  413: "payload_too_large",
  415: "unsupported_media_type",
  422: "unprocessable",
  429: "rate_limited",
};

/** Maps every error to `{ error: { code, message, details? } }`; a 500 never leaks internals. */
export function errorHandler(error: FastifyError | AppError, req: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    return reply.status(error.status).send(error.toBody());
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = error.validationContext ?? "body";
    const issues: FieldIssue[] = error.validation.flatMap((v) => {
      const path = v.instancePath.replace(/^\//, "").replaceAll("/", ".");
      const field = path ? `${where}.${path}` : where;
      // An unknown key is named itself, not its parent object.
      const unknown = v.keyword === "unrecognized_keys" ? (v.params as { keys?: string[] }).keys : undefined;
      if (unknown?.length)
        return unknown.map((key) => ({ field: `${field}.${key}`, message: "is not a known field" }));
      return [{ field, message: v.message ?? "is invalid" }];
    });
    return reply.status(400).send(validationError(issues).toBody());
  }
  if (isResponseSerializationError(error)) {
    req.log.error({ err: error, issues: error.cause.issues }, "response does not match its schema");
    return reply.status(500).send(new AppError("internal", `Internal error (request ${req.id})`).toBody());
  }
  const status = error.statusCode ?? 500;
  const code = STATUS_CODES[status];
  if (status < 500 && code) {
    const message = code === "bad_request" ? `Bad request: ${error.message}` : error.message;
    return reply.status(status).send(new AppError(code, message).toBody());
  }
  req.log.error({ err: error }, "unhandled error");
  return reply.status(500).send(new AppError("internal", `Internal error (request ${req.id})`).toBody());
}
