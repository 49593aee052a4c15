import { z } from "zod";

export const caseIdParams = z.object({ caseId: z.uuid() });
export const creditorIdParams = z.object({ creditorId: z.uuid() });

export const createdCaseSchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  created: z.boolean().meta({ description: "false when the same request was already processed" }),
});

export function createdCaseView(r: { caseId: string; reference: string; created: boolean }) {
  return { id: r.caseId, reference: r.reference, created: r.created };
}

export const apiKeySchema = z.object({
  id: z.uuid(),
  creditorId: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export const newApiKeySchema = z.object({
  key: z.string().meta({ description: "Shown once: store it now, only its hash is kept" }),
  apiKey: apiKeySchema,
});

export const apiKeyInputSchema = z
  .object({ name: z.string().trim().min(1).max(100) })
  .meta({ examples: [{ name: "ERP connector" }] });
