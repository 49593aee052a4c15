import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cases, timelineEvents } from "../../src/cases/schema";
import { appointments } from "../../src/scheduling/schema";
import { caseCallTools } from "../../src/voice/tools/case-call-tools";
import { createTestApp, type TestApp } from "../helpers/app";
import { makeCase } from "../payments/fixtures";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const tools = (caseId: string) =>
  caseCallTools({
    db: t.database.db,
    caseId,
    creditorId: t.creditors.a.id,
    contactPointId: null,
    callId: "00000000-0000-4000-8000-000000000001",
    timeZone: "Europe/Paris",
    locale: "fr",
    now: () => t.clock.now(),
  });

describe("the voice agent's book-an-appointment tool", () => {
  it("books a real slot from 14:00 on the day the debtor named, and says it in French", async () => {
    const { caseId } = await makeCase(t, "VOICE-CAL-1");
    const result = await tools(caseId).bookAppointment("2026-11-25");
    expect(result).toEqual({ ok: true, data: { slot: "mercredi 25 novembre à 14 h" } });
    const [row] = await t.database.db.select().from(appointments).where(eq(appointments.caseId, caseId));
    expect(row).toMatchObject({ bookedBy: "voice_agent", channel: "phone", status: "booked" });
    expect(row!.startsAt.toISOString()).toBe("2026-11-25T13:00:00.000Z");
    const [c] = await t.database.db.select().from(cases).where(eq(cases.id, caseId));
    expect(c!.holdReason).toBe("appointment");
    const types = (
      await t.database.db.select().from(timelineEvents).where(eq(timelineEvents.caseId, caseId))
    ).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["appointment.booked", "voice.appointment_booked"]));
  });

  it("takes the next free slot when the named day's afternoon is taken by the other bookings", async () => {
    const first = await makeCase(t, "VOICE-CAL-2");
    const second = await makeCase(t, "VOICE-CAL-3");
    // One agent in the test agency: the second booking for the same afternoon moves a quarter-hour on.
    await tools(first.caseId).bookAppointment("2026-11-26");
    const r = await tools(second.caseId).bookAppointment("2026-11-26");
    expect(r).toEqual({ ok: true, data: { slot: "jeudi 26 novembre à 14h15" } });
  });
});
