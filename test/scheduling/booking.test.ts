import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cases, timelineEvents } from "../../src/cases/schema";
import { SYSTEM } from "../../src/cases/timeline";
import { createUser } from "../../src/platform/auth/users";
import type { AppError } from "../../src/platform/errors";
import { issuePortalLink } from "../../src/portal/links";
import { bookAppointment } from "../../src/scheduling/book-appointment";
import { addAbsence } from "../../src/scheduling/calendars";
import { findFreeSlots } from "../../src/scheduling/find-free-slots";
import { appointments } from "../../src/scheduling/schema";
import { createTestApp, type TestApp } from "../helpers/app";
import { makeCase } from "../payments/fixtures";

let t: TestApp;
let second: string;
let first: string;
beforeAll(async () => {
  t = await createTestApp();
  const u = await createUser(
    t.database.db,
    {
      email: "agent2@test.example",
      name: "Agent Deux",
      password: "password-agent-two-1",
      role: "agent",
      creditorId: null,
      locale: "fr",
    },
    t.clock.now(),
  );
  second = u.id;
  const agents = (
    await t.request("GET", "/api/agency/calendars", { auth: await t.login("manager@test.example") })
  ).json();
  first = agents.items.find((c: { name: string }) => c.name === "agent").userId;
});
afterAll(async () => t?.close());

const db = () => t.database.db;
const now = () => t.clock.now(); // Monday 23 November 2026, 10:00 in Paris
const TUESDAY_10 = "2026-11-24T09:00:00.000Z";

