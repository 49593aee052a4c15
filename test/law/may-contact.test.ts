import { describe, expect, it } from "vitest";
import { DEFAULT_FR_POLICY, mergePolicy, US_REG_F_POLICY } from "../../src/law/contact-policy";
import { type ContactInput, mayContact } from "../../src/law/may-contact";

const paris = (over: Partial<ContactInput> = {}): ContactInput => ({
  jurisdiction: "FR",
  timeZone: "Europe/Paris",
  region: "metropole",
  channel: "call",
  policy: DEFAULT_FR_POLICY,
  holds: [],
  optOuts: [],
  history: [],
  prescriptionDates: [],
  ...over,
});

const newYork = (over: Partial<ContactInput> = {}): ContactInput =>
  paris({
    jurisdiction: "US",
    timeZone: "America/New_York",
    region: "abroad",
    policy: US_REG_F_POLICY,
    ...over,
  });

const at = (iso: string) => new Date(iso);

describe("mayContact: French windows (FR-28)", () => {
  it("allows a call on a Tuesday at 10:30 in Paris", () => {
    expect(mayContact(paris(), at("2025-06-10T08:30:00Z"))).toEqual({ allowed: true });
  });

  it("refuses a call during the lunch break and reopens it at 14:00", () => {
    expect(mayContact(paris(), at("2025-06-10T11:15:00Z"))).toEqual({
      allowed: false,
      reason: "outside_hours",
      nextAllowedAt: at("2025-06-10T12:00:00Z"),
    });
  });

  it("refuses a call on Whit Monday in Strasbourg", () => {
    const decision = mayContact(paris({ region: "alsace-moselle" }), at("2025-06-09T09:00:00Z"));
    expect(decision).toEqual({
      allowed: false,
      reason: "public_holiday",
      nextAllowedAt: at("2025-06-10T08:00:00Z"),
    });
  });

  it("refuses a call on Good Friday in Metz but not in Lyon", () => {
    const goodFriday = at("2025-04-18T09:00:00Z");
    expect(mayContact(paris({ region: "alsace-moselle" }), goodFriday)).toMatchObject({
      reason: "public_holiday",
    });
    expect(mayContact(paris(), goodFriday)).toEqual({ allowed: true });
  });

  it("refuses an SMS on the abolition-of-slavery day in Guadeloupe, judged on Guadeloupe time", () => {
    // 27 May 2025 10:00 in Pointe-à-Pitre is 14:00 UTC.
    const input = paris({ channel: "sms", timeZone: "America/Guadeloupe", region: "971" });
    expect(mayContact(input, at("2025-05-27T14:00:00Z"))).toEqual({
      allowed: false,
      reason: "public_holiday",
      nextAllowedAt: at("2025-05-28T12:30:00Z"),
    });
  });

  it("reads the hours on the debtor's clock in Nouméa", () => {
    // 09:00 UTC is 20:00 in Nouméa: too late for a call there, although 11:00 in Paris.
    const input = paris({ timeZone: "Pacific/Noumea", region: "988" });
    expect(mayContact(input, at("2025-06-10T09:00:00Z"))).toEqual({
      allowed: false,
      reason: "outside_hours",
      nextAllowedAt: at("2025-06-10T23:00:00Z"),
    });
  });

  it("refuses a Saturday call and sends it to Monday 10:00", () => {
    expect(mayContact(paris(), at("2025-06-14T09:00:00Z"))).toEqual({
      allowed: false,
      reason: "day_not_allowed",
      nextAllowedAt: at("2025-06-16T08:00:00Z"),
    });
  });
});

