import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCase } from "../../src/cases/create-case";
import { createCaseSchema } from "../../src/cases/create-case.schema";
import { getCase } from "../../src/cases/get-case";
import { cases } from "../../src/cases/schema";
import { SYSTEM } from "../../src/cases/timeline";
import { transitionCase } from "../../src/cases/transition-case";
import type { ContactGate } from "../../src/collection/contact-gate";
import { OUTCOME_RECHECK_MS } from "../../src/collection/plan-next-step";
import { seedDefaultScenarios } from "../../src/collection/scenario-store";
import { scheduleDueCases } from "../../src/collection/schedule-due-cases";
import { outbox } from "../../src/collection/schema";
import { queryRows } from "../../src/platform/db/rows";
import { caseBody, createTestApp, type TestApp } from "../helpers/app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedDefaultScenarios(t.database.db);
});
afterAll(async () => t?.close());

const allow: ContactGate = () => ({ allowed: true });
const T0 = new Date("2026-11-23T13:00:00.000Z"); // Monday 14:00 in Paris

async function newCase(ref: string, debtor: Record<string, unknown> = {}) {
  const body = caseBody(ref, {
    debtor: {
      kind: "person",
      firstName: "Léa",
      lastName: "Martin",
      email: "lea@mail.example",
      phone: "06 12 34 56 78",
      address: { line1: "3 rue Pasteur", postalCode: "69007", city: "Lyon", country: "FR" },
      ...debtor,
    },
  });
  const { caseId } = await createCase(
    t.database.db,
    t.creditors.a.id,
    createCaseSchema.parse(body),
    SYSTEM,
    T0,
  );
  return caseId;
}

const outboxOf = (caseId: string) =>
  t.database.db.select().from(outbox).where(eq(outbox.caseId, caseId)).orderBy(outbox.createdAt);
const nextActionOf = async (caseId: string) =>
  (await t.database.db.select({ at: cases.nextActionAt }).from(cases).where(eq(cases.id, caseId)))[0]?.at ??
  null;

