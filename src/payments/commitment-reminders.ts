import { randomUUID } from "node:crypto";
import { and, eq, gte, inArray, isNotNull, lte } from "drizzle-orm";
import { DEFAULT_REMINDER_DAYS_BEFORE, reminderDaysBefore } from "../cases/mandates";
import { cases, contactPoints, mandates } from "../cases/schema";
import { outbox } from "../collection/schema";
import type { Db } from "../platform/db/client";
import { addDays, isoDay } from "./commitments";
import { paymentPlans, planInstalments, promises } from "./schema";

// Before each promised date and each plan instalment, the debtor gets one reminder by email, and by SMS
// when a mobile is on file. The rows go to the outbox; the dispatcher sends them, asking the contact gate
// (hours, days, holidays) just before; contact points the debtor refused are not used. The reminder is a
// message about the debtor's own commitment, not a demand: it does not count against the amicable caps
// (docs/compliance.md, "Reminders before a commitment").

/** Upper bound of a mandate's lead time (mandates.ts): how far ahead each pass looks. */
const MAX_REMINDER_DAYS_BEFORE = 14;

export const COMMITMENT_TEMPLATES = { email: "commitment_reminder", sms: "commitment_reminder_sms" } as const;

interface DueCommitment {
  key: string;
  creditorId: string;
  caseId: string;
  kind: "promise" | "payment_plan";
  dueDate: string;
  amountCents: number;
  instalmentNo?: number;
}

export interface ReminderResult {
  planned: number;
}

/**
 * Writes the reminders of commitments falling due within their creditor's mandate lead time
 * (`planLimits.reminderDaysBefore`, 3 by default) of `at`, in UTC calendar days; `daysBefore` forces
 * one lead time for every creditor.
 * Each (commitment, channel) has one idempotency key, `reminder:<planId>:<instalmentNo>:<channel>` or
 * `reminder:promise:<promiseId>:<channel>`: passes after the first plan nothing more. Cases without a first
 * letter are skipped (no later message may precede it, R124-4), as are closed cases and cases held for
 * another reason than this commitment.
 */
export async function planReminders(db: Db, at: Date, daysBefore?: number): Promise<ReminderResult> {
  const today = isoDay(at);
  const horizon = addDays(today, daysBefore ?? MAX_REMINDER_DAYS_BEFORE);
  const openPromises = await db
    .select()
    .from(promises)
    .where(and(eq(promises.status, "open"), gte(promises.dueDate, today), lte(promises.dueDate, horizon)));
  const instalments = await db
    .select({ i: planInstalments, caseId: paymentPlans.caseId })
    .from(planInstalments)
    .innerJoin(paymentPlans, eq(paymentPlans.id, planInstalments.planId))
    .where(
      and(
        eq(paymentPlans.status, "active"),
        eq(planInstalments.status, "due"),
        gte(planInstalments.dueDate, today),
        lte(planInstalments.dueDate, horizon),
      ),
    );
  const due: DueCommitment[] = [
    ...openPromises.map((p) => ({
      key: `reminder:promise:${p.id}`,
      creditorId: p.creditorId,
      caseId: p.caseId,
      kind: "promise" as const,
      dueDate: p.dueDate,
      amountCents: p.amountCents - p.paidCents,
    })),
    ...instalments.map(({ i, caseId }) => ({
      key: `reminder:${i.planId}:${i.seq}`,
      creditorId: i.creditorId,
      caseId,
      kind: "payment_plan" as const,
      dueDate: i.dueDate,
      amountCents: i.amountCents - i.paidCents,
      instalmentNo: i.seq,
    })),
  ].filter((c) => c.amountCents > 0);
  const lead = await leadTimes(db, due, daysBefore);
  const inLead = due.filter((c) => c.dueDate <= addDays(today, lead(c.creditorId)));
  if (inLead.length === 0) return { planned: 0 };
  // Every pass sees the same commitments for three days: those already reminded on every channel are
  // dropped here, before their cases and contact points are read again.
  const keys = inLead.flatMap((c) => [`${c.key}:email`, `${c.key}:sms`]);
  const written = new Set(
    (
      await db.select({ key: outbox.idempotencyKey }).from(outbox).where(inArray(outbox.idempotencyKey, keys))
    ).map((r) => r.key),
  );
  const pending = inLead.filter((c) => !written.has(`${c.key}:email`) || !written.has(`${c.key}:sms`));
  if (pending.length === 0) return { planned: 0 };
  const caseRows = await db
    .select({ id: cases.id, debtorId: cases.debtorId, status: cases.status, holdReason: cases.holdReason })
    .from(cases)
    .where(
      and(
        inArray(cases.id, [...new Set(pending.map((c) => c.caseId))]),
        isNotNull(cases.firstLetterRef),
        inArray(cases.status, ["active", "on_hold"]),
      ),
    );
  const caseOf = new Map(caseRows.map((c) => [c.id, c]));
  const points = await db
    .select()
    .from(contactPoints)
    .where(inArray(contactPoints.debtorId, [...new Set(caseRows.map((c) => c.debtorId))]));
  const pointsOf = new Map<string, typeof points>();
  for (const p of points) pointsOf.set(p.debtorId, [...(pointsOf.get(p.debtorId) ?? []), p]);
  const reachable = (debtorId: string, channel: "email" | "sms") =>
    (pointsOf.get(debtorId) ?? []).some(
      (p) =>
        p.status !== "invalid" &&
        !p.optOuts.some((o) => o.channel === channel) &&
        (channel === "email" ? p.kind === "email" : p.kind === "phone" && p.phoneType === "mobile"),
    );
  const rows: (typeof outbox.$inferInsert)[] = [];
  for (const c of pending) {
    const row = caseOf.get(c.caseId);
    // Held for another reason (a dispute, say): the dispatcher would cancel the reminder, so none is written.
    if (!row || (row.status === "on_hold" && row.holdReason !== c.kind)) continue;
    const debtorId = row.debtorId;
    for (const channel of ["email", "sms"] as const) {
      if (written.has(`${c.key}:${channel}`) || !reachable(debtorId, channel)) continue;
      const { key, creditorId, caseId, ...commitment } = c;
      rows.push({
        id: randomUUID(),
        creditorId,
        caseId,
        idempotencyKey: `${key}:${channel}`,
        channel,
        template: COMMITMENT_TEMPLATES[channel],
        scheduledAt: at,
        payload: { duringHold: c.kind, commitment },
        createdAt: at,
        updatedAt: at,
      });
    }
  }
  if (rows.length === 0) return { planned: 0 };
  const inserted = await db
    .insert(outbox)
    .values(rows)
    .onConflictDoNothing({ target: outbox.idempotencyKey })
    .returning({ id: outbox.id });
  return { planned: inserted.length };
}

/** Each creditor's lead time, from its active mandate (or the forced one). */
async function leadTimes(
  db: Db,
  due: readonly DueCommitment[],
  forced: number | undefined,
): Promise<(creditorId: string) => number> {
  if (forced !== undefined) return () => forced;
  const ids = [...new Set(due.map((c) => c.creditorId))];
  const rows =
    ids.length === 0
      ? []
      : await db
          .select({ creditorId: mandates.creditorId, planLimits: mandates.planLimits })
          .from(mandates)
          .where(and(inArray(mandates.creditorId, ids), eq(mandates.status, "active")));
  const days = new Map(rows.map((m) => [m.creditorId, reminderDaysBefore(m)]));
  return (creditorId) => days.get(creditorId) ?? DEFAULT_REMINDER_DAYS_BEFORE;
}
