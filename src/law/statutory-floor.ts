import type { Channel, ChannelRule, Jurisdiction } from "./contact-policy";

// Limits that come from a statute rather than from the agency's choices: mayContact applies them on
// top of whatever policy is configured, so no override can relax them. French calling hours and
// caps (FR-28) are a benchmark, not a statute, and stay in the policy.

const EVERY_DAY: ChannelRule["days"] = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"];

// US-02 (12 CFR 1006.6(b)(1)(i)): before 8 a.m. or after 9 p.m. local time is inconvenient, for
// calls, texts and emails.
const US_HOURS: ChannelRule = {
  enabled: true,
  days: EVERY_DAY,
  windows: [{ from: "08:00", to: "21:00" }],
  skipPublicHolidays: false,
  maxPer7Days: null,
  maxPer30Days: null,
  quietDaysAfterConversation: 0,
};

// US-01 (12 CFR 1006.14(b)(2)): more than 7 calls in 7 days, or a call within 7 days after a
// telephone conversation, about one debt is presumed harassment.
const US_CALLS: ChannelRule = { ...US_HOURS, maxPer7Days: 7, quietDaysAfterConversation: 7 };

export function statutoryRules(jurisdiction: Jurisdiction, channel: Channel): readonly ChannelRule[] {
  switch (jurisdiction) {
    case "FR":
      return [];
    case "US":
      if (channel === "call") return [US_CALLS];
      if (channel === "sms" || channel === "email") return [US_HOURS];
      return [];
  }
}