describe("scheduler", () => {
  it("starts a new case on its scenario and plans the first written notice, all in one go", async () => {
    const caseId = await newCase("S-1");
    const result = await scheduleDueCases(t.database.db, allow, T0);
    expect(result.planned).toBeGreaterThanOrEqual(1);
    const rows = await outboxOf(caseId);
    expect(rows.map((r) => [r.stepId, r.channel, r.state, r.attempt])).toEqual([
      ["first-notice-email", "email", "pending", 1],
    ]);
    const detail = await getCase(t.database.db, { kind: "agency" }, caseId);
    expect(detail.status).toBe("active");
    // One event records both the start and the first action planned.
    expect(detail.timeline.map((e) => e.type)).toEqual(["case.created", "action.planned"]);
    // Person debtor: the B2C scenario, version 1.
    expect(detail.timeline[1]?.data).toMatchObject({
      from: { phase: "amicable", status: "new" },
      to: { phase: "amicable", status: "active" },
      scenario: "fr-b2c-amicable",
      version: 1,
      outboxId: rows[0]!.id,
      stepId: "first-notice-email",
      channel: "email",
    });
  });

  it("waits for the outcome of an action before planning the next one", async () => {
    const caseId = await newCase("S-2");
    await scheduleDueCases(t.database.db, allow, T0);
    const later = new Date(T0.getTime() + OUTCOME_RECHECK_MS);
    await scheduleDueCases(t.database.db, allow, later);
    expect(await outboxOf(caseId)).toHaveLength(1);
    expect((await nextActionOf(caseId))?.getTime()).toBe(later.getTime() + OUTCOME_RECHECK_MS);
    // The email goes out: the SMS is due at 08:30 the next morning, debtor time.
    await t.database.db
      .update(outbox)
      .set({ state: "sent", outcome: "delivered", sentAt: T0 })
      .where(eq(outbox.caseId, caseId));
    await scheduleDueCases(t.database.db, allow, new Date(later.getTime() + OUTCOME_RECHECK_MS));
    expect((await nextActionOf(caseId))?.toISOString()).toBe("2026-11-24T07:30:00.000Z");
  });

  it("never plans the same action twice, even when passes overlap", async () => {
    const caseId = await newCase("S-3");
    await Promise.all([0, 1, 2, 3].map(() => scheduleDueCases(t.database.db, allow, T0)));
    // Replaying the pass from scratch (as after a crash before commit) is a no-op too.
    await t.database.db.update(cases).set({ nextActionAt: T0 }).where(eq(cases.id, caseId));
    await scheduleDueCases(t.database.db, allow, T0);
    expect(await outboxOf(caseId)).toHaveLength(1);
  });

  it("leaves a case on hold alone until its hold ends, then resumes it", async () => {
    const caseId = await newCase("S-4");
    const until = new Date(T0.getTime() + 5 * 86_400_000);
    await transitionCase(
      t.database.db,
      { kind: "agency" },
      caseId,
      { type: "hold", reason: "promise", until },
      SYSTEM,
      T0,
    );
    await scheduleDueCases(t.database.db, allow, new Date(T0.getTime() + 86_400_000));
    expect(await outboxOf(caseId)).toHaveLength(0);
    await scheduleDueCases(t.database.db, allow, until);
    const detail = await getCase(t.database.db, { kind: "agency" }, caseId);
    expect(detail.status).toBe("active");
    expect(detail.timeline.map((e) => e.type)).toContain("case.release");
    expect(await outboxOf(caseId)).toHaveLength(1);
  });

  it("never plans anything for a disputed case", async () => {
    const caseId = await newCase("S-5");
    await transitionCase(
      t.database.db,
      { kind: "agency" },
      caseId,
      { type: "hold", reason: "dispute", until: null },
      SYSTEM,
      T0,
    );
    await scheduleDueCases(t.database.db, allow, new Date(T0.getTime() + 365 * 86_400_000));
    expect(await outboxOf(caseId)).toHaveLength(0);
  });

  it("defers to the time the law kernel gives, and records why", async () => {
    const caseId = await newCase("S-6");
    const nextWindow = new Date("2026-11-24T08:00:00.000Z");
    const gate: ContactGate = () => ({ allowed: false, reason: "outside_window", nextAllowedAt: nextWindow });
    const r = await scheduleDueCases(t.database.db, gate, T0);
    expect(r.deferred).toBeGreaterThanOrEqual(1);
    expect(await outboxOf(caseId)).toHaveLength(0);
    expect((await nextActionOf(caseId))?.getTime()).toBe(nextWindow.getTime());
    const detail = await getCase(t.database.db, { kind: "agency" }, caseId);
    expect(detail.timeline.at(-1)).toMatchObject({
      type: "action.deferred",
      data: { reason: "outside_window" },
    });
  });

  it("puts a case on hold when only a person can lift the bar (prescription)", async () => {
    const caseId = await newCase("S-7");
    const gate: ContactGate = () => ({ allowed: false, reason: "prescribed", nextAllowedAt: null });
    await scheduleDueCases(t.database.db, gate, T0);
    const detail = await getCase(t.database.db, { kind: "agency" }, caseId);
    expect(detail.status).toBe("on_hold");
    expect(detail.hold?.reason).toBe("prescribed");
    expect(await nextActionOf(caseId)).toBeNull();
  });

  it("skips a channel the debtor cannot be reached on and moves to the fallback", async () => {
    const caseId = await newCase("S-8", { email: undefined });
    await scheduleDueCases(t.database.db, allow, T0);
    const [skipped] = await outboxOf(caseId);
    expect(skipped).toMatchObject({ stepId: "first-notice-email", state: "cancelled", outcome: "skipped" });
    await scheduleDueCases(t.database.db, allow, T0);
    expect((await nextActionOf(caseId))?.toISOString()).toBe("2026-11-24T07:30:00.000Z");
    await scheduleDueCases(t.database.db, allow, new Date("2026-11-24T07:30:00.000Z"));
    await t.database.db
      .update(outbox)
      .set({ state: "sent", outcome: "delivered", sentAt: new Date("2026-11-24T07:30:00.000Z") })
      .where(sql`${outbox.caseId} = ${caseId} and ${outbox.stepId} = 'first-notice-sms'`);
    // The written notice could not go by email, so the fallback letter goes the next day.
    await scheduleDueCases(t.database.db, allow, new Date("2026-11-25T07:30:00.000Z"));
    const rows = await queryRows<{ step_id: string }>(
      t.database.db,
      sql`select step_id from outbox where case_id = ${caseId} and state <> 'cancelled' order by created_at`,
    );
    expect(rows.map((r) => r.step_id)).toEqual(["first-notice-sms", "first-notice-letter"]);
  });
});
