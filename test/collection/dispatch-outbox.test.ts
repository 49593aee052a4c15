import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCase } from "../../src/cases/create-case";
import { createCaseSchema } from "../../src/cases/create-case.schema";
import { getCase } from "../../src/cases/get-case";
import { SYSTEM } from "../../src/cases/timeline";
import { sandboxChannel } from "../../src/channels/sandbox-channel";
import { sandboxMessages } from "../../src/channels/schema";
import type { Channel } from "../../src/collection/channel";
import { dispatchOutbox, reconcileOutbox } from "../../src/collection/dispatch-outbox";
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
});
