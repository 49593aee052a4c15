// The agency's contact rules as plain data: which days and hours each channel may be used in the
// debtor's local time, and how often. Defaults are conservative; every figure is explained in
// docs/compliance.md. Agencies tighten or adapt them with mergePolicy; the statutory US limits
// (US-01, US-02) are enforced by mayContact whatever a policy says.

export const CHANNELS = ["call", "sms", "email", "letter", "registered_letter"] as const;
export type Channel = (typeof CHANNELS)[number];

export const WEEKDAYS = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export type Jurisdiction = "FR" | "US";

/** A local wall-clock range, `from` included and `to` excluded; "HH:MM", `to` may be "24:00". */
export interface TimeWindow {
  readonly from: string;
  readonly to: string;
}

export interface ChannelRule {
  readonly enabled: boolean;
  readonly days: readonly Weekday[];
  readonly windows: readonly TimeWindow[];
  readonly skipPublicHolidays: boolean;
  /** Contacts on this channel (attempts and conversations alike) in any rolling 7 × 24 h; null: no cap. */
  readonly maxPer7Days: number | null;
  readonly maxPer30Days: number | null;
  /** Days of silence on this channel after a conversation held on it; 0: none. */
  readonly quietDaysAfterConversation: number;
}

export interface TotalCap {
  readonly maxPer7Days: number | null;
  readonly maxPer30Days: number | null;
}

export interface ContactPolicy {
  readonly name: string;
  readonly jurisdiction: Jurisdiction;
  readonly channels: Readonly<Record<Channel, ChannelRule>>;
  /** Every channel together. */
  readonly total: TotalCap;
}

const WORKWEEK: readonly Weekday[] = ["MON", "TUE", "WED", "THU", "FRI"];
const WORKWEEK_AND_SATURDAY: readonly Weekday[] = [...WORKWEEK, "SAT"];

export const DEFAULT_FR_POLICY: ContactPolicy = {
  name: "fr-default",
  jurisdiction: "FR",
  channels: {
    // FR-28 (C. conso D223-9 as benchmark): weekdays 10-13 h and 14-20 h, no public holidays,
    // at most 4 attempts in 30 days. Two a week keeps far below the "3 a week" the DGCCRF
    // sanctioned (FR-27); two quiet days after a conversation avoid repeated solicitation right
    // after the debtor has been heard (C. conso L121-7 3°).
    call: {
      enabled: true,
      days: WORKWEEK,
      windows: [
        { from: "10:00", to: "13:00" },
        { from: "14:00", to: "20:00" },
      ],
      skipPublicHolidays: true,
      maxPer7Days: 2,
      maxPer30Days: 4,
      quietDaysAfterConversation: 2,
    },
    // An SMS rings the phone like a call, but is read when the debtor chooses: Monday to Saturday,
    // daytime only, never Sundays or holidays (L121-7 3°, FR-27).
    sms: {
      enabled: true,
      days: WORKWEEK_AND_SATURDAY,
      windows: [{ from: "08:30", to: "20:00" }],
      skipPublicHolidays: true,
      maxPer7Days: 2,
      maxPer30Days: 4,
      quietDaysAfterConversation: 0,
    },
    // Email may notify a phone too: same days as SMS, slightly wider hours, a few more per month
    // because receipts and plan schedules also travel by email.
    email: {
      enabled: true,
      days: WORKWEEK_AND_SATURDAY,
      windows: [{ from: "08:00", to: "20:00" }],
      skipPublicHolidays: true,
      maxPer7Days: 2,
      maxPer30Days: 6,
      quietDaysAfterConversation: 0,
    },
    // Letters are posted on business days; one a week at most, as the DGCCRF sanctioned letters
    // repeated up to three times a week (FR-27).
    letter: {
      enabled: true,
      days: WORKWEEK,
      windows: [{ from: "08:00", to: "18:00" }],
      skipPublicHolidays: true,
      maxPer7Days: 1,
      maxPer30Days: 3,
      quietDaysAfterConversation: 0,
    },
    // A registered letter is a formal notice (C. civ. 1344): one is enough, a second a month later
    // at most.
    registered_letter: {
      enabled: true,
      days: WORKWEEK,
      windows: [{ from: "08:00", to: "18:00" }],
      skipPublicHolidays: true,
      maxPer7Days: 1,
      maxPer30Days: 2,
      quietDaysAfterConversation: 0,
    },
  },
  // FR-27: the DGCCRF sanctioned contact "up to 3 a week"; four touches a week across all
  // channels allows the written notice by email and SMS plus a call and its retry, no more.
  total: { maxPer7Days: 4, maxPer30Days: 12 },
};

