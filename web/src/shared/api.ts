// One fetch client for the whole app. Errors follow the server's `{ error: { code, message, details } }`
// shape (src/platform/errors.ts), so screens branch on `code`, never on message text.

export const CSRF_HEADER = "x-csrf-token";

/** Codes the server may send; kept open so a new server code does not break the build. */
export type ApiErrorCode =
  | "validation_failed"
  | "bad_request"
  | "unauthenticated"
  | "invalid_credentials"
  | "invalid_api_key"
  | "forbidden"
  | "csrf_failed"
  | "not_found"
  | "conflict"
  | "idempotency_conflict"
  | "invalid_transition"
  | "payload_too_large"
  | "unsupported_media_type"
  | "unprocessable"
  | "rate_limited"
  | "database_busy"
  | "internal"
  /** No answer at all (offline, server down) or an answer that is not ours. */
  | "network_error"
  | (string & {});

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export function isApiError(error: unknown, code?: ApiErrorCode): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** The session's CSRF token, from the login answer or `GET /api/auth/me`. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** What to do when a call answers 401 (the app sends the user to /login). */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  /**
   * Set to false where a 401 is an expected answer (login, "who am I", the debtor portal),
   * so the caller handles it instead of being sent to the login page.
   */
  redirectOn401?: boolean;
  /** Extra request headers (the debtor portal's session travels in one). */
  headers?: Record<string, string>;
}

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function send(method: Method, path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: "application/json", ...options.headers };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && csrfToken) headers[CSRF_HEADER] = csrfToken;
  try {
    return await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: "same-origin",
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, "network_error", "The server could not be reached");
  }
}

async function toApiError(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => null);
  if (body && typeof body === "object" && "error" in body) {
    const error = (body as { error: unknown }).error;
    if (error && typeof error === "object" && "code" in error && typeof error.code === "string") {
      const message = "message" in error && typeof error.message === "string" ? error.message : error.code;
      const details = "details" in error ? error.details : undefined;
      return new ApiError(response.status, error.code, message, details);
    }
  }
  // A proxy or gateway answered, not the platform.
  const code =
    response.status === 401 ? "unauthenticated" : response.status >= 500 ? "internal" : "network_error";
  return new ApiError(response.status, code, response.statusText || `HTTP ${response.status}`);
}

async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  let response = await send(method, path, options);
  if (response.status === 403 && method !== "GET" && (await peekCode(response)) === "csrf_failed") {
    // The session may have been renewed in another tab: fetch its token once and retry.
    await refreshCsrfToken();
    response = await send(method, path, options);
  }
  if (!response.ok) {
    const error = await toApiError(response);
    if (response.status === 401 && options.redirectOn401 !== false) onUnauthorized?.();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

async function peekCode(response: Response): Promise<string | null> {
  const body: unknown = await response
    .clone()
    .json()
    .catch(() => null);
  const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
  return typeof code === "string" ? code : null;
}

async function refreshCsrfToken(): Promise<void> {
  const response = await send("GET", "/api/auth/me", {});
  if (!response.ok) return;
  const body = (await response.json().catch(() => null)) as { csrfToken?: unknown } | null;
  if (typeof body?.csrfToken === "string") setCsrfToken(body.csrfToken);
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, "body">) => request<T>("GET", path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>("POST", path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>("PUT", path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>("PATCH", path, { ...options, body }),
  delete: <T>(path: string, options?: RequestOptions) => request<T>("DELETE", path, options),
};
