import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { claims } from "../cases/schema";
import { type Actor, appendEvent } from "../cases/timeline";
import type { Db } from "../platform/db/client";
import { validationError } from "../platform/errors";
import { makeRfReference } from "../platform/identifiers";
import { lockCase } from "./case-balance";
import { holdCase } from "./case-holds";
import { PAYMENT_PENDING_HOURS } from "./commitments";
import type { Psp } from "./psp";
import { paymentLinks } from "./schema";

export interface PaymentLinkDeps {
  db: Db;
  psp: Psp;
  publicUrl: string;
}

export interface PaymentLinkInput {
  caseId: string;
  /** Defaults to the whole balance; a debtor may pay any part of it. */
  amountCents?: number;
  /** Claims the debtor wants this payment applied to first (C. civ. 1342-10). */
  designatedClaimIds?: string[];
  /** Where the provider sends the debtor back (a path on PUBLIC_URL), e.g. the portal page. */
  returnPath?: string;
}

export interface PaymentLinkResult {
  paymentLinkId: string;
  checkoutUrl: string;
  amountCents: number;
  currency: string;
  expiresAt: string;
}

/**
 * Opens a checkout with the configured provider for all or part of a case's balance (portal, voice
 * agent "send payment link", agent). The case is quiet while the checkout is open; the money counts
 * only when the provider's webhook says it was paid.
 */
export async function createPaymentLink(
  deps: PaymentLinkDeps,
  input: PaymentLinkInput,
  actor: Actor,
  now: Date,
): Promise<PaymentLinkResult> {
  const { db } = deps;
  const row = await db.transaction((tx) => lockCase(tx, input.caseId));
  const amount = input.amountCents ?? row.balanceCents;
  if (row.status === "closed" || row.balanceCents <= 0) {
    throw validationError([{ field: "caseId", message: "nothing is owed on this case" }]);
  }
  if (!Number.isSafeInteger(amount) || amount < 100 || amount > row.balanceCents) {
    throw validationError([
      { field: "amountCents", message: `must be between 100 and ${row.balanceCents}`, value: amount },
    ]);
  }
  const caseClaims = await db.select({ id: claims.id }).from(claims).where(eq(claims.caseId, row.id));
  const known = new Set(caseClaims.map((c) => c.id));
  const designated = input.designatedClaimIds ?? [];
  const unknown = designated.find((id) => !known.has(id));
  if (unknown)
    throw validationError([
      { field: "designatedClaimIds", message: "is not a claim of this case", value: unknown },
    ]);

  const id = randomUUID();
  const expiresAt = new Date(now.getTime() + PAYMENT_PENDING_HOURS * 3_600_000);
  const back = `${deps.publicUrl}${input.returnPath ?? "/"}`;
  const sep = back.includes("?") ? "&" : "?";
  // The link row exists before the provider call: a webhook can never name a checkout we do not know.
  await db.insert(paymentLinks).values({
    id,
    creditorId: row.creditorId,
    caseId: row.id,
    provider: deps.psp.provider,
    amountCents: amount,
    currency: row.currency,
    designatedClaimIds: designated,
    status: "open",
    source: actor.type,
    expiresAt,
    createdAt: now,
  });
  const session = await deps.psp.createCheckout({
    paymentLinkId: id,
    caseId: row.id,
    amountCents: amount,
    currency: row.currency,
    description: `Dossier ${row.reference}`,
    reference: makeRfReference(row.reference),
    successUrl: `${back}${sep}payment=${id}`,
    cancelUrl: `${back}${sep}payment=${id}&cancelled=1`,
    idempotencyKey: `payment-link:${id}`,
  });
  await db.transaction(async (tx) => {
    await tx
      .update(paymentLinks)
      .set({ providerSessionId: session.sessionId, checkoutUrl: session.url })
      .where(eq(paymentLinks.id, id));
    const fresh = await lockCase(tx, row.id);
    const data = { paymentLinkId: id, provider: deps.psp.provider, amountCents: amount };
    await appendEvent(tx, {
      creditorId: row.creditorId,
      caseId: row.id,
      type: "payment_link.created",
      at: now,
      actor,
      data,
    });
    await holdCase(tx, fresh, "payment_pending", expiresAt, actor, now, { paymentLinkId: id });
  });
  return {
    paymentLinkId: id,
    checkoutUrl: session.url,
    amountCents: amount,
    currency: row.currency,
    expiresAt: expiresAt.toISOString(),
  };
}