describe("mayContact across clock changes", () => {
  it("reopens calls at 10:00 local on the Monday after the March change in Paris", () => {
    // Friday 28 March 2025 20:30 CET; Monday 31 March 10:00 CEST is 08:00 UTC, not 09:00.
    expect(mayContact(paris(), at("2025-03-28T19:30:00Z"))).toEqual({
      allowed: false,
      reason: "outside_hours",
      nextAllowedAt: at("2025-03-31T08:00:00Z"),
    });
  });

  it("reopens calls at 10:00 local on the Monday after the October change in Paris", () => {
    // Friday 24 October 2025 20:30 CEST; Monday 27 October 10:00 CET is 09:00 UTC.
    expect(mayContact(paris(), at("2025-10-24T18:30:00Z"))).toEqual({
      allowed: false,
      reason: "outside_hours",
      nextAllowedAt: at("2025-10-27T09:00:00Z"),
    });
  });

  it("opens SMS at 08:30 local on the Monday after the Sunday of the March change", () => {
    const input = paris({ channel: "sms" });
    expect(mayContact(input, at("2025-03-29T19:30:00Z"))).toEqual({
      allowed: false,
      reason: "outside_hours",
      nextAllowedAt: at("2025-03-31T06:30:00Z"),
    });
  });

  it("opens a window that starts inside the missing hour at the end of the gap", () => {
    const policy = mergePolicy(DEFAULT_FR_POLICY, {
      channels: {
        email: { days: ["SUN"], windows: [{ from: "02:30", to: "05:00" }], skipPublicHolidays: false },
      },
    });
    // Sunday 30 March 2025: 02:00 CET jumps to 03:00 CEST (01:00 UTC).
    expect(mayContact(paris({ channel: "email", policy }), at("2025-03-29T23:00:00Z"))).toEqual({
      allowed: false,
      reason: "outside_hours",
      nextAllowedAt: at("2025-03-30T01:00:00Z"),
    });
  });

  it("ends a window on the local clock during the repeated October hour", () => {
    const policy = mergePolicy(DEFAULT_FR_POLICY, {
      channels: {
        email: { days: ["SUN"], windows: [{ from: "01:00", to: "02:30" }], skipPublicHolidays: false },
      },
    });
    const input = paris({ channel: "email", policy });
    // Sunday 26 October 2025: 02:15 CEST (00:15 UTC), then 02:15 CET again (01:15 UTC), then 02:45 CET.
    expect(mayContact(input, at("2025-10-26T00:15:00Z"))).toEqual({ allowed: true });
    expect(mayContact(input, at("2025-10-26T01:15:00Z"))).toEqual({ allowed: true });
    expect(mayContact(input, at("2025-10-26T01:45:00Z"))).toMatchObject({
      allowed: false,
      reason: "outside_hours",
    });
  });

  it("reopens a window the moment the clock goes back into it, without waiting a day", () => {
    const policy = mergePolicy(DEFAULT_FR_POLICY, {
      channels: {
        email: { days: ["SUN"], windows: [{ from: "01:30", to: "02:30" }], skipPublicHolidays: false },
      },
    });
    const input = paris({ channel: "email", policy });
    // Sunday 26 October 2025: 02:45 CEST (00:45 UTC) is outside; at 01:00 UTC the clock reads 02:00 CET.
    expect(mayContact(input, at("2025-10-26T00:45:00Z"))).toEqual({
      allowed: false,
      reason: "outside_hours",
      nextAllowedAt: at("2025-10-26T01:00:00Z"),
    });
  });

  it("opens a window again at the second reading of its start in the repeated hour", () => {
    const policy = mergePolicy(DEFAULT_FR_POLICY, {
      channels: {
        email: { days: ["SUN"], windows: [{ from: "02:15", to: "02:30" }], skipPublicHolidays: false },
      },
    });
    const input = paris({ channel: "email", policy });
    // 02:40 CEST (00:40 UTC) is past the first reading; 02:15 CET is 01:15 UTC.
    expect(mayContact(input, at("2025-10-26T00:40:00Z"))).toEqual({
      allowed: false,
      reason: "outside_hours",
      nextAllowedAt: at("2025-10-26T01:15:00Z"),
    });
    // 01:50 CEST (23:50 UTC the day before) waits only for the first reading, 00:15 UTC.
    expect(mayContact(input, at("2025-10-25T23:50:00Z"))).toEqual({
      allowed: false,
      reason: "outside_hours",
      nextAllowedAt: at("2025-10-26T00:15:00Z"),
    });
  });

  it("reopens US calls at 08:00 local the morning the clocks spring forward in New York", () => {
    // Saturday 8 March 2025 21:30 EST; Sunday 9 March 08:00 EDT is 12:00 UTC.
    expect(mayContact(newYork(), at("2025-03-09T02:30:00Z"))).toEqual({
      allowed: false,
      reason: "outside_hours",
      nextAllowedAt: at("2025-03-09T12:00:00Z"),
    });
  });

  it("reopens US calls at 08:00 local the morning the clocks fall back in Los Angeles", () => {
    // Saturday 1 November 2025 21:30 PDT; Sunday 2 November 08:00 PST is 16:00 UTC.
    const input = newYork({ timeZone: "America/Los_Angeles" });
    expect(mayContact(input, at("2025-11-02T04:30:00Z"))).toEqual({
      allowed: false,
      reason: "outside_hours",
      nextAllowedAt: at("2025-11-02T16:00:00Z"),
    });
  });
});

