import { and, eq, isNull } from "drizzle-orm";
import { markContactPointInvalid } from "../../cases/contact-feedback";
import { appendEvent } from "../../cases/timeline";
import { recordActionOutcome } from "../../collection/record-action-outcome";
import type { Db } from "../../platform/db/client";
import { channelMessages } from "../schema";
import { type DsnReport, isHardBounce } from "./dsn";

// What readers and mail servers tell us after an email left: opened, clicked, bounced. The first open
// and the first click become the action's outcome (scenario conditions read it) and a timeline event.

export async function recordOpen(db: Db, messageId: string, at: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(channelMessages)
      .set({ openedAt: at, updatedAt: at })
      .where(and(eq(channelMessages.id, messageId), isNull(channelMessages.openedAt)))
      .returning();
    if (!row) return false;
    await recordActionOutcome(tx, {
      idempotencyKey: row.idempotencyKey,
      outcome: "opened",
      at,
      event: "email.opened",
      actorType: "debtor",
    });
    return true;
  });
}

/** Records a click and returns where it leads, or null when the token names no link of the message. */
export async function recordClick(
  db: Db,
  messageId: string,
  linkIndex: number,
  at: Date,
): Promise<string | null> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(channelMessages).where(eq(channelMessages.id, messageId));
    const url = row?.links[linkIndex];
    if (!row || !url) return null;
    if (!row.clickedAt) {
      // A click implies the message was opened, even when images were blocked.
      await tx
        .update(channelMessages)
        .set({ clickedAt: at, openedAt: row.openedAt ?? at, updatedAt: at })
        .where(eq(channelMessages.id, messageId));
      await recordActionOutcome(tx, {
        idempotencyKey: row.idempotencyKey,
        outcome: "clicked",
        at,
        event: "email.clicked",
        data: { link: linkIndex },
        actorType: "debtor",
      });
    }
    return url;
  });
}

export interface BounceResult {
  matched: boolean;
  hard: boolean;
  invalidated: boolean;
}

/** A DSN: a permanent failure marks the address invalid and the action not delivered. */
export async function recordBounce(db: Db, report: DsnReport, at: Date): Promise<BounceResult> {
  const id = report.envelopeId ?? report.messageIds[0];
  if (!id) return { matched: false, hard: false, invalidated: false };
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(channelMessages).where(eq(channelMessages.id, id));
    if (row?.channel !== "email") return { matched: false, hard: false, invalidated: false };
    const hard = report.recipients.some(isHardBounce);
    const first = report.recipients[0];
    await tx
      .update(channelMessages)
      .set({
        outcome: hard ? "not_delivered" : row.outcome,
        error: first ? `${first.status} ${first.diagnostic ?? ""}`.trim() : null,
        updatedAt: at,
      })
      .where(eq(channelMessages.id, id));
    let invalidated = false;
    if (hard && row.contactPointId) {
      invalidated = await markContactPointInvalid(
        tx,
        row.contactPointId,
        `email bounced (${first?.status ?? "5.0.0"})`,
        { type: "provider", id: row.provider },
        at,
      );
    }
    if (hard) {
      await recordActionOutcome(tx, {
        idempotencyKey: row.idempotencyKey,
        outcome: "not_delivered",
        at,
        event: "email.bounced",
        data: { status: first?.status ?? null },
      });
    } else {
      // A delay or transient failure: the server keeps trying; only the timeline hears of it.
      await appendEvent(tx, {
        creditorId: row.creditorId,
        caseId: row.caseId,
        type: "email.delayed",
        at,
        actor: { type: "provider", id: row.provider },
        data: { status: first?.status ?? null },
      });
    }
    return { matched: true, hard, invalidated };
  });
}
