import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mandateInputSchema } from "../../src/cases/mandates";
import { cases, contactPoints, mandates } from "../../src/cases/schema";
import { SYSTEM } from "../../src/cases/timeline";
import { sandboxMessages } from "../../src/channels/schema";
import { writtenChannels } from "../../src/channels/wiring";
import { dispatchOutbox } from "../../src/collection/dispatch-outbox";
import { lawGate } from "../../src/collection/law-gate";
import { loadDueCases } from "../../src/collection/load-due-cases";
import { pastContacts } from "../../src/collection/schedule-due-cases";
import { outbox } from "../../src/collection/schema";
import { applyPayment } from "../../src/payments/apply-payment";
import { planReminders } from "../../src/payments/commitment-reminders";
import { createPlan } from "../../src/payments/plans";
import { recordPromise } from "../../src/payments/promises";
import { paymentPlans } from "../../src/payments/schema";
import { messagePortalLinks } from "../../src/portal/links";
import { prepareAgency } from "../channels/helpers";
import { createTestApp, MANDATE, type TestApp } from "../helpers/app";
import { makeCase, store } from "./fixtures";

let t: TestApp;
const docs = store();
beforeAll(async () => {
  t = await createTestApp();
  await prepareAgency(t);
});
afterAll(async () => t?.close());

const db = () => t.database.db;

/** A case whose first letter went out (reminders are later messages, R124-4). */
async function caseWithFirstLetter(ref: string): Promise<string> {
  const { caseId } = await makeCase(t, ref);
  await db()
    .update(cases)
    .set({ firstLetterRef: `REF-${ref}`, firstLetterAt: new Date("2026-11-20T09:00:00Z") })
    .where(eq(cases.id, caseId));
  return caseId;
}

const rowsOf = (caseId: string) =>
  db()
    .select()
    .from(outbox)
    .where(and(eq(outbox.caseId, caseId), like(outbox.idempotencyKey, "reminder:%")));

