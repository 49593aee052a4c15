import { and, eq } from "drizzle-orm";
import type { Actor } from "../cases/timeline";
import { appendEvent } from "../cases/timeline";
import { AppError } from "../platform/errors";
import { type AppliedPayment, applyPayment, type PaymentDeps } from "./apply-payment";
import { lockCase } from "./case-balance";
import { releaseHold } from "./case-holds";
import type { PspEvent } from "./psp";
import { reversePayment } from "./reverse-payment";
import { type PaymentProvider, paymentLinks, payments, providerEvents } from "./schema";

export type EventOutcome = "applied" | "duplicate" | "ignored";

/**
 * Applies one verified provider event. Duplicates are acknowledged and change nothing (payments are
 * unique per provider reference, reversals record the event id in their transaction). An event that
 * comes before what it refers to (a refund before its payment) is refused with 409 so the provider
 * delivers it again later.
 */
export async function handlePspEvent(deps: PaymentDeps, event: PspEvent, now: Date): Promise<EventOutcome> {
  const actor: Actor = { type: "provider", id: event.provider };
  const [seen] = await deps.db
    .select({ id: providerEvents.eventId })
    .from(providerEvents)
    .where(and(eq(providerEvents.provider, event.provider), eq(providerEvents.eventId, event.eventId)));
  if (seen) return "duplicate";
  switch (event.type) {
    case "payment_succeeded": {
      const link = await findLink(deps, event.provider, event.sessionId);
      if (event.currency !== link.currency)
        throw new AppError("unprocessable", "Currency differs from the checkout");
      const applied: AppliedPayment = await applyPayment(
        deps,
        {
          caseId: link.caseId,
          provider: event.provider,
          providerRef: event.paymentRef,
          amountCents: event.amountCents,
          currency: event.currency,
          encashedAt: now,
          payerName: event.payerName ?? null,
          paymentLinkId: link.id,
          designatedClaimIds: link.designatedClaimIds,
        },
        actor,
        now,
      );
      await remember(deps, event, now);
      return applied.created ? "applied" : "duplicate";
    }
    case "payment_failed": {
      const link = await findLink(deps, event.provider, event.sessionId);
      await deps.db.transaction(async (tx) => {
        const row = await lockCase(tx, link.caseId);
        const [updated] = await tx
          .update(paymentLinks)
          .set({ status: "failed" })
          .where(and(eq(paymentLinks.id, link.id), eq(paymentLinks.status, "open")))
          .returning({ id: paymentLinks.id });
        if (!updated) return;
        await appendEvent(tx, {
          creditorId: row.creditorId,
          caseId: row.id,
          type: "payment.failed",
          at: now,
          actor,
          data: { paymentLinkId: link.id },
          visibleToCreditor: false,
        });
        await releaseHold(tx, row, ["payment_pending"], actor, now);
      });
      await remember(deps, event, now);
      return "applied";
    }
    case "refunded":
    case "charged_back": {
      let amountCents = event.amountCents;
      if (event.cumulative) {
        const [p] = await deps.db
          .select({ reversed: payments.reversedCents })
          .from(payments)
          .where(and(eq(payments.provider, event.provider), eq(payments.providerRef, event.paymentRef)));
        if (!p) throw new AppError("conflict", "The payment to reverse is not known yet");
        // A running total already covered (a late, older notice) changes nothing.
        amountCents = event.amountCents - p.reversed;
        if (amountCents <= 0) {
          await remember(deps, event, now);
          return "duplicate";
        }
      }
      const result = await reversePayment(
        deps.db,
        {
          provider: event.provider,
          providerRef: event.paymentRef,
          kind: event.type === "refunded" ? "refund" : "chargeback",
          amountCents,
          eventId: event.eventId,
        },
        actor,
        now,
      );
      return result.duplicate ? "duplicate" : "applied";
    }
    case "ignored":
      return "ignored";
  }
}

async function findLink(deps: PaymentDeps, provider: string, sessionId: string) {
  const [link] = await deps.db
    .select()
    .from(paymentLinks)
    .where(
      and(
        eq(paymentLinks.provider, provider as PaymentProvider),
        eq(paymentLinks.providerSessionId, sessionId),
      ),
    );
  // Our own row is written before the provider call, but the session id after it: a very early webhook retries.
  if (!link) throw new AppError("conflict", "Unknown checkout session");
  return link;
}

async function remember(deps: PaymentDeps, event: PspEvent, now: Date): Promise<void> {
  await deps.db
    .insert(providerEvents)
    .values({ provider: event.provider, eventId: event.eventId, type: event.type, receivedAt: now })
    .onConflictDoNothing();
}
