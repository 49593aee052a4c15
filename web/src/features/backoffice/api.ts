import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { Persona } from "../../../../src/voice/personas/persona";
import { api } from "../../shared/api";
import type { AppLanguage, Money } from "../../shared/format";
import type { CaseSummary } from "../cases/types";

// The agency API the back office reads (src/cases/http/backoffice-routes.ts and friends).

export interface QueueItem extends CaseSummary {
  score: {
    expectedValue: Money;
    probability: number;
    ageDays: number;
    commissionRateBp: number;
    nextActionCost: Money;
  };
}

export interface QueueFilters {
  creditorId?: string;
  phase?: string;
  hold?: string;
  agentId?: string;
  minBalance?: number;
  maxBalance?: number;
  minAgeDays?: number;
  maxAgeDays?: number;
}

export function workQueueQuery(filters: QueueFilters) {
  return infiniteQueryOptions({
    queryKey: ["work-queue", filters],
    queryFn: ({ pageParam, signal }) =>
      api.get<{ items: QueueItem[]; nextCursor: string | null }>("/api/agency/work-queue", {
        query: { limit: 50, cursor: pageParam, ...filters },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export interface Agent {
  id: string;
  name: string;
  role: string;
}

export const agentsQuery = queryOptions({
  queryKey: ["agents"],
  queryFn: () => api.get<{ items: Agent[] }>("/api/agency/agents").then((r) => r.items),
  staleTime: 60_000,
});

export interface Creditor {
  id: string;
  ref: string;
  legalName: string;
  siren: string;
  createdAt: string;
}

export const creditorsQuery = queryOptions({
  queryKey: ["creditors"],
  queryFn: () => api.get<{ items: Creditor[] }>("/api/agency/creditors").then((r) => r.items),
  staleTime: 60_000,
});

export interface Mandate {
  id: string;
  version: number;
  status: string;
  claimBasis: string;
  insuranceReference: string;
  commission: { rateBp: number };
  signedAt: string;
  effectiveFrom: string;
}

export function mandatesQuery(creditorId: string) {
  return queryOptions({
    queryKey: ["mandates", creditorId],
    queryFn: () =>
      api.get<{ items: Mandate[] }>(`/api/agency/creditors/${creditorId}/mandates`).then((r) => r.items),
  });
}

export interface User {
  id: string;
  email: string;
  name: string;
  role: string;
  creditorId: string | null;
  disabled: boolean;
  lastLoginAt: string | null;
}

export const usersQuery = queryOptions({
  queryKey: ["users"],
  queryFn: () => api.get<{ items: User[] }>("/api/agency/users").then((r) => r.items),
});

export interface SandboxMessage {
  id: string;
  channel: string;
  caseId: string;
  caseReference: string | null;
  debtorName: string | null;
  template: string;
  content: Record<string, unknown>;
  calls: number;
  receivedAt: string;
}

export function sandboxQuery(filters: { channel?: string; outboxId?: string }) {
  return infiniteQueryOptions({
    queryKey: ["sandbox", filters],
    queryFn: ({ pageParam, signal }) =>
      api.get<{ items: SandboxMessage[]; nextCursor: string | null }>("/api/agency/sandbox/messages", {
        query: { limit: 50, cursor: pageParam, ...filters },
        signal,
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export interface StoredScenario {
  id: string;
  key: string;
  version: number;
  versions?: number;
  createdAt: string;
  definition: Record<string, unknown>;
}

export const scenariosQuery = queryOptions({
  queryKey: ["scenarios"],
  queryFn: () => api.get<{ items: StoredScenario[] }>("/api/agency/scenarios").then((r) => r.items),
});

export interface ChannelRule {
  enabled: boolean;
  days: string[];
  windows: { from: string; to: string }[];
  skipPublicHolidays: boolean;
  maxPer7Days: number | null;
  maxPer30Days: number | null;
  quietDaysAfterConversation: number;
}

export interface ContactRules {
  effective: {
    channels: Record<string, ChannelRule>;
    total: { maxPer7Days: number | null; maxPer30Days: number | null };
  };
}

export const contactRulesQuery = queryOptions({
  queryKey: ["contact-rules"],
  queryFn: () => api.get<ContactRules>("/api/agency/settings/contact-rules"),
});

/** What a voice persona says before the right-party check (src/voice/personas/preview-persona.ts). */
export interface PersonaPreview {
  key: string;
  locale: AppLanguage;
  name: string;
  openings: string[][];
  voicemail: string;
}

export const personasQuery = queryOptions({
  queryKey: ["personas"],
  queryFn: () => api.get<Persona[]>("/api/agency/voice/personas"),
});

export function personaPreviewQuery(key: string, locale: AppLanguage) {
  return queryOptions({
    queryKey: ["personas", "preview", key, locale],
    queryFn: () => api.get<PersonaPreview>(`/api/agency/voice/personas/${key}/${locale}/preview`),
  });
}

export type TemplateChannel = "email" | "sms" | "letter";

export interface TemplateSummary {
  key: string;
  kind: string;
  audience: "debtor" | "creditor";
  firstLetter: boolean;
  description: string;
  channels: TemplateChannel[];
}

/** One template rendered on the demo case (src/channels/templates/preview.ts). */
export type TemplatePreview =
  | { channel: "email"; lang: AppLanguage; subject: string; text: string; html: string }
  | {
      channel: "sms";
      lang: AppLanguage;
      text: string;
      encoding: "GSM-7" | "UCS-2";
      segments: number;
      units: number;
    }
  | { channel: "letter"; lang: AppLanguage; subject: string; text: string };

export const templatesQuery = queryOptions({
  queryKey: ["templates"],
  queryFn: () => api.get<TemplateSummary[]>("/api/agency/templates"),
  staleTime: Number.POSITIVE_INFINITY,
});

export function templatePreviewQuery(key: string, channel: TemplateChannel, locale: AppLanguage) {
  return queryOptions({
    queryKey: ["templates", "preview", key, channel, locale],
    queryFn: () =>
      api.get<TemplatePreview>(`/api/agency/templates/${key}/preview`, { query: { locale, channel } }),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export const templatePdfUrl = (key: string, locale: AppLanguage) =>
  `/api/agency/templates/${encodeURIComponent(key)}/letter.pdf?locale=${locale}`;
