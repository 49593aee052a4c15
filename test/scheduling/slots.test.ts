import { describe, expect, it } from "vitest";
import {
  type AgentAgenda,
  DEFAULT_WEEK,
  freeSlots,
  leastLoaded,
  weekProblem,
  workingSlots,
} from "../../src/scheduling/slots";

const PARIS = "Europe/Paris";
const agent = (id: string, over: Partial<AgentAgenda> = {}): AgentAgenda => ({
  agentId: id,
  week: DEFAULT_WEEK,
  slotMinutes: 15,
  busy: [],
  ...over,
});
const iso = (d: Date) => d.toISOString();

describe("working slots", () => {
  it("gives 32 quarter-hour slots on a default weekday, none over lunch", () => {
    const slots = workingSlots(agent("a"), "2026-11-24", PARIS, "metropole");
    expect(slots).toHaveLength(14 + 18);
    expect(iso(slots[0]!.start)).toBe("2026-11-24T08:00:00.000Z");
    expect(iso(slots[13]!.end)).toBe("2026-11-24T11:30:00.000Z");
    expect(iso(slots[14]!.start)).toBe("2026-11-24T12:30:00.000Z");
    expect(iso(slots.at(-1)!.end)).toBe("2026-11-24T17:00:00.000Z");
  });

  it("keeps 09:00 local across the spring DST change (UTC moves by an hour)", () => {
    const friday = workingSlots(agent("a"), "2026-03-27", PARIS, "metropole");
    const monday = workingSlots(agent("a"), "2026-03-30", PARIS, "metropole");
    expect(iso(friday[0]!.start)).toBe("2026-03-27T08:00:00.000Z");
    expect(iso(monday[0]!.start)).toBe("2026-03-30T07:00:00.000Z");
  });

  it("skips the hour that does not exist on the DST night and never overlaps", () => {
    const night = agent("a", { week: { "7": [["01:30", "03:30"]] } });
    const slots = workingSlots(night, "2026-03-29", PARIS, "metropole");
    expect(slots.map((s) => iso(s.start))).toEqual([
      "2026-03-29T00:30:00.000Z",
      "2026-03-29T00:45:00.000Z",
      "2026-03-29T01:00:00.000Z",
      "2026-03-29T01:15:00.000Z",
    ]);
    for (const s of slots) expect(s.end.getTime() - s.start.getTime()).toBe(15 * 60_000);
  });

  it("gives distinct slots on the autumn DST night", () => {
    const night = agent("a", { week: { "7": [["01:30", "03:30"]] } });
    const slots = workingSlots(night, "2026-10-25", PARIS, "metropole");
    const starts = slots.map((s) => s.start.getTime());
    expect(new Set(starts).size).toBe(starts.length);
    for (let i = 1; i < slots.length; i++) expect(slots[i]!.start >= slots[i - 1]!.end).toBe(true);
  });

  it("skips the hour that does not exist where DST starts at midnight", () => {
    // Chile: on 2026-09-06 the clocks go from 00:00 straight to 01:00.
    const night = agent("a", { week: { "7": [["00:00", "01:30"]] } });
    const slots = workingSlots(night, "2026-09-06", "America/Santiago", "metropole");
    expect(slots.map((s) => iso(s.start))).toEqual(["2026-09-06T04:00:00.000Z", "2026-09-06T04:15:00.000Z"]);
  });

  it("offers nothing on a public holiday, and Alsace-Moselle also rests on Good Friday", () => {
    expect(workingSlots(agent("a"), "2026-11-11", PARIS, "metropole")).toEqual([]);
    expect(workingSlots(agent("a"), "2026-04-03", PARIS, "metropole").length).toBe(32);
    expect(workingSlots(agent("a"), "2026-04-03", PARIS, "alsace-moselle")).toEqual([]);
  });

  it("refuses a week whose intervals end before they start or overlap", () => {
    expect(weekProblem(DEFAULT_WEEK)).toBeNull();
    expect(weekProblem({ "1": [["10:00", "09:00"]] })).toMatch(/ends before/);
    expect(
      weekProblem({
        "2": [
          ["09:00", "12:00"],
          ["11:00", "13:00"],
        ],
      }),
    ).toMatch(/overlaps/);
  });
});

describe("free slots", () => {
  const now = new Date("2026-11-23T07:00:00Z"); // Monday 08:00 in Paris

  it("lists each start once with every agent free then, after the lead time", () => {
    const slots = freeSlots([agent("a"), agent("b")], {
      now,
      days: 1,
      timeZone: PARIS,
      region: "metropole",
      leadMinutes: 90,
    });
    expect(iso(slots[0]!.start)).toBe("2026-11-23T08:30:00.000Z");
    expect(slots[0]!.agentIds).toEqual(["a", "b"]);
  });

  it("leaves out an agent's absence and booked appointments", () => {
    const busyA = agent("a", {
      busy: [
        { start: new Date("2026-11-24T08:00:00Z"), end: new Date("2026-11-24T12:00:00Z") },
        { start: new Date("2026-11-25T08:00:00Z"), end: new Date("2026-11-25T08:15:00Z") },
      ],
    });
    const slots = freeSlots([busyA, agent("b", { week: {} })], {
      now,
      days: 3,
      timeZone: PARIS,
      region: "metropole",
    });
    const tuesday = slots.filter((s) => iso(s.start).startsWith("2026-11-24"));
    expect(iso(tuesday[0]!.start)).toBe("2026-11-24T12:30:00.000Z");
    const wednesday = slots.filter((s) => iso(s.start).startsWith("2026-11-25"));
    expect(iso(wednesday[0]!.start)).toBe("2026-11-25T08:15:00.000Z");
  });

  it("skips the weekend and the 11th of November", () => {
    const slots = freeSlots([agent("a")], {
      now: new Date("2026-11-06T18:00:00Z"),
      days: 6,
      timeZone: PARIS,
      region: "metropole",
    });
    const days = [...new Set(slots.map((s) => iso(s.start).slice(0, 10)))];
    expect(days).toEqual(["2026-11-09", "2026-11-10"]);
  });
});

describe("least-loaded agent", () => {
  it("prefers the fewest that day, then over the period, then a stable order", () => {
    const load = new Map([
      ["a", { day: 2, total: 3 }],
      ["b", { day: 1, total: 9 }],
      ["c", { day: 1, total: 4 }],
    ]);
    expect(leastLoaded(["a", "b", "c", "d"], load)).toEqual(["d", "c", "b", "a"]);
  });
});