describe("mayContact: caps", () => {
  const call = (iso: string, kind: "attempt" | "conversation" = "attempt") =>
    ({ channel: "call", at: at(iso), kind }) as const;

  it("stops at four call attempts in 30 days and reopens when the oldest is 30 days old", () => {
    const history = [
      call("2025-06-02T08:00:00Z"),
      call("2025-06-10T08:00:00Z"),
      call("2025-06-18T08:00:00Z"),
      call("2025-06-25T08:00:00Z"),
    ];
    expect(mayContact(paris({ history }), at("2025-06-30T08:00:00Z"))).toEqual({
      allowed: false,
      reason: "channel_cap_30d",
      nextAllowedAt: at("2025-07-02T08:00:00Z"),
    });
  });

  it("stops at two calls in a rolling week", () => {
    const history = [call("2025-06-10T08:00:00Z"), call("2025-06-11T08:00:00Z")];
    expect(mayContact(paris({ history }), at("2025-06-12T08:00:00Z"))).toEqual({
      allowed: false,
      reason: "channel_cap_7d",
      nextAllowedAt: at("2025-06-17T08:00:00Z"),
    });
  });

  it("counts every channel towards the total cap", () => {
    const history = [
      { channel: "email", at: at("2025-06-09T07:00:00Z"), kind: "attempt" },
      { channel: "sms", at: at("2025-06-09T07:00:00Z"), kind: "attempt" },
      { channel: "letter", at: at("2025-06-10T07:00:00Z"), kind: "attempt" },
      call("2025-06-11T08:00:00Z"),
    ] as const;
    expect(mayContact(paris({ history }), at("2025-06-12T08:00:00Z"))).toEqual({
      allowed: false,
      reason: "total_cap_7d",
      nextAllowedAt: at("2025-06-16T08:00:00Z"),
    });
  });

  it("keeps a French debtor free of calls for two days after a conversation", () => {
    const history = [call("2025-06-10T09:00:00Z", "conversation")];
    expect(mayContact(paris({ history }), at("2025-06-11T09:00:00Z"))).toEqual({
      allowed: false,
      reason: "after_conversation",
      nextAllowedAt: at("2025-06-12T09:00:00Z"),
    });
  });

  it("stops US calls for seven days after a conversation about the debt (US-01)", () => {
    const history = [call("2025-06-10T15:00:00Z", "conversation")];
    expect(mayContact(newYork({ history }), at("2025-06-12T15:00:00Z"))).toEqual({
      allowed: false,
      reason: "after_conversation",
      nextAllowedAt: at("2025-06-17T15:00:00Z"),
    });
  });

  it("refuses an eighth US call in seven days even when the agency's policy allows more (US-01)", () => {
    const policy = mergePolicy(US_REG_F_POLICY, { channels: { call: { maxPer7Days: 20 } } });
    const history = Array.from({ length: 7 }, (_, i) => call(`2025-06-1${i}T14:00:00Z`));
    expect(mayContact(newYork({ policy, history }), at("2025-06-16T20:00:00Z"))).toEqual({
      allowed: false,
      reason: "channel_cap_7d",
      nextAllowedAt: at("2025-06-17T14:00:00Z"),
    });
  });

  it("keeps US-02 hours even when the agency's policy widens them", () => {
    const policy = mergePolicy(US_REG_F_POLICY, {
      channels: { sms: { windows: [{ from: "06:00", to: "23:00" }] } },
    });
    expect(mayContact(newYork({ channel: "sms", policy }), at("2025-06-10T11:00:00Z"))).toEqual({
      allowed: false,
      reason: "outside_hours",
      nextAllowedAt: at("2025-06-10T12:00:00Z"),
    });
  });

  it("requires the hours to suit every zone the debtor may be in (US-02)", () => {
    const input = newYork({ alsoTimeZones: ["America/Los_Angeles"] });
    // 13:30 UTC is 09:30 in New York but 06:30 in Los Angeles.
    expect(mayContact(input, at("2025-06-10T13:30:00Z"))).toEqual({
      allowed: false,
      reason: "outside_hours",
      nextAllowedAt: at("2025-06-10T15:00:00Z"),
    });
  });
});

