import { DateTime, IANAZone } from "luxon";
import { describe, expect, it } from "vitest";
import { ianaZone } from "../../src/law/zones";

// The remembered offsets must equal what Intl says at every instant, transitions included, also for the
// zones whose offsets or transitions are not whole hours.
const ZONES = [
  "Europe/Paris",
  "America/Guadeloupe",
  "Indian/Reunion",
  "Pacific/Noumea",
  "America/New_York",
  "America/St_Johns",
  "Australia/Lord_Howe",
  "Pacific/Chatham",
  "Asia/Kathmandu",
  "Antarctica/Troll",
  "Pacific/Marquesas",
];

describe("remembered time-zone offsets", () => {
  it.each(ZONES)("match Intl in %s through a year, minute by minute around each transition", (name) => {
    const truth = IANAZone.create(name);
    const zone = ianaZone(name);
    const start = Date.parse("2026-02-01T00:00:00Z");
    const end = Date.parse("2027-02-01T00:00:00Z");
    let transitions = 0;
    let previous = truth.offset(start);
    for (let ts = start; ts < end; ts += 3_600_000) {
      // Hourly, twice (the second answer comes from memory).
      expect(zone.offset(ts + 1_234)).toBe(truth.offset(ts + 1_234));
      expect(zone.offset(ts + 1_234)).toBe(truth.offset(ts + 1_234));
      const now = truth.offset(ts);
      if (now !== previous) {
        transitions++;
        for (let m = ts - 2 * 3_600_000; m < ts + 3_600_000; m += 60_000) {
          expect(zone.offset(m)).toBe(truth.offset(m));
          expect(zone.offset(m + 59_999)).toBe(truth.offset(m + 59_999));
        }
      }
      previous = now;
    }
    if (["Europe/Paris", "America/New_York", "Australia/Lord_Howe", "Pacific/Chatham"].includes(name))
      expect(transitions).toBe(2);
  });

  it("gives Luxon the same local times as the plain zone", () => {
    const at = new Date("2026-10-25T00:59:59.999Z");
    const a = DateTime.fromJSDate(at, { zone: ianaZone("Europe/Paris") });
    const b = DateTime.fromJSDate(at, { zone: "Europe/Paris" });
    expect(a.toISO()).toBe(b.toISO());
    expect(a.plus({ days: 1 }).toISO()).toBe(b.plus({ days: 1 }).toISO());
    expect(a.zoneName).toBe("Europe/Paris");
    expect(DateTime.fromJSDate(at, { zone: ianaZone("Mars/Olympus") }).isValid).toBe(false);
  });
});
