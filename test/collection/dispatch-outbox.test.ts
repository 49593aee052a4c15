import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCase } from "../../src/cases/create-case";
import { createCaseSchema } from "../../src/cases/create-case.schema";
import { getCase } from "../../src/cases/get-case";
import { SYSTEM } from "../../src/cases/timeline";
import { transitionCase } from "../../src/cases/transition-case";
import { sandboxChannel } from "../../src/channels/sandbox-channel";
import { sandboxMessages } from "../../src/channels/schema";
import type { Channel } from "../../src/collection/channel";
import { dispatchOutbox, reconcileOutbox } from "../../src/collection/dispatch-outbox";
import { lawGate } from "../../src/collection/law-gate";
import { seedDefaultScenarios } from "../../src/collection/scenario-store";
import { scheduleDueCases } from "../../src/collection/schedule-due-cases";
import { outbox } from "../../src/collection/schema";
import { caseBody, createTestApp, type TestApp } from "../helpers/app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedDefaultScenarios(t.database.db);
});
afterAll(async () => t?.close());

const T0 = new Date("2026-11-23T13:00:00.000Z");
const at = (ms: number) => () => new Date(T0.getTime() + ms);

/** A case whose first email is planned and waiting in the outbox. */
async function plannedCase(ref: string): Promise<string> {
  const { caseId } = await createCase(
    t.database.db,
    t.creditors.a.id,
    createCaseSchema.parse(caseBody(ref)),
    SYSTEM,
    T0,
  );
  await scheduleDueCases(t.database.db, () => ({ allowed: true }), T0);
  return caseId;
}

const rowOf = async (caseId: string) =>
  (await t.database.db.select().from(outbox).where(eq(outbox.caseId, caseId)))[0]!;