const EVERY_DAY: readonly Weekday[] = WEEKDAYS;
const US_HOURS: readonly TimeWindow[] = [{ from: "08:00", to: "21:00" }];

export const US_REG_F_POLICY: ContactPolicy = {
  name: "us-reg-f",
  jurisdiction: "US",
  channels: {
    // US-01: more than 7 calls in 7 days, or a call within 7 days after a conversation, is
    // presumed harassment. US-02: 08:00-21:00 at the consumer's location for calls, texts, emails.
    call: {
      enabled: true,
      days: EVERY_DAY,
      windows: US_HOURS,
      skipPublicHolidays: false,
      maxPer7Days: 7,
      maxPer30Days: null,
      quietDaysAfterConversation: 7,
    },
    sms: {
      enabled: true,
      days: EVERY_DAY,
      windows: US_HOURS,
      skipPublicHolidays: false,
      maxPer7Days: null,
      maxPer30Days: null,
      quietDaysAfterConversation: 0,
    },
    email: {
      enabled: true,
      days: EVERY_DAY,
      windows: US_HOURS,
      skipPublicHolidays: false,
      maxPer7Days: null,
      maxPer30Days: null,
      quietDaysAfterConversation: 0,
    },
    // Letters are mailed, not received at the moment they are sent; US-02 hours still bound the
    // dispatch so that no channel escapes the rule.
    letter: {
      enabled: true,
      days: EVERY_DAY,
      windows: US_HOURS,
      skipPublicHolidays: false,
      maxPer7Days: null,
      maxPer30Days: null,
      quietDaysAfterConversation: 0,
    },
    registered_letter: {
      enabled: true,
      days: EVERY_DAY,
      windows: US_HOURS,
      skipPublicHolidays: false,
      maxPer7Days: null,
      maxPer30Days: null,
      quietDaysAfterConversation: 0,
    },
  },
  total: { maxPer7Days: null, maxPer30Days: null },
};

export interface PolicyOverrides {
  name?: string;
  channels?: Partial<Record<Channel, Partial<ChannelRule>>>;
  total?: Partial<TotalCap>;
}

/**
 * An agency's or a case's policy: the base with the given fields replaced (arrays are replaced,
 * not merged). Throws a RangeError naming the field when the result is not a usable policy.
 */
export function mergePolicy(base: ContactPolicy, overrides: PolicyOverrides): ContactPolicy {
  const channels = {} as Record<Channel, ChannelRule>;
  for (const channel of CHANNELS) {
    channels[channel] = { ...base.channels[channel], ...overrides.channels?.[channel] };
  }
  const merged: ContactPolicy = {
    name: overrides.name ?? base.name,
    jurisdiction: base.jurisdiction,
    channels,
    total: { ...base.total, ...overrides.total },
  };
  assertValidPolicy(merged);
  return merged;
}

/** Minutes since local midnight for "HH:MM" ("24:00" is 1440). */
export function parseTimeOfDay(value: string): number {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(value);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
  if (!(minutes <= 1440)) throw new RangeError(`not a time of day (HH:MM): ${value}`);
  return minutes;
}

export function assertValidPolicy(policy: ContactPolicy): void {
  for (const channel of CHANNELS) {
    const rule = policy.channels[channel];
    for (const day of rule.days) {
      if (!(WEEKDAYS as readonly string[]).includes(day)) {
        throw new RangeError(`channels.${channel}.days: unknown day ${day}`);
      }
    }
    for (const window of rule.windows) {
      if (parseTimeOfDay(window.from) >= parseTimeOfDay(window.to)) {
        throw new RangeError(`channels.${channel}.windows: ${window.from} is not before ${window.to}`);
      }
    }
    assertCap(`channels.${channel}.maxPer7Days`, rule.maxPer7Days);
    assertCap(`channels.${channel}.maxPer30Days`, rule.maxPer30Days);
    assertCap(`channels.${channel}.quietDaysAfterConversation`, rule.quietDaysAfterConversation);
  }
  assertCap("total.maxPer7Days", policy.total.maxPer7Days);
  assertCap("total.maxPer30Days", policy.total.maxPer30Days);
}

function assertCap(field: string, value: number | null): void {
  if (value !== null && !(Number.isInteger(value) && value >= 0)) {
    throw new RangeError(`${field}: expected a whole number ≥ 0 or null, got ${value}`);
  }
}
