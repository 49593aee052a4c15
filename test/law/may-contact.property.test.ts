import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import {
  CHANNELS,
  type Channel,
  type ChannelRule,
  type ContactPolicy,
  parseTimeOfDay,
  type TimeWindow,
  WEEKDAYS,
  type Weekday,
} from "../../src/law/contact-policy";
import { isPublicHoliday } from "../../src/law/fr/holidays";
import {
  type ContactInput,
  HOLD_REASONS,
  type Hold,
  type HoldReason,
  mayContact,
} from "../../src/law/may-contact";
import { LAW_REGIONS } from "../../src/law/region";

// An oracle written from the rules, not from the implementation: whatever mayContact allows must
// break none of them, and whatever date it proposes must be allowed.

const ZONES = [
  "Europe/Paris",
  "America/Guadeloupe",
  "Indian/Reunion",
  "Pacific/Noumea",
  "America/New_York",
  "America/Los_Angeles",
];
const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1);
const END = Date.UTC(2027, 11, 31);

const windowArb = fc
  .tuple(fc.integer({ min: 0, max: 95 }), fc.integer({ min: 1, max: 96 }))
  .filter(([a, b]) => a < b)
  .map(([a, b]) => ({ from: hhmm(a * 15), to: hhmm(b * 15) }));

/** Mostly usable values, sometimes an empty one: a generator of dead policies proves nothing. */
const mostly = <T>(usual: fc.Arbitrary<T>, rare: fc.Arbitrary<T>, weight = 6): fc.Arbitrary<T> =>
  fc.oneof({ arbitrary: usual, weight }, { arbitrary: rare, weight: 1 });

const capArb = mostly(fc.option(fc.integer({ min: 1, max: 6 }), { nil: null }), fc.constant(0), 20);

const ruleArb: fc.Arbitrary<ChannelRule> = fc.record({
  enabled: mostly<boolean>(fc.constant(true), fc.constant(false), 20),
  days: mostly<Weekday[]>(fc.subarray([...WEEKDAYS], { minLength: 1 }), fc.constant([]), 20),
  windows: mostly<TimeWindow[]>(fc.array(windowArb, { minLength: 1, maxLength: 3 }), fc.constant([]), 20),
  skipPublicHolidays: fc.boolean(),
  maxPer7Days: capArb,
  maxPer30Days: capArb,
  quietDaysAfterConversation: fc.integer({ min: 0, max: 7 }),
});

const policyArb: fc.Arbitrary<ContactPolicy> = fc.record({
  name: fc.constant("random"),
  jurisdiction: fc.constantFrom("FR" as const, "US" as const),
  channels: fc.record(
    Object.fromEntries(CHANNELS.map((c) => [c, ruleArb])) as Record<Channel, typeof ruleArb>,
  ),
  total: fc.record({ maxPer7Days: capArb, maxPer30Days: capArb }),
});

interface HoldSpec {
  reason: HoldReason;
  until: number | undefined;
  channel: Channel | undefined;
}

const inputArb = fc
  .record({
    now: fc.integer({ min: START, max: END }),
    policy: policyArb,
    timeZone: fc.constantFrom(...ZONES),
    alsoTimeZones: mostly(fc.constant<string[]>([]), fc.subarray(ZONES, { maxLength: 1 })),
    region: fc.constantFrom(...LAW_REGIONS),
    channel: fc.constantFrom(...CHANNELS),
    optOuts: mostly(fc.constant<Channel[]>([]), fc.subarray([...CHANNELS], { maxLength: 1 })),
    history: fc.array(
      fc.record({
        channel: fc.constantFrom(...CHANNELS),
        ago: fc.integer({ min: 0, max: 40 * DAY }),
        kind: fc.constantFrom("attempt" as const, "conversation" as const),
      }),
      { maxLength: 12 },
    ),
    holds: mostly<HoldSpec[]>(
      fc.constant([]),
      fc.array(
        fc.record({
          reason: fc.constantFrom(...HOLD_REASONS),
          until: fc.option(fc.integer({ min: -20 * DAY, max: 20 * DAY }), { nil: undefined }),
          channel: fc.option(fc.constantFrom(...CHANNELS), { nil: undefined }),
        }),
        { maxLength: 2 },
      ),
    ),
    prescriptionOffsets: mostly<number[]>(
      fc.constant([]),
      fc.array(fc.integer({ min: -30, max: 400 }), { maxLength: 2 }),
    ),
  })
  .map((r) => {
    const now = new Date(r.now);
    const input: ContactInput = {
      jurisdiction: r.policy.jurisdiction,
      timeZone: r.timeZone,
      alsoTimeZones: r.alsoTimeZones,
      region: r.region,
      channel: r.channel,
      policy: r.policy,
      optOuts: r.optOuts,
      history: r.history.map((h) => ({ channel: h.channel, kind: h.kind, at: new Date(r.now - h.ago) })),
      holds: r.holds.map(
        (h): Hold => ({
          reason: h.reason,
          ...(h.until === undefined ? {} : { until: new Date(r.now + h.until) }),
          ...(h.channel === undefined ? {} : { channel: h.channel }),
        }),
      ),
      prescriptionDates: r.prescriptionOffsets.map(
        (days) => DateTime.fromJSDate(now, { zone: r.timeZone }).plus({ days }).toISODate()!,
      ),
    };
    return { input, now };
  });

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