describe("dispatcher", () => {
  it("sends a due action through its channel once and records it on the case", async () => {
    const caseId = await plannedCase("D-1");
    const email = sandboxChannel(t.database.db, "sandbox-email", at(0));
    const result = await dispatchOutbox(t.database.db, { email }, at(0));
    expect(result.sent).toBeGreaterThanOrEqual(1);
    const row = await rowOf(caseId);
    expect(row).toMatchObject({
      state: "sent",
      outcome: "delivered",
      provider: "sandbox-email",
      attempts: 1,
    });
    const received = await t.database.db
      .select()
      .from(sandboxMessages)
      .where(eq(sandboxMessages.caseId, caseId));
    expect(received.map((m) => [m.template, m.calls])).toEqual([["first_notice_b2b", 1]]);
    const detail = await getCase(t.database.db, { kind: "agency" }, caseId);
    expect(detail.timeline.at(-1)).toMatchObject({ type: "action.sent", data: { outboxId: row.id } });
    // Nothing left to send.
    expect((await dispatchOutbox(t.database.db, { email }, at(1000))).claimed).toBe(0);
  });

  it("retries a failing provider with backoff, then dead-letters with the reason", async () => {
    const caseId = await plannedCase("D-2");
    const down: Channel = {
      provider: "down",
      concurrency: 1,
      send: async () => ({ status: "failed", provider: "down", error: "503 from provider", retryable: true }),
      status: async () => ({ status: "not_found" }),
    };
    let clock = 0;
    for (let attempt = 1; attempt <= 3; attempt++) {
      await dispatchOutbox(t.database.db, { email: down }, at(clock), { maxAttempts: 3 });
      clock += 60_000 * 2 ** attempt;
    }
    const row = await rowOf(caseId);
    expect(row).toMatchObject({
      state: "failed",
      outcome: "not_delivered",
      attempts: 3,
      lastError: "503 from provider",
    });
    const detail = await getCase(t.database.db, { kind: "agency" }, caseId);
    expect(detail.timeline.at(-1)).toMatchObject({
      type: "action.failed",
      data: { error: "503 from provider" },
    });
  });

  it("after a crash mid-send, asks the provider instead of sending again", async () => {
    const caseId = await plannedCase("D-3");
    const email = sandboxChannel(t.database.db, "sandbox-email", at(0));
    // The provider received the message, then the process died before recording it.
    const dying: Channel = {
      ...email,
      send: async (action) => {
        await email.send(action);
        return new Promise(() => {});
      },
    };
    void dispatchOutbox(t.database.db, { email: dying }, at(0), { leaseMs: 1000 });
    await new Promise((r) => setTimeout(r, 300));
    expect((await rowOf(caseId)).state).toBe("sending");
    await reconcileOutbox(t.database.db, { email }, at(5000)());
    const row = await rowOf(caseId);
    expect(row.state).toBe("delivered");
    // Sent when the provider took it, not when reconciliation learnt it: the planner and caps read it.
    expect(row.sentAt).toEqual(T0);
    const received = await t.database.db
      .select()
      .from(sandboxMessages)
      .where(eq(sandboxMessages.caseId, caseId));
    expect(received.map((m) => m.calls)).toEqual([1]);
  });

  it("puts a lost send back in the queue when the provider never received it", async () => {
    const caseId = await plannedCase("D-4");
    const email = sandboxChannel(t.database.db, "sandbox-email", at(0));
    const neverArrives: Channel = { ...email, send: () => new Promise(() => {}) };
    void dispatchOutbox(t.database.db, { email: neverArrives }, at(0), { leaseMs: 1000 });
    await new Promise((r) => setTimeout(r, 300));
    await reconcileOutbox(t.database.db, { email }, at(5000)());
    expect((await rowOf(caseId)).state).toBe("pending");
    await dispatchOutbox(t.database.db, { email }, at(6000));
    expect((await rowOf(caseId)).state).toBe("sent");
  });

  it("cancels what a case put on hold had queued, and plans the step again once it is released", async () => {
    const caseId = await plannedCase("D-5");
    const until = new Date(T0.getTime() + 3 * 86_400_000);
    await transitionCase(
      t.database.db,
      { kind: "agency" },
      caseId,
      { type: "hold", reason: "promise", until },
      SYSTEM,
      T0,
    );
    const email = sandboxChannel(t.database.db, "sandbox-email", at(0));
    const result = await dispatchOutbox(t.database.db, { email }, at(1000));
    expect(result).toMatchObject({ cancelled: 1, sent: 0 });
    const cancelled = await rowOf(caseId);
    expect(cancelled.state).toBe("cancelled");
    const inbox = () =>
      t.database.db.select().from(sandboxMessages).where(eq(sandboxMessages.caseId, caseId));
    expect(await inbox()).toHaveLength(0);
    const detail = await getCase(t.database.db, { kind: "agency" }, caseId);
    expect(detail.timeline.at(-1)).toMatchObject({
      type: "action.cancelled",
      data: { outboxId: cancelled.id, reason: "case_on_hold", holdReason: "promise" },
    });

    // The promise date passes unpaid: the sequence resumes with the same step, sent once.
    await scheduleDueCases(t.database.db, () => ({ allowed: true }), until);
    const rows = await t.database.db.select().from(outbox).where(eq(outbox.caseId, caseId));
    expect(rows.map((r) => [r.stepId, r.state]).sort()).toEqual(
      [
        [cancelled.stepId, "cancelled"],
        [cancelled.stepId, "pending"],
      ].sort(),
    );
    await dispatchOutbox(t.database.db, { email }, () => until);
    expect((await inbox()).map((m) => m.template)).toEqual([cancelled.template]);
  });

  it("holds back a send that fell outside the debtor's contact window, to the next opening", async () => {
    const caseId = await plannedCase("D-6");
    // Monday 23 November 2026, 22:30 in Paris: a retry left for late evening may not go out.
    const late = new Date("2026-11-23T21:30:00.000Z");
    const gate = lawGate();
    const email = sandboxChannel(t.database.db, "sandbox-email", () => late);
    const result = await dispatchOutbox(t.database.db, { email }, () => late, { gate });
    expect(result).toMatchObject({ deferred: 1, sent: 0 });
    const row = await rowOf(caseId);
    const expected = gate({
      channel: "email",
      now: late,
      timeZone: "Europe/Paris",
      lawRegion: "metropole",
      jurisdiction: "FR",
      debtorKind: "company",
      history: [],
      prescriptionDate: null,
    });
    expect(expected.allowed).toBe(false);
    expect(row).toMatchObject({ state: "pending", attempts: 0 });
    expect(row.scheduledAt).toEqual(expected.allowed ? null : expected.nextAllowedAt);
    const detail = await getCase(t.database.db, { kind: "agency" }, caseId);
    expect(detail.timeline.at(-1)).toMatchObject({ type: "action.deferred", data: { outboxId: row.id } });
    // At the opening it goes.
    const opening = row.scheduledAt;
    await dispatchOutbox(t.database.db, { email }, () => opening, { gate });
    expect((await rowOf(caseId)).state).toBe("sent");
  });
  it("keeps real providers back while the agency lacks an R124-2 prerequisite; the sandbox still sends", async () => {
    const caseId = await plannedCase("D-7");
    const sandbox = sandboxChannel(t.database.db, "sandbox-email", at(0));
    const sent: string[] = [];
    const smtp: Channel = {
      provider: "smtp",
      concurrency: 1,
      send: async (action) => {
        sent.push(action.idempotencyKey);
        return { status: "sent", provider: "smtp", providerRef: `m-${sent.length}` };
      },
      status: async () => ({ status: "not_found" }),
    };
    let missing: string[] = ["insurance_expired", "prosecutor_declaration"];
    const readiness = async () => missing;
    const first = await dispatchOutbox(t.database.db, { email: smtp }, at(0), { readiness });
    expect(first).toMatchObject({ deferred: 1, sent: 0 });
    expect(sent).toEqual([]);
    const waiting = await rowOf(caseId);
    expect(waiting).toMatchObject({ state: "pending", attempts: 0 });
    expect(waiting.scheduledAt).toEqual(new Date(T0.getTime() + 3_600_000));
    // An hour later, still not ready: still waiting, and the timeline said why only once.
    await dispatchOutbox(t.database.db, { email: smtp }, at(3_600_000), { readiness });
    const deferrals = (await getCase(t.database.db, { kind: "agency" }, caseId)).timeline.filter(
      (e) => e.type === "action.deferred",
    );
    expect(deferrals).toHaveLength(1);
    expect(deferrals[0]).toMatchObject({
      data: { reason: "agency_not_ready", missing: ["insurance_expired", "prosecutor_declaration"] },
    });
    // The embedded sandbox is no real sending: demos work before the agency is set up.
    expect(
      await dispatchOutbox(t.database.db, { email: sandbox }, at(2 * 3_600_000), { readiness }),
    ).toMatchObject({ sent: 1, deferred: 0 });
    await t.database.db
      .update(outbox)
      .set({ state: "pending", sentAt: null })
      .where(eq(outbox.caseId, caseId));
    // Once the agency is in order, the action goes.
    missing = [];
    await dispatchOutbox(t.database.db, { email: smtp }, at(3 * 3_600_000), { readiness });
    expect(sent).toHaveLength(1);
    expect(await rowOf(caseId)).toMatchObject({ state: "sent", provider: "smtp", lastError: null });
  });
});
