import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCase } from "../../src/cases/create-case";
import { createCaseSchema } from "../../src/cases/create-case.schema";
import { cases } from "../../src/cases/schema";
import { SYSTEM } from "../../src/cases/timeline";
import { lawGate } from "../../src/collection/law-gate";
import { outbox } from "../../src/collection/schema";
import { placeCallNow } from "../../src/voice/place-call-now";
import { sandboxVoiceChannel } from "../../src/voice/sandbox/sandbox-voice-channel";
import { caseBody, createTestApp, TEST_NOW, type TestApp } from "../helpers/app";

// One call now, outside the scenario: the same bars as a planned call (open case, no hold, a reachable
// phone of the debtor's, the law kernel's windows), and it counts in the case's contact history.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

async function newCase(ref: string) {
  const body = createCaseSchema.parse(caseBody(ref));
  const { caseId } = await createCase(t.database.db, t.creditors.a.id, body, SYSTEM, TEST_NOW);
  const [c] = await t.database.db.select().from(cases).where(eq(cases.id, caseId));
  return c!;
}

const deps = (at: Date) => ({
  db: t.database.db,
  gate: lawGate(),
  channel: sandboxVoiceChannel(t.database.db, () => at, { profile: "promise" }),
  now: () => at,
});

describe("placing one call now", () => {
  it("calls within the legal hours, records the outcome and the outbox row; the promise then bars a second call", async () => {
    const c = await newCase("NOW-1");
    // Monday 23 November 2026, 10:00 in Paris.
    const first = await placeCallNow(deps(TEST_NOW), { caseRef: c.reference, persona: "firm" });
    expect(first).toMatchObject({
      placed: true,
      provider: "sandbox-voice",
      outcome: "promise",
      status: "completed",
    });
    const rows = await t.database.db.select().from(outbox).where(eq(outbox.caseId, c.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      channel: "voice_call",
      state: "sent",
      outcome: "answered",
      persona: "firm",
    });
    const again = await placeCallNow(deps(new Date(TEST_NOW.getTime() + 3_600_000)), {
      caseRef: c.id,
      persona: "firm",
    });
    expect(again).toMatchObject({ placed: false, reason: "on_hold:promise" });
  });

  it("refuses at night with the law kernel's reason and the next allowed time, and places nothing", async () => {
    const c = await newCase("NOW-2");
    const night = new Date("2026-11-23T21:30:00.000Z");
    const r = await placeCallNow(deps(night), { caseRef: c.reference, persona: "courteous" });
    expect(r.placed).toBe(false);
    if (r.placed) return;
    expect(r.reason).toBe("outside_hours");
    expect(new Date(r.nextAllowedAt!).getTime()).toBeGreaterThan(night.getTime());
    expect(await t.database.db.select().from(outbox).where(eq(outbox.caseId, c.id))).toHaveLength(0);
  });

  it("dials only a reachable phone of the debtor's: another number is refused, a bad one named", async () => {
    const c = await newCase("NOW-3");
    const other = await placeCallNow(deps(TEST_NOW), {
      caseRef: c.reference,
      persona: "courteous",
      to: "+33 1 00 00 00 00",
    });
    expect(other).toMatchObject({ placed: false, reason: "not_a_reachable_phone_of_the_debtor" });
    await expect(
      placeCallNow(deps(TEST_NOW), { caseRef: c.reference, persona: "courteous", to: "not a number" }),
    ).rejects.toThrow(/--to: is not a phone number/);
    await expect(
      placeCallNow(deps(TEST_NOW), { caseRef: "REL-0000-999999", persona: "firm" }),
    ).rejects.toThrow(/case: no case has this id or reference/);
  });
});
