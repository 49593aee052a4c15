import { randomUUID } from "node:crypto";
import { and, eq, or } from "drizzle-orm";
import { cases, contactPoints } from "../cases/schema";
import type { Channel, OutboundAction } from "../collection/channel";
import type { ContactGate } from "../collection/contact-gate";
import { loadDueCases } from "../collection/load-due-cases";
import { pastContacts } from "../collection/schedule-due-cases";
import { outbox } from "../collection/schema";
import type { Db } from "../platform/db/client";
import { notFound, validationError } from "../platform/errors";
import { parsePhone } from "../platform/identifiers";
import type { PersonaKey } from "./personas/persona";
import { voiceCalls } from "./schema";

// `relance call`: one call now, outside the scenario, through the configured voice channel. The same
// bars apply as for a planned call: the case must be open and not on hold, the number must be one of the
// debtor's reachable phones (no opt-out, not invalid), and the law kernel must allow a call now (windows,
// holidays, caps, prescription). The call counts in the case's contact history like any other (an
// outbox row), so the caps see it.

export interface CallNowInput {
  /** The case id or its reference. */
  caseRef: string;
  persona: PersonaKey;
  /** One of the debtor's phones; the first reachable one by default. */
  to?: string;
}

export type CallNowResult =
  | { placed: false; caseId: string; reason: string; nextAllowedAt: string | null }
  | {
      placed: true;
      caseId: string;
      callId: string;
      provider: string;
      status: string;
      outcome: string | null;
      nonPaymentReason: string | null;
      summary: string | null;
      durationMs: number | null;
      costMicros: number | null;
      currency: string | null;
      flags: string[];
    };

export interface CallNowDeps {
  db: Db;
  gate: ContactGate;
  channel: Channel;
  now: () => Date;
}

const CALLABLE_STATUSES = ["new", "active"];
const CALLABLE_PHASES = ["amicable", "pre_litigation"];

export async function placeCallNow(d: CallNowDeps, input: CallNowInput): Promise<CallNowResult> {
  const caseId = await resolveCase(d.db, input.caseRef);
  const [c] = await loadDueCases(d.db, [caseId]);
  if (!c) throw notFound("Case");
  const refuse = (reason: string, nextAllowedAt: Date | null = null): CallNowResult => ({
    placed: false,
    caseId,
    reason,
    nextAllowedAt: nextAllowedAt?.toISOString() ?? null,
  });
  if (c.status === "on_hold") return refuse(`on_hold:${c.holdReason ?? "unknown"}`);
  if (!CALLABLE_STATUSES.includes(c.status) || !CALLABLE_PHASES.includes(c.phase))
    return refuse(`case_${c.status}_${c.phase}`);
  const phone = await reachablePhone(d.db, caseId, input.to);
  if (!phone) return refuse(input.to ? "not_a_reachable_phone_of_the_debtor" : "no_reachable_phone");
  const now = d.now();
  const decision = d.gate({
    channel: "call",
    now,
    timeZone: c.timeZone,
    lawRegion: c.lawRegion,
    jurisdiction: c.jurisdiction,
    debtorKind: c.debtorKind,
    history: pastContacts(c),
    prescriptionDate: c.prescriptionDate,
  });
  if (!decision.allowed) return refuse(decision.reason, decision.nextAllowedAt);

  const id = randomUUID();
  const action: OutboundAction = {
    outboxId: id,
    idempotencyKey: `manual-call:${id}`,
    creditorId: c.creditorId,
    caseId,
    channel: "voice_call",
    template: "call",
    persona: input.persona,
    attempt: 1,
    payload: { to: phone, manual: true },
  };
  const result = await d.channel.send(action);
  await d.db.insert(outbox).values({
    id,
    creditorId: c.creditorId,
    caseId,
    idempotencyKey: action.idempotencyKey,
    channel: "voice_call",
    template: "call",
    persona: input.persona,
    state: result.status === "sent" ? "sent" : "failed",
    outcome: result.status === "sent" ? (result.outcome ?? null) : null,
    scheduledAt: now,
    attempts: 1,
    provider: result.provider,
    providerRef: result.status === "sent" ? result.providerRef : null,
    lastError: result.status === "failed" ? result.error : null,
    payload: action.payload,
    createdAt: now,
    updatedAt: d.now(),
    sentAt: result.status === "sent" ? now : null,
  });
  if (result.status === "failed") return refuse(`provider_failed:${result.error}`);
  const [row] = await d.db
    .select()
    .from(voiceCalls)
    .where(eq(voiceCalls.idempotencyKey, action.idempotencyKey));
  return {
    placed: true,
    caseId,
    callId: row?.id ?? result.providerRef,
    provider: result.provider,
    status: row?.status ?? "queued",
    outcome: row?.outcome ?? null,
    nonPaymentReason: row?.nonPaymentReason ?? null,
    summary: row?.summary ?? null,
    durationMs: row?.durationMs ?? null,
    costMicros: row?.cost?.totalMicros ?? null,
    currency: row?.cost?.currency ?? null,
    flags: row?.flags ?? [],
  };
}

async function resolveCase(db: Db, ref: string): Promise<string> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref);
  const [row] = await db
    .select({ id: cases.id })
    .from(cases)
    .where(isUuid ? or(eq(cases.id, ref), eq(cases.reference, ref)) : eq(cases.reference, ref));
  if (!row)
    throw validationError([{ field: "case", message: "no case has this id or reference", value: ref }]);
  return row.id;
}

/** The debtor's phone to call: `to` when it is one of theirs and reachable, else the first reachable. */
async function reachablePhone(db: Db, caseId: string, to: string | undefined): Promise<string | null> {
  let wanted: string | null = null;
  if (to) {
    const parsed = parsePhone(to);
    if (!parsed.ok) throw validationError([{ field: "--to", message: "is not a phone number", value: to }]);
    wanted = parsed.value.e164;
  }
  const phones = await db
    .select({ value: contactPoints.value, status: contactPoints.status, optOuts: contactPoints.optOuts })
    .from(contactPoints)
    .innerJoin(cases, eq(cases.debtorId, contactPoints.debtorId))
    .where(and(eq(cases.id, caseId), eq(contactPoints.kind, "phone")));
  const reachable = phones.filter(
    (p) => p.status !== "invalid" && !p.optOuts.some((o) => o.channel === "call"),
  );
  const pick = wanted ? reachable.find((p) => p.value === wanted) : reachable[0];
  return pick?.value ?? null;
}
