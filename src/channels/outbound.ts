import { randomUUID } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { type ContactChannel, cases, contactPoints, debtors, type PostalAddress } from "../cases/schema";
import { appendEvent } from "../cases/timeline";
import type { OutboundAction, SendResult } from "../collection/channel";
import type { Db, Executor } from "../platform/db/client";
import { AppError } from "../platform/errors";
import { loadCaseVariables } from "./case-variables";
import type { PortalLinks } from "./portal-links";
import { channelMessages } from "./schema";
import type { TemplateDefinition } from "./templates/catalog";
import { checkRenderedMessage, type LawVerdict, verdictReason } from "./templates/checks";
import { templateOrThrow, UnknownTemplateError } from "./templates/render";
import type { TemplateVars } from "./templates/types";

// The steps every written channel takes before and after its provider: load the case, pick a contact
// point the debtor has not refused, render, let the law check the words, log the message under the
// outbox idempotency key, and — once the provider took it — record the R124-4 first letter.

export interface Contact {
  id: string | null;
  /** Email address, E.164 phone, or the postal address. */
  value: string;
  address?: PostalAddress;
}

export interface Prepared {
  template: TemplateDefinition;
  vars: TemplateVars;
  contact: Contact;
  verdict: Extract<LawVerdict, { ok: true }>;
}

export class NotSendable extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "NotSendable";
  }
}

export interface OutboundDeps {
  db: Db;
  now: () => Date;
  portal: PortalLinks;
}

type ContactKind = "email" | "phone" | "postal";

async function pickContact(
  db: Executor,
  debtorId: string,
  kind: ContactKind,
  channel: ContactChannel,
): Promise<Contact> {
  const points = await db
    .select()
    .from(contactPoints)
    .where(and(eq(contactPoints.debtorId, debtorId), eq(contactPoints.kind, kind)))
    .orderBy(contactPoints.createdAt);
  const usable = points.filter(
    (p) =>
      p.status !== "invalid" &&
      !p.optOuts.some((o) => o.channel === channel) &&
      (kind !== "phone" || p.phoneType !== "fixed"),
  );
  // Valid before unverified; then the oldest (the creditor's own data before what we learnt later).
  const point = usable.find((p) => p.status === "valid") ?? usable[0];
  if (point) {
    return kind === "postal"
      ? { id: point.id, value: point.value, address: JSON.parse(point.value) as PostalAddress }
      : { id: point.id, value: point.value };
  }
  if (kind === "postal" && !points.some((p) => p.optOuts.some((o) => o.channel === "letter"))) {
    // The debtor's address on file stands in when no postal contact point was recorded.
    const [d] = await db.select({ address: debtors.address }).from(debtors).where(eq(debtors.id, debtorId));
    if (d?.address) return { id: null, value: JSON.stringify(d.address), address: d.address };
  }
  throw new NotSendable(`no reachable ${kind} contact point for ${channel}`);
}

/**
 * Renders and checks one action. Throws NotSendable when it cannot go (no contact, refused words, missing
 * agency settings): such a failure is final, retrying would not change it.
 */
export async function prepareMessage(
  deps: OutboundDeps,
  action: OutboundAction,
  kind: ContactKind,
  channel: ContactChannel,
  render: (template: TemplateDefinition, vars: TemplateVars) => string,
): Promise<Prepared> {
  let template: TemplateDefinition;
  try {
    template = templateOrThrow(action.template);
  } catch (error) {
    if (error instanceof UnknownTemplateError) throw new NotSendable(error.message);
    throw error;
  }
  if (template.audience !== "debtor")
    throw new NotSendable(`template ${template.name} is not addressed to debtors`);
  let loaded: Awaited<ReturnType<typeof loadCaseVariables>>;
  try {
    loaded = await loadCaseVariables(deps.db, action.caseId, {
      now: deps.now(),
      portalUrl: await deps.portal.urlFor(action.caseId),
    });
  } catch (error) {
    if (error instanceof AppError) throw new NotSendable(error.safeMessage);
    throw error;
  }
  const contact = await pickContact(deps.db, loaded.debtorId, kind, channel);
  // A commitment reminder names the promise or instalment it is about (payments/commitment-reminders.ts).
  const commitment = action.payload.commitment as TemplateVars["commitment"];
  if (commitment) loaded.vars.commitment = commitment;
  const verdict = checkRenderedMessage(template, loaded.vars, render(template, loaded.vars));
  if (!verdict.ok) throw new NotSendable(verdictReason(verdict));
  return { template, vars: loaded.vars, contact, verdict };
}

export function notSendable(provider: string, error: unknown): SendResult {
  if (error instanceof NotSendable)
    return { status: "failed", provider, error: error.reason, retryable: false };
  throw error;
}

export type LoggedMessage = typeof channelMessages.$inferSelect;

export async function findMessage(db: Executor, idempotencyKey: string): Promise<LoggedMessage | undefined> {
  const [row] = await db
    .select()
    .from(channelMessages)
    .where(eq(channelMessages.idempotencyKey, idempotencyKey));
  return row;
}

/**
 * Logs the message as "sending" before the provider is called. A row already there means an earlier
 * attempt died mid-send: the caller sends again (the provider gets the same key where it supports one)
 * and the timeline says so, never silently.
 */
