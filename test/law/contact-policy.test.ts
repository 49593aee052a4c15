import { describe, expect, it } from "vitest";
import {
  assertValidPolicy,
  CHANNELS,
  DEFAULT_FR_POLICY,
  mergePolicy,
  parseTimeOfDay,
  US_REG_F_POLICY,
} from "../../src/law/contact-policy";

describe("contact policies", () => {
  it("calls French debtors on weekdays 10-13 h and 14-20 h, four attempts a month at most (FR-28)", () => {
    const call = DEFAULT_FR_POLICY.channels.call;
    expect(call.days).toEqual(["MON", "TUE", "WED", "THU", "FRI"]);
    expect(call.windows).toEqual([
      { from: "10:00", to: "13:00" },
      { from: "14:00", to: "20:00" },
    ]);
    expect(call.skipPublicHolidays).toBe(true);
    expect(call.maxPer30Days).toBe(4);
  });

  it("never sends French SMS or email on Sundays or public holidays", () => {
    for (const channel of ["sms", "email"] as const) {
      expect(DEFAULT_FR_POLICY.channels[channel].days).not.toContain("SUN");
      expect(DEFAULT_FR_POLICY.channels[channel].skipPublicHolidays).toBe(true);
    }
  });

  it("caps every French channel and the total below the three a week the DGCCRF sanctioned (FR-27)", () => {
    for (const channel of CHANNELS) {
      expect(DEFAULT_FR_POLICY.channels[channel].maxPer7Days).toBeLessThan(3);
    }
    expect(DEFAULT_FR_POLICY.total.maxPer7Days).not.toBeNull();
  });

  it("encodes Reg F: 08:00-21:00 every day, 7 calls a week, 7 quiet days after a conversation", () => {
    const call = US_REG_F_POLICY.channels.call;
    expect(call.windows).toEqual([{ from: "08:00", to: "21:00" }]);
    expect(call.days).toHaveLength(7);
    expect(call.maxPer7Days).toBe(7);
    expect(call.quietDaysAfterConversation).toBe(7);
  });

  it("ships valid defaults", () => {
    expect(() => assertValidPolicy(DEFAULT_FR_POLICY)).not.toThrow();
    expect(() => assertValidPolicy(US_REG_F_POLICY)).not.toThrow();
  });

  it("lets an agency replace one field of one channel and keeps the rest", () => {
    const merged = mergePolicy(DEFAULT_FR_POLICY, {
      name: "agency-42",
      channels: { call: { days: ["MON", "TUE", "WED", "THU", "FRI", "SAT"] } },
      total: { maxPer30Days: 8 },
    });
    expect(merged.name).toBe("agency-42");
    expect(merged.channels.call.days).toContain("SAT");
    expect(merged.channels.call.windows).toEqual(DEFAULT_FR_POLICY.channels.call.windows);
    expect(merged.channels.sms).toEqual(DEFAULT_FR_POLICY.channels.sms);
    expect(merged.total).toEqual({ maxPer7Days: 4, maxPer30Days: 8 });
    expect(DEFAULT_FR_POLICY.channels.call.days).not.toContain("SAT");
  });

  it("refuses an override that does not make a usable policy, naming the field", () => {
    expect(() =>
      mergePolicy(DEFAULT_FR_POLICY, { channels: { sms: { windows: [{ from: "20:00", to: "08:00" }] } } }),
    ).toThrow(/channels\.sms\.windows/);
    expect(() => mergePolicy(DEFAULT_FR_POLICY, { channels: { call: { maxPer30Days: -1 } } })).toThrow(
      /channels\.call\.maxPer30Days/,
    );
    expect(() => mergePolicy(DEFAULT_FR_POLICY, { total: { maxPer7Days: 1.5 } })).toThrow(
      /total\.maxPer7Days/,
    );
    expect(() =>
      mergePolicy(DEFAULT_FR_POLICY, { channels: { email: { windows: [{ from: "9h", to: "18:00" }] } } }),
    ).toThrow(/9h/);
  });

  it("reads local times as minutes since midnight, up to 24:00", () => {
    expect(parseTimeOfDay("00:00")).toBe(0);
    expect(parseTimeOfDay("13:30")).toBe(810);
    expect(parseTimeOfDay("24:00")).toBe(1440);
    expect(() => parseTimeOfDay("24:30")).toThrow(RangeError);
  });
});