describe("mayContact: holds and bars", () => {
  const now = at("2025-06-10T08:30:00Z");

  it("stops calling once the debtor disputes, until a person lifts the dispute", () => {
    const holds = [{ reason: "dispute", until: at("2025-06-12T00:00:00Z") }] as const;
    expect(mayContact(paris({ holds }), now)).toEqual({ allowed: false, reason: "disputed" });
  });

  it("honours a per-channel opt-out but still allows other channels", () => {
    expect(mayContact(paris({ optOuts: ["call"] }), now)).toEqual({ allowed: false, reason: "opted_out" });
    expect(mayContact(paris({ optOuts: ["call"], channel: "email" }), now)).toEqual({ allowed: true });
    const holds = [{ reason: "opt_out", channel: "sms" }] as const;
    expect(mayContact(paris({ holds, channel: "sms" }), now)).toEqual({
      allowed: false,
      reason: "opted_out",
    });
    expect(mayContact(paris({ holds }), now)).toEqual({ allowed: true });
  });

  it("waits for a promise date, then for the next window", () => {
    const holds = [{ reason: "promise", until: at("2025-06-13T17:00:00Z") }] as const;
    // Friday 13 June 19:00 in Paris is inside the afternoon window.
    expect(mayContact(paris({ holds }), now)).toEqual({
      allowed: false,
      reason: "on_hold",
      hold: "promise",
      nextAllowedAt: at("2025-06-13T17:00:00Z"),
    });
    const late = [{ reason: "promise", until: at("2025-06-13T19:00:00Z") }] as const;
    expect(mayContact(paris({ holds: late }), now)).toMatchObject({
      nextAllowedAt: at("2025-06-16T08:00:00Z"),
    });
  });

  it("leaves an open-ended payment plan hold to a person", () => {
    expect(mayContact(paris({ holds: [{ reason: "plan" }] }), now)).toEqual({
      allowed: false,
      reason: "on_hold",
      hold: "plan",
    });
  });

  it("ignores a hold whose date has passed", () => {
    const holds = [{ reason: "appointment", until: at("2025-06-09T00:00:00Z") }] as const;
    expect(mayContact(paris({ holds }), now)).toEqual({ allowed: true });
  });

  it("refuses any demand on a prescribed claim", () => {
    expect(mayContact(paris({ prescriptionDates: ["2025-06-10"] }), now)).toEqual({
      allowed: false,
      reason: "prescribed",
    });
    expect(mayContact(paris({ prescriptionDates: ["2025-06-11"] }), now)).toEqual({ allowed: true });
  });

  it("gives no next date when the claim will be prescribed before the next window", () => {
    // Saturday: the next call window is Monday, the claim is prescribed from Sunday.
    const saturday = at("2025-06-14T09:00:00Z");
    expect(mayContact(paris({ prescriptionDates: ["2025-06-15"] }), saturday)).toEqual({
      allowed: false,
      reason: "day_not_allowed",
    });
  });

  it("refuses a channel the agency switched off", () => {
    const policy = mergePolicy(DEFAULT_FR_POLICY, { channels: { sms: { enabled: false } } });
    expect(mayContact(paris({ policy, channel: "sms" }), now)).toEqual({
      allowed: false,
      reason: "channel_disabled",
    });
  });
});