describe("booking", () => {
  it("books from the portal, holds the case until the slot plus a grace, and the slot is gone", async () => {
    const { caseId } = await makeCase(t, "CAL-1");
    const { token } = await issuePortalLink(db(), caseId, SYSTEM, now());
    const s = await t.request("POST", `/api/portal/${token}/session`, { body: { siren: "732 829 320" } });
    const headers = { "x-portal-session": s.json().sessionToken };
    const slots = await t.request("GET", `/api/portal/${token}/appointment-slots?days=3`, { headers });
    expect(slots.statusCode, slots.body).toBe(200);
    expect(slots.json().timeZone).toBe("Europe/Paris");
    // Lead time: nothing before 11:00 today (10:00 now + one hour).
    expect(slots.json().slots[0].startsAt).toBe("2026-11-23T10:00:00.000Z");
    const res = await t.request("POST", `/api/portal/${token}/appointments`, {
      headers,
      body: { startsAt: TUESDAY_10, channel: "visio", phone: "06 11 22 33 44" },
    });
    expect(res.statusCode, res.body).toBe(201);
    const [row] = await db().select().from(appointments).where(eq(appointments.id, res.json().appointmentId));
    expect(row).toMatchObject({
      bookedBy: "portal",
      channel: "visio",
      status: "booked",
      phone: "+33611223344",
    });
    const [c] = await db().select().from(cases).where(eq(cases.id, caseId));
    expect(c).toMatchObject({ status: "on_hold", holdReason: "appointment" });
    expect(c!.holdUntil!.toISOString()).toBe("2026-11-24T13:15:00.000Z");
    const events = await db().select().from(timelineEvents).where(eq(timelineEvents.caseId, caseId));
    expect(events.map((e) => e.type)).toContain("appointment.booked");
    // Two agents: the slot is still offered once, for the other one.
    const again = await findFreeSlots(db(), now(), 2);
    expect(again.slots.filter((x) => x.startsAt === TUESDAY_10)).toHaveLength(1);
  });

  it("gives the next booking of that slot to the least-loaded agent, then refuses a third", async () => {
    const a = await makeCase(t, "CAL-2");
    const b = await makeCase(t, "CAL-3");
    const at = "2026-11-24T13:00:00.000Z";
    const x = await bookAppointment(db(), a.caseId, { startsAt: at }, SYSTEM, now());
    const y = await bookAppointment(db(), b.caseId, { startsAt: at }, SYSTEM, now());
    expect(new Set([x.agentId, y.agentId])).toEqual(new Set([first, second]));
    const c = await makeCase(t, "CAL-4");
    await expect(bookAppointment(db(), c.caseId, { startsAt: at }, SYSTEM, now())).rejects.toMatchObject({
      code: "conflict",
    });
  });

  it("never double-books when many debtors race for the same slot", async () => {
    const at = "2026-11-25T14:00:00.000Z";
    const made = await Promise.all([5, 6, 7, 8, 9, 10].map((n) => makeCase(t, `CAL-RACE-${n}`)));
    const results = await Promise.allSettled(
      made.map((m) => bookAppointment(db(), m.caseId, { startsAt: at }, SYSTEM, now())),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    expect(won).toHaveLength(2);
    for (const r of results) {
      if (r.status === "rejected") expect((r.reason as AppError).code).toBe("conflict");
    }
    const rows = await db()
      .select()
      .from(appointments)
      .where(eq(appointments.startsAt, new Date(at)));
    expect(
      rows
        .filter((r) => r.status === "booked")
        .map((r) => r.agentId)
        .sort(),
    ).toEqual([first, second].sort());
  });

  it("refuses a slot during an absence, on a holiday, too soon or outside hours", async () => {
    const { caseId } = await makeCase(t, "CAL-11");
    await addAbsence(
      db(),
      first,
      { startsAt: "2026-11-26T08:00:00Z", endsAt: "2026-11-26T17:00:00Z" },
      now(),
    );
    await addAbsence(
      db(),
      second,
      { startsAt: "2026-11-26T08:00:00Z", endsAt: "2026-11-26T17:00:00Z" },
      now(),
    );
    const book = (startsAt: string) => bookAppointment(db(), caseId, { startsAt }, SYSTEM, now());
    await expect(book("2026-11-26T09:00:00Z")).rejects.toMatchObject({ code: "conflict" });
    const christmas = bookAppointment(
      db(),
      caseId,
      { startsAt: "2026-12-25T09:00:00Z" },
      SYSTEM,
      new Date("2026-12-21T09:00:00Z"),
    );
    await expect(christmas).rejects.toMatchObject({ code: "conflict" });
    await expect(book("2027-01-05T09:00:00Z")).rejects.toMatchObject({ code: "validation_failed" }); // beyond 30 days
    await expect(book("2026-11-23T09:30:00Z")).rejects.toMatchObject({ code: "validation_failed" });
    await expect(book("2026-11-24T11:45:00Z")).rejects.toMatchObject({ code: "conflict" }); // 12:45, lunch
  });

  it("reschedules: a case keeps one booked appointment", async () => {
    const { caseId } = await makeCase(t, "CAL-12");
    const one = await bookAppointment(db(), caseId, { startsAt: "2026-11-27T08:00:00Z" }, SYSTEM, now());
    await bookAppointment(db(), caseId, { startsAt: "2026-11-27T08:30:00Z" }, SYSTEM, now());
    const rows = await db().select().from(appointments).where(eq(appointments.caseId, caseId));
    expect(rows.find((r) => r.id === one.appointmentId)!.status).toBe("cancelled");
    expect(rows.filter((r) => r.status === "booked")).toHaveLength(1);
  });

  it("marking an appointment missed lifts the hold; it cannot be marked twice", async () => {
    const { caseId } = await makeCase(t, "CAL-13");
    const manager = await t.login("manager@test.example");
    const b = await t.request("POST", `/api/agency/cases/${caseId}/appointments`, {
      auth: manager,
      body: { startsAt: "2026-11-27T09:00:00Z", agentId: second },
    });
    expect(b.statusCode, b.body).toBe(201);
    expect(b.json().agentId).toBe(second);
    const url = `/api/agency/appointments/${b.json().appointmentId}/outcome`;
    const res = await t.request("POST", url, { auth: manager, body: { status: "missed" } });
    expect(res.statusCode, res.body).toBe(200);
    const [c] = await db().select().from(cases).where(eq(cases.id, caseId));
    expect(c!.holdReason).toBeNull();
    expect((await t.request("POST", url, { auth: manager, body: { status: "done" } })).statusCode).toBe(409);
    const week = await t.request(
      "GET",
      `/api/agency/appointments?agentId=${second}&from=2026-11-23T00:00:00Z&to=2026-11-30T00:00:00Z`,
      { auth: manager },
    );
    const item = week.json().items.find((i: { caseId: string }) => i.caseId === caseId);
    expect(item).toMatchObject({
      status: "missed",
      bookedBy: "agent",
      debtorName: "Boulangerie Martin SARL",
    });
  });

  it("lets an agent set a working week, and refuses an inverted interval naming the field", async () => {
    const agent = await t.login("agent@test.example");
    const bad = await t.request("PUT", `/api/agency/calendars/${first}`, {
      auth: agent,
      body: { week: { 1: [["12:00", "09:00"]] } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues[0].field).toBe("week");
    const other = await t.request("PUT", `/api/agency/calendars/${second}`, {
      auth: agent,
      body: { week: {} },
    });
    expect(other.statusCode).toBe(403);
    const ok = await t.request("PUT", `/api/agency/calendars/${first}`, {
      auth: agent,
      body: { week: { 1: [["14:00", "15:00"]] }, slotMinutes: 30 },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const slots = await findFreeSlots(db(), new Date("2026-11-29T12:00:00Z"), 2);
    // Monday 30 November: agent works 14:00–15:00 in 30-minute slots, the other the default quarter-hours.
    expect(slots.slots.filter((s) => s.startsAt === "2026-11-30T13:00:00.000Z").map((s) => s.endsAt)).toEqual(
      ["2026-11-30T13:15:00.000Z", "2026-11-30T13:30:00.000Z"],
    );
  });
});
