import type { TFunction } from "i18next";
import { isApiError } from "../../../shared/api";

// The server validates a persona (src/voice/personas/persona.ts `personaIssues` and the zod schema)
// and answers `validation_failed` with one issue per field. The screen shows each under its field, in
// the reader's language for the refusals the law makes (disclosure, debt detail before the check).

export interface FieldIssues {
  /** Issues by field path without the `body.` prefix: "lines.opening.0", "name". */
  byField: Record<string, string[]>;
  /** Whether the server refused to drop the AI disclosure or the agency's name from a line. */
  disclosureRefused: boolean;
}

export function translateIssue(t: TFunction, message: string): string {
  const placeholder = /\{(\w+)\}/.exec(message)?.[1] ?? "";
  if (message.startsWith("must include the AI disclosure")) return t("setup.personas.issues.disclosure");
  if (message.startsWith("must name the agency")) return t("setup.personas.issues.agency");
  if (message.startsWith("may not name a debt detail"))
    return t("setup.personas.issues.debtDetail", { placeholder: `{${placeholder}}` });
  if (message.startsWith("uses the unknown placeholder"))
    return t("setup.personas.issues.unknownPlaceholder", { placeholder: `{${placeholder}}` });
  const forbidden = /^contains a forbidden phrase \((.*)\)$/.exec(message);
  if (forbidden) return t("setup.personas.issues.forbidden", { detail: forbidden[1] });
  return message;
}

export function fieldIssues(t: TFunction, error: unknown): FieldIssues {
  const empty: FieldIssues = { byField: {}, disclosureRefused: false };
  if (!isApiError(error, "validation_failed")) return empty;
  const issues = (error.details as { issues?: { field: string; message: string }[] } | undefined)?.issues;
  const result = empty;
  for (const issue of issues ?? []) {
    const field = issue.field.replace(/^body\./, "");
    result.byField[field] = [...(result.byField[field] ?? []), translateIssue(t, issue.message)];
    if (/^must (include the AI disclosure|name the agency)/.test(issue.message))
      result.disclosureRefused = true;
  }
  return result;
}

/** The form's label for a field the server named, so the refusal reads like the form. */
export function fieldLabel(t: TFunction, field: string): string {
  const line = /^lines\.(opening|closing)\.(\d+)$/.exec(field);
  if (line) return t(`setup.personas.${line[1] as "opening"}Line`, { n: Number(line[2]) + 1 });
  const simple: Record<string, string> = {
    name: t("setup.personas.name"),
    voice: t("setup.personas.voice"),
    tone: t("setup.personas.tone"),
    description: t("setup.personas.description"),
    goals: t("setup.personas.goals"),
    allowedTools: t("setup.personas.tools"),
    "lines.pitch": t("setup.personas.pitch"),
    "lines.voicemail": t("setup.personas.voicemail"),
  };
  return simple[field] ?? field;
}