describe("commitment reminders", () => {
  it("plans exactly one email and one SMS per instalment, three days before, over several passes", async () => {
    const caseId = await caseWithFirstLetter("REM-PLAN");
    const plan = await createPlan(
      db(),
      { caseId, instalments: 2, firstDate: "2026-12-10" },
      SYSTEM,
      t.clock.now(),
    );
    // Four days before: nothing yet.
    await planReminders(db(), new Date("2026-12-06T08:00:00Z"));
    expect(await rowsOf(caseId)).toHaveLength(0);
    for (const at of ["2026-12-07T08:00:00Z", "2026-12-07T15:00:00Z", "2026-12-09T08:00:00Z"])
      await planReminders(db(), new Date(at));
    const rows = await rowsOf(caseId);
    expect(rows.map((r) => [r.channel, r.template, r.idempotencyKey]).sort()).toEqual([
      ["email", "commitment_reminder", `reminder:${plan.planId}:1:email`],
      ["sms", "commitment_reminder_sms", `reminder:${plan.planId}:1:sms`],
    ]);
    expect(rows[0]!.payload).toMatchObject({
      duringHold: "payment_plan",
      commitment: { kind: "payment_plan", dueDate: "2026-12-10", instalmentNo: 1 },
    });
    expect((rows[0]!.payload.commitment as { amountCents: number }).amountCents).toBeGreaterThan(0);
  });

  it("plans one reminder per channel for a promise", async () => {
    const caseId = await caseWithFirstLetter("REM-PROMISE");
    const promise = await recordPromise(db(), { caseId, dueDate: "2026-12-20" }, SYSTEM, t.clock.now());
    await planReminders(db(), new Date("2026-12-17T08:00:00Z"));
    await planReminders(db(), new Date("2026-12-18T08:00:00Z"));
    const rows = await rowsOf(caseId);
    expect(rows.map((r) => r.idempotencyKey).sort()).toEqual([
      `reminder:promise:${promise.promiseId}:email`,
      `reminder:promise:${promise.promiseId}:sms`,
    ]);
    expect(rows[0]!.payload).toMatchObject({ duringHold: "promise", commitment: { dueDate: "2026-12-20" } });
  });

  it("plans nothing for a paid instalment or a cancelled plan", async () => {
    const paidCase = await caseWithFirstLetter("REM-PAID");
    const plan = await createPlan(
      db(),
      { caseId: paidCase, instalments: 2, firstDate: "2026-12-10" },
      SYSTEM,
      t.clock.now(),
    );
    await applyPayment(
      { db: db(), documents: docs },
      {
        caseId: paidCase,
        provider: "manual",
        providerRef: "rem-paid-1",
        amountCents: plan.instalments[0]!.amountCents,
        currency: "EUR",
        encashedAt: t.clock.now(),
      },
      SYSTEM,
      t.clock.now(),
    );
    await planReminders(db(), new Date("2026-12-08T08:00:00Z"));
    expect(await rowsOf(paidCase)).toHaveLength(0);

    const cancelledCase = await caseWithFirstLetter("REM-CANCEL");
    const other = await createPlan(
      db(),
      { caseId: cancelledCase, instalments: 2, firstDate: "2026-12-10" },
      SYSTEM,
      t.clock.now(),
    );
    await db().update(paymentPlans).set({ status: "cancelled" }).where(eq(paymentPlans.id, other.planId));
    await planReminders(db(), new Date("2026-12-08T08:00:00Z"));
    expect(await rowsOf(cancelledCase)).toHaveLength(0);
  });

  it("sends a held case's reminder with the instalment's date and amount, and cancels its other actions", async () => {
    const caseId = await caseWithFirstLetter("REM-HELD");
    await createPlan(db(), { caseId, instalments: 2, firstDate: "2026-12-10" }, SYSTEM, t.clock.now());
    const [held] = await db().select().from(cases).where(eq(cases.id, caseId));
    expect(held).toMatchObject({ status: "on_hold", holdReason: "payment_plan" });
    const at = new Date("2026-12-07T09:00:00Z");
    // An ordinary scenario action of the same held case: the dispatcher still cancels it.
    await db()
      .insert(outbox)
      .values({
        id: crypto.randomUUID(),
        creditorId: held!.creditorId,
        caseId,
        idempotencyKey: `step:${caseId}:reminder`,
        channel: "email",
        template: "reminder_letter_b2b",
        scheduledAt: at,
        createdAt: at,
        updatedAt: at,
      });
    await planReminders(db(), at);
    const now = () => at;
    const channels = writtenChannels(db(), now, t.config, messagePortalLinks(db(), t.config.publicUrl, now));
    await dispatchOutbox(db(), { email: channels.email, sms: channels.sms }, now);
    const states = (await db().select().from(outbox).where(eq(outbox.caseId, caseId))).map((r) => [
      r.template,
      r.state,
      r.lastError,
    ]);
    expect(states.sort()).toEqual([
      ["commitment_reminder", "sent", null],
      ["commitment_reminder_sms", "sent", null],
      ["reminder_letter_b2b", "cancelled", null],
    ]);
    const received = await db().select().from(sandboxMessages).where(eq(sandboxMessages.caseId, caseId));
    const sms = JSON.stringify(received.find((m) => m.channel === "sms")!.content);
    expect(sms).toContain("10/12/2026");
    expect(sms).toContain("REF-REM-HELD");
    const email = JSON.stringify(received.find((m) => m.channel === "email")!.content);
    expect(email).toContain("échéance n° 1 de votre échéancier");
    expect(email).toContain("10/12/2026");
  });

  it("does not use a channel the debtor opted out of", async () => {
    const caseId = await caseWithFirstLetter("REM-OPTOUT");
    const [c] = await db().select().from(cases).where(eq(cases.id, caseId));
    await db()
      .update(contactPoints)
      .set({ optOuts: [{ channel: "sms", at: "2026-12-01T00:00:00Z", source: "debtor" }] })
      .where(and(eq(contactPoints.debtorId, c!.debtorId), eq(contactPoints.kind, "phone")));
    await createPlan(db(), { caseId, instalments: 2, firstDate: "2026-12-10" }, SYSTEM, t.clock.now());
    await planReminders(db(), new Date("2026-12-08T08:00:00Z"));
    expect((await rowsOf(caseId)).map((r) => r.channel)).toEqual(["email"]);
  });

  it("waits for the contact window: a reminder planned at night goes out in the morning", async () => {
    const caseId = await caseWithFirstLetter("REM-NIGHT");
    await createPlan(db(), { caseId, instalments: 2, firstDate: "2026-12-10" }, SYSTEM, t.clock.now());
    // 23:30 in Paris on a Monday: outside every contact window.
    const night = new Date("2026-12-07T22:30:00Z");
    await planReminders(db(), night);
    const now = () => night;
    const channels = writtenChannels(db(), now, t.config, messagePortalLinks(db(), t.config.publicUrl, now));
    const result = await dispatchOutbox(db(), { email: channels.email, sms: channels.sms }, now, {
      gate: lawGate(),
    });
    expect(result.sent).toBe(0);
    const rows = await rowsOf(caseId);
    expect(rows.map((r) => r.state)).toEqual(["pending", "pending"]);
    for (const r of rows) expect(r.scheduledAt.getTime()).toBeGreaterThan(night.getTime());
  });

  it("goes out on the next allowed day when it falls on a public holiday", async () => {
    const caseId = await caseWithFirstLetter("REM-XMAS");
    await createPlan(db(), { caseId, instalments: 2, firstDate: "2026-12-20" }, SYSTEM, t.clock.now());
    // Christmas Day, 10:00 in Paris: inside the hours, but a public holiday. A long lead time reaches
    // the second instalment (January).
    const xmas = new Date("2026-12-25T09:00:00Z");
    await planReminders(db(), xmas, 30);
    expect(await rowsOf(caseId)).toHaveLength(2);
    const now = () => xmas;
    const channels = writtenChannels(db(), now, t.config, messagePortalLinks(db(), t.config.publicUrl, now));
    await dispatchOutbox(db(), { email: channels.email, sms: channels.sms }, now, { gate: lawGate() });
    expect(await db().select().from(sandboxMessages).where(eq(sandboxMessages.caseId, caseId))).toEqual([]);
    for (const r of await rowsOf(caseId)) {
      expect(r.state).toBe("pending");
      expect(r.scheduledAt.toISOString() >= "2026-12-26T00:00:00.000Z").toBe(true);
    }
  });

  it("does not send on a channel the debtor opted out of after the reminder was planned", async () => {
    const caseId = await caseWithFirstLetter("REM-LATE-OPTOUT");
    await createPlan(db(), { caseId, instalments: 2, firstDate: "2026-12-10" }, SYSTEM, t.clock.now());
    const at = new Date("2026-12-08T09:00:00Z");
    await planReminders(db(), at);
    expect((await rowsOf(caseId)).map((r) => r.channel).sort()).toEqual(["email", "sms"]);
    const [c] = await db().select().from(cases).where(eq(cases.id, caseId));
    await db()
      .update(contactPoints)
      .set({ optOuts: [{ channel: "sms", at: "2026-12-08T08:00:00Z", source: "debtor" }] })
      .where(and(eq(contactPoints.debtorId, c!.debtorId), eq(contactPoints.kind, "phone")));
    const now = () => at;
    const channels = writtenChannels(db(), now, t.config, messagePortalLinks(db(), t.config.publicUrl, now));
    await dispatchOutbox(db(), { email: channels.email, sms: channels.sms }, now, { gate: lawGate() });
    const received = await db().select().from(sandboxMessages).where(eq(sandboxMessages.caseId, caseId));
    expect(received.map((m) => m.channel)).toEqual(["email"]);
    const sms = (await rowsOf(caseId)).find((r) => r.channel === "sms")!;
    expect(sms.state).not.toBe("sent");
  });

  it("spends no room in the amicable caps, while the scenario's own messages still do", async () => {
    const caseId = await caseWithFirstLetter("REM-CAPS");
    await createPlan(db(), { caseId, instalments: 2, firstDate: "2026-12-10" }, SYSTEM, t.clock.now());
    const at = new Date("2026-12-08T09:00:00Z");
    await planReminders(db(), at);
    const now = () => at;
    const channels = writtenChannels(db(), now, t.config, messagePortalLinks(db(), t.config.publicUrl, now));
    await dispatchOutbox(db(), { email: channels.email, sms: channels.sms }, now);
    // Two scenario emails that same week: with the reminder, a third would pass the 2-a-week email cap.
    for (const n of [1, 2]) {
      await db()
        .insert(outbox)
        .values({
          id: crypto.randomUUID(),
          creditorId: t.creditors.a.id,
          caseId,
          idempotencyKey: `step:${caseId}:caps-${n}`,
          channel: "email",
          template: "reminder_letter_b2b",
          state: n === 1 ? "sent" : "pending",
          sentAt: n === 1 ? at : null,
          scheduledAt: at,
          createdAt: at,
          updatedAt: at,
        });
    }
    const [due] = await loadDueCases(db(), [caseId]);
    const reminders = due!.history.filter((h) => h.requested);
    expect(reminders.map((h) => h.state).sort()).toEqual(["sent", "sent"]);
    const counted = pastContacts(due!);
    expect(counted).toEqual([{ channel: "email", at, kind: "attempt" }]);
    const gate = lawGate();
    const ask = (history: typeof counted) =>
      gate({
        channel: "email",
        now: new Date("2026-12-09T09:00:00Z"),
        timeZone: "Europe/Paris",
        lawRegion: "metropole",
        jurisdiction: "FR",
        debtorKind: "company",
        history,
        prescriptionDate: null,
      });
    expect(ask(counted)).toEqual({ allowed: true });
    // Had the reminder counted, the second scenario email of the week would be refused.
    expect(ask([...counted, { channel: "email", at, kind: "attempt" }])).toMatchObject({
      allowed: false,
      reason: "channel_cap_7d",
    });
  });

  it("uses the lead time of the creditor's mandate, bounded to 0–14 days", async () => {
    const [active] = await db()
      .select()
      .from(mandates)
      .where(and(eq(mandates.creditorId, t.creditors.a.id), eq(mandates.status, "active")));
    const setLead = (days: number) =>
      db()
        .update(mandates)
        .set({ planLimits: { ...active!.planLimits, reminderDaysBefore: days } })
        .where(eq(mandates.id, active!.id));
    await setLead(6);
    try {
      const caseId = await caseWithFirstLetter("REM-LEAD");
      await createPlan(db(), { caseId, instalments: 2, firstDate: "2026-12-20" }, SYSTEM, t.clock.now());
      await planReminders(db(), new Date("2026-12-13T08:00:00Z"));
      expect(await rowsOf(caseId)).toHaveLength(0);
      await planReminders(db(), new Date("2026-12-14T08:00:00Z"));
      expect((await rowsOf(caseId)).map((r) => r.channel).sort()).toEqual(["email", "sms"]);
    } finally {
      await setLead(3);
    }
    const tooLong = mandateInputSchema.safeParse({
      ...MANDATE,
      planLimits: { ...MANDATE.planLimits, reminderDaysBefore: 15 },
    });
    expect(tooLong.success).toBe(false);
    expect(JSON.stringify(tooLong.error?.issues)).toContain("reminderDaysBefore");
    const { reminderDaysBefore: _lead, ...older } = MANDATE.planLimits;
    expect(mandateInputSchema.parse({ ...MANDATE, planLimits: older }).planLimits.reminderDaysBefore).toBe(3);
  });
});