const US_HOURS: ChannelRule = {
  enabled: true,
  days: [...WEEKDAYS],
  windows: [{ from: "08:00", to: "21:00" }],
  skipPublicHolidays: false,
  maxPer7Days: null,
  maxPer30Days: null,
  quietDaysAfterConversation: 0,
};

function rulesFor(input: ContactInput): ChannelRule[] {
  const rules = [input.policy.channels[input.channel]];
  if (input.jurisdiction === "US" && input.channel === "call") {
    rules.push({ ...US_HOURS, maxPer7Days: 7, quietDaysAfterConversation: 7 });
  }
  if (input.jurisdiction === "US" && (input.channel === "sms" || input.channel === "email"))
    rules.push(US_HOURS);
  return rules;
}

/** The rules a contact at `t` would break; empty when it is lawful. */
function violations(input: ContactInput, t: Date): string[] {
  const found: string[] = [];
  const rules = rulesFor(input);
  if (rules.some((r) => !r.enabled)) found.push("disabled");
  if (input.optOuts.includes(input.channel)) found.push("opt-out");
  for (const hold of input.holds) {
    const active = hold.until == null || hold.until.getTime() > t.getTime();
    if (["dispute", "insolvency", "prescribed"].includes(hold.reason)) found.push(`hold ${hold.reason}`);
    else if (hold.reason === "opt_out") {
      if (active && (hold.channel === undefined || hold.channel === input.channel))
        found.push("opt-out hold");
    } else if (active) found.push(`hold ${hold.reason}`);
  }
  const today = DateTime.fromJSDate(t, { zone: input.timeZone }).toISODate()!;
  if (input.prescriptionDates.some((d) => d <= today)) found.push("prescribed");
  for (const rule of rules) {
    for (const zone of [input.timeZone, ...(input.alsoTimeZones ?? [])]) {
      const local = DateTime.fromJSDate(t, { zone });
      const minute = local.hour * 60 + local.minute;
      if (!rule.days.includes(WEEKDAYS[local.weekday - 1]!)) found.push(`day in ${zone}`);
      if (rule.skipPublicHolidays && isPublicHoliday(local.toISODate()!, input.region)) found.push("holiday");
      const inside = rule.windows.some(
        (w) => parseTimeOfDay(w.from) <= minute && minute < parseTimeOfDay(w.to),
      );
      if (!inside) found.push(`hours in ${zone}`);
    }
    const same = input.history.filter((h) => h.channel === input.channel);
    const within = (list: typeof same, days: number) =>
      list.filter((h) => t.getTime() - h.at.getTime() < days * DAY);
    if (rule.maxPer7Days !== null && within(same, 7).length >= rule.maxPer7Days) found.push("cap 7");
    if (rule.maxPer30Days !== null && within(same, 30).length >= rule.maxPer30Days) found.push("cap 30");
    const talks = same.filter((h) => h.kind === "conversation");
    if (rule.quietDaysAfterConversation > 0 && within(talks, rule.quietDaysAfterConversation).length > 0) {
      found.push("quiet");
    }
  }
  const { total } = input.policy;
  const all = (days: number) => input.history.filter((h) => t.getTime() - h.at.getTime() < days * DAY).length;
  if (total.maxPer7Days !== null && all(7) >= total.maxPer7Days) found.push("total 7");
  if (total.maxPer30Days !== null && all(30) >= total.maxPer30Days) found.push("total 30");
  return found;
}

describe("mayContact properties", () => {
  it("never allows a contact outside a window, over a cap, on hold or on a prescribed claim", () => {
    fc.assert(
      fc.property(inputArb, ({ input, now }) => {
        const decision = mayContact(input, now);
        if (decision.allowed) expect(violations(input, now)).toEqual([]);
      }),
      { numRuns: 600 },
    );
  });

  it("allows every contact that breaks no rule", () => {
    fc.assert(
      fc.property(inputArb, ({ input, now }) => {
        if (violations(input, now).length === 0) expect(mayContact(input, now)).toEqual({ allowed: true });
      }),
      { numRuns: 600 },
    );
  });

  it("proposes a next date that is itself allowed, and nothing earlier is", () => {
    fc.assert(
      fc.property(
        inputArb,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 8 }),
        (case_, fractions) => {
          const { input, now } = case_;
          const decision = mayContact(input, now);
          if (decision.allowed || !decision.nextAllowedAt) return;
          const next = decision.nextAllowedAt;
          expect(next.getTime()).toBeGreaterThan(now.getTime());
          expect(mayContact(input, next)).toEqual({ allowed: true });
          expect(violations(input, next)).toEqual([]);
          const probes = [
            next.getTime() - 1,
            ...fractions.map((f) => now.getTime() + f * (next.getTime() - now.getTime())),
          ];
          for (const probe of probes) {
            if (probe >= now.getTime() && probe < next.getTime()) {
              expect(violations(input, new Date(Math.floor(probe)))).not.toEqual([]);
            }
          }
        },
      ),
      { numRuns: 600 },
    );
  });

  it("gives no next date for what only a person can lift", () => {
    fc.assert(
      fc.property(inputArb, ({ input, now }) => {
        const decision = mayContact(input, now);
        if (decision.allowed) return;
        if (
          ["disputed", "opted_out", "insolvency", "prescribed", "channel_disabled"].includes(decision.reason)
        ) {
          expect(decision.nextAllowedAt).toBeUndefined();
        }
      }),
      { numRuns: 300 },
    );
  });
});
