// One error type with stable codes (STYLE.md point 4). The web client reads the same codes.

export const ERROR_STATUS = {
  validation_failed: 400,
  bad_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  invalid_api_key: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  idempotency_conflict: 409,
  invalid_transition: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  provider_unavailable: 502,
  database_busy: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldIssue {
  field: string;
  message: string;
  value?: unknown;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly safeMessage: string,
    readonly details?: { issues?: FieldIssue[]; [key: string]: unknown },
  ) {
    super(safeMessage);
    this.name = "AppError";
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toBody(): { error: { code: ErrorCode; message: string; details?: unknown } } {
    return {
      error: {
        code: this.code,
        message: this.safeMessage,
        ...(this.details ? { details: this.details } : {}),
      },
    };
  }
}

export const notFound = (what: string): AppError => new AppError("not_found", `${what} not found`);

export function validationError(issues: FieldIssue[]): AppError {
  const first = issues[0];
  const summary = first ? `${first.field}: ${first.message}` : "invalid input";
  return new AppError("validation_failed", `Invalid input (${summary})`, { issues });
}
