import type { TFunction } from "i18next";
import { isApiError } from "../api";

/** A sentence for the reader from any error, chosen by the server's stable code. */
export function errorMessage(t: TFunction, error: unknown): string {
  if (!isApiError(error)) return t("errors.unexpected");
  switch (error.code) {
    case "network_error":
      return t("errors.network");
    case "unauthenticated":
      return t("errors.unauthenticated");
    case "forbidden":
      return t("errors.forbidden");
    case "not_found":
      return t("errors.notFound");
    case "rate_limited":
      return t("errors.rateLimited");
    case "database_busy":
      return t("errors.busy");
    case "validation_failed":
    case "bad_request":
      return t("errors.invalidRequest");
    default:
      return error.status >= 500 ? t("errors.server") : t("errors.unexpected");
  }
}