export async function beginMessage(
  deps: OutboundDeps,
  action: OutboundAction,
  prepared: Prepared,
  provider: string,
  extra: { links?: string[]; segments?: number; costCents?: number } = {},
): Promise<LoggedMessage> {
  const at = deps.now();
  return deps.db.transaction(async (tx) => {
    const [earlier] = await tx
      .select()
      .from(channelMessages)
      .where(eq(channelMessages.idempotencyKey, action.idempotencyKey))
      .for("update");
    if (earlier) {
      const [row] = await tx
        .update(channelMessages)
        .set({
          status: "sending",
          attempts: earlier.attempts + 1,
          error: null,
          contactPointId: prepared.contact.id,
          updatedAt: at,
        })
        .where(eq(channelMessages.id, earlier.id))
        .returning();
      // An attempt that died mid-send left "sending": whether the provider got it is unknown.
      if (earlier.status === "sending") {
        await appendEvent(tx, {
          creditorId: action.creditorId,
          caseId: action.caseId,
          type: "message.resent",
          at,
          actor: { type: "system", id: null },
          data: {
            channel: action.channel,
            template: action.template,
            attempt: row!.attempts,
            reason: "earlier attempt's outcome unknown",
          },
          visibleToCreditor: false,
        });
      }
      return row!;
    }
    const [row] = await tx
      .insert(channelMessages)
      .values({
        id: randomUUID(),
        idempotencyKey: action.idempotencyKey,
        creditorId: action.creditorId,
        caseId: action.caseId,
        channel: action.channel,
        provider,
        contactPointId: prepared.contact.id,
        template: action.template,
        lang: prepared.vars.lang,
        status: "sending",
        firstLetter: prepared.verdict.becomesFirstLetter,
        links: extra.links ?? [],
        segments: extra.segments ?? null,
        costCents: extra.costCents ?? null,
        createdAt: at,
        updatedAt: at,
      })
      .returning();
    return row!;
  });
}

/**
 * The provider took the message: log it, and make it the case's first letter when it is one (FR-05).
 * Also used by reconciliation, when the provider turns out to have a message the log still calls "sending".
 */
export async function completeMessage(
  db: Db,
  idempotencyKey: string,
  result: { providerRef: string; status: "sent" | "delivered"; outcome?: string },
  at: Date,
  within?: (tx: Executor) => Promise<void>,
): Promise<void> {
  await db.transaction(async (tx) => {
    await within?.(tx);
    const [row] = await tx
      .update(channelMessages)
      .set({
        status: result.status,
        providerRef: result.providerRef,
        outcome: result.outcome ?? null,
        updatedAt: at,
      })
      .where(eq(channelMessages.idempotencyKey, idempotencyKey))
      .returning();
    if (row?.firstLetter) await recordFirstLetter(tx, row, at);
  });
}

export async function failMessage(deps: OutboundDeps, idempotencyKey: string, error: string): Promise<void> {
  await deps.db
    .update(channelMessages)
    .set({ status: "failed", error: error.slice(0, 500), updatedAt: deps.now() })
    .where(eq(channelMessages.idempotencyKey, idempotencyKey));
}

/** FR-05: the first letter's reference and date, kept on the case; later templates recall both. */
async function recordFirstLetter(tx: Executor, message: LoggedMessage, at: Date): Promise<void> {
  const [row] = await tx
    .update(cases)
    .set({ firstLetterRef: sql`${cases.reference}`, firstLetterAt: at, updatedAt: at })
    .where(and(eq(cases.id, message.caseId), isNull(cases.firstLetterRef)))
    .returning({ reference: cases.reference });
  if (!row) return;
  await appendEvent(tx, {
    creditorId: message.creditorId,
    caseId: message.caseId,
    type: "first_letter.sent",
    at,
    actor: { type: "system", id: null },
    data: {
      reference: row.reference,
      channel: message.channel,
      template: message.template,
      messageId: message.id,
    },
  });
}

/** What reconciliation answers from the log, completing a message the transport turned out to have. */
export async function statusFromLog(
  db: Db,
  idempotencyKey: string,
  received: () => Promise<string | null>,
  at: Date,
): Promise<import("../collection/channel").ProviderStatus> {
  const row = await findMessage(db, idempotencyKey);
  if (row && (row.status === "sent" || row.status === "delivered") && row.providerRef) {
    return {
      status: row.status,
      providerRef: row.providerRef,
      outcome: row.outcome === "sent" ? "sent" : "delivered",
      sentAt: row.updatedAt,
    };
  }
  // Refused before the provider took it (no reference): sending again is safe, and a permanent refusal
  // simply comes back. Failed after the provider took it: that is the outcome.
  if (row?.status === "failed" && row.providerRef) return { status: "failed", error: row.error ?? "failed" };
  const ref = await received();
  if (!ref) return { status: "not_found" };
  if (row)
    await completeMessage(
      db,
      idempotencyKey,
      { providerRef: ref, status: "delivered", outcome: "delivered" },
      at,
    );
  // The provider took it during the attempt the log last started (its time is the attempt's start).
  return {
    status: "delivered",
    providerRef: ref,
    outcome: "delivered",
    ...(row ? { sentAt: row.updatedAt } : {}),
  };
}

export const localDay = (at: Date, zone: string) => DateTime.fromJSDate(at, { zone }).toISODate();
