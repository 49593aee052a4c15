import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCase } from "../../src/cases/create-case";
import { createCaseSchema } from "../../src/cases/create-case.schema";
import { SYSTEM } from "../../src/cases/timeline";
import { sandboxChannel } from "../../src/channels/sandbox-channel";
import { seedDefaultScenarios } from "../../src/collection/scenario-store";
import { runUntil } from "../../src/collection/worker";
import { VirtualClock } from "../../src/platform/clock";
import { queryRows } from "../../src/platform/db/rows";
import { caseBody, createTestApp, type TestApp } from "../helpers/app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedDefaultScenarios(t.database.db);
});
afterAll(async () => t?.close());

describe("runUntil on a virtual clock", () => {
  it("replays days of a campaign in one call, jumping from one due moment to the next", async () => {
    const start = new Date("2026-11-23T09:00:00.000Z");
    for (let i = 0; i < 5; i++) {
      await createCase(
        t.database.db,
        t.creditors.a.id,
        createCaseSchema.parse(caseBody(`RU-${i}`)),
        SYSTEM,
        start,
      );
    }
    const clock = new VirtualClock(start);
    const channels = Object.fromEntries(
      (["email", "sms", "letter", "registered_letter"] as const).map((c) => [
        c,
        sandboxChannel(t.database.db, `sandbox-${c}`, () => clock.now()),
      ]),
    );
    const until = new Date("2026-12-03T09:00:00.000Z");
    const result = await runUntil(
      { db: t.database.db, gate: () => ({ allowed: true }), channels },
      clock,
      until,
    );
    expect(clock.now().getTime()).toBe(until.getTime());
    expect(result.passes).toBeLessThan(200);
    const sent = await queryRows<{ step_id: string; n: number }>(
      t.database.db,
      sql`select step_id, count(*)::int as n from outbox where state in ('sent', 'delivered') group by step_id order by step_id`,
    );
    expect(sent).toEqual([
      { step_id: "first-notice-email", n: 5 },
      { step_id: "first-notice-sms", n: 5 },
    ]);
    // Calls have no provider in this run: each case waits at its courteous call, planned once.
    const calls = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from outbox where step_id = 'courteous-call' and state = 'pending'`,
    );
    expect(calls[0]?.n).toBe(5);
  });
});
