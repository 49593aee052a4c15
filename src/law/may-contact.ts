import type { Channel, ChannelRule, ContactPolicy, Jurisdiction } from "./contact-policy";
import { checkWindow, type WindowRefusal } from "./contact-window";
import { localDateOf } from "./fr/business-days";
import type { LawRegion } from "./region";
import { statutoryRules } from "./statutory-floor";

// The single question the scheduler, the dispatcher and the voice agent ask before any contact:
// may this debtor be contacted on this channel now, and if not, from when.

export const HOLD_REASONS = [
  "dispute",
  "opt_out",
  "promise",
  "plan",
  "appointment",
  "payment_pending",
  "prescribed",
  "insolvency",
] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

export interface Hold {
  reason: HoldReason;
  /** When the hold lapses by itself; absent or null: only a person can lift it. */
  until?: Date | null;
  /** For an opt_out: the channel it covers; absent: every channel. */
  channel?: Channel;
}

export interface PastContact {
  channel: Channel;
  at: Date;
  kind: "attempt" | "conversation";
}

export interface ContactInput {
  jurisdiction: Jurisdiction;
  timeZone: string;
  region: LawRegion;
  /** Other zones the debtor may be in: every one of them must be within hours too (US-02). */
  alsoTimeZones?: readonly string[];
  channel: Channel;
  policy: ContactPolicy;
  holds: readonly Hold[];
  optOuts: readonly Channel[];
  /** Past contacts about this debt, on every channel. */
  history: readonly PastContact[];
  /** First local date (YYYY-MM-DD) on which each claim to be demanded is prescribed. */
  prescriptionDates: readonly string[];
}

export const REFUSAL_REASONS = [
  "channel_disabled",
  "opted_out",
  "disputed",
  "insolvency",
  "prescribed",
  "on_hold",
  "day_not_allowed",
  "public_holiday",
  "outside_hours",
  "channel_cap_7d",
  "channel_cap_30d",
  "total_cap_7d",
  "total_cap_30d",
  "after_conversation",
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export type ContactDecision =
  | { allowed: true }
  | { allowed: false; reason: RefusalReason; hold?: HoldReason; nextAllowedAt?: Date };

interface Block {
  reason: RefusalReason;
  hold?: HoldReason;
  /** The earliest instant worth checking again; null when only a person can lift the block. */
  next: Date | null;
}

const DAY_MS = 86_400_000;
const MAX_STEPS = 5_000;
const HORIZON_MS = 2 * 366 * DAY_MS;

export function mayContact(input: ContactInput, now: Date): ContactDecision {
  const rules = [input.policy.channels[input.channel], ...statutoryRules(input.jurisdiction, input.channel)];
  const first = blockAt(input, rules, now);
  if (first === null) return { allowed: true };
  const refusal = {
    allowed: false as const,
    reason: first.reason,
    ...(first.hold ? { hold: first.hold } : {}),
  };
  let block: Block | null = first;
  let at = now;
  for (let step = 0; block !== null; step++) {
    if (block.next === null || step >= MAX_STEPS) return refusal;
    if (block.next.getTime() <= at.getTime()) throw new Error("contact search made no progress");
    at = block.next;
    if (at.getTime() - now.getTime() > HORIZON_MS) return refusal;
    block = blockAt(input, rules, at);
  }
  return { ...refusal, nextAllowedAt: at };
}

function blockAt(input: ContactInput, rules: readonly ChannelRule[], at: Date): Block | null {
  return (
    disabledBlock(rules) ??
    optOutBlock(input, at) ??
    holdBlock(input.holds, at) ??
    prescriptionBlock(input, at) ??
    windowBlock(input, rules, at) ??
    capBlock(input, rules, at)
  );
}

function disabledBlock(rules: readonly ChannelRule[]): Block | null {
  const off = rules.some(
    (r) =>
      !r.enabled ||
      r.days.length === 0 ||
      r.windows.length === 0 ||
      r.maxPer7Days === 0 ||
      r.maxPer30Days === 0,
  );
  return off ? { reason: "channel_disabled", next: null } : null;
}

function isActive(hold: Hold, at: Date): boolean {
  return hold.until == null || hold.until.getTime() > at.getTime();
}

function optOutBlock(input: ContactInput, at: Date): Block | null {
  // C. conso L121-7 3° and US-04: once a debtor says stop on a channel, only a new consent reopens it.
  const optedOut =
    input.optOuts.includes(input.channel) ||
    input.holds.some(
      (h) =>
        h.reason === "opt_out" && (h.channel === undefined || h.channel === input.channel) && isActive(h, at),
    );
  return optedOut ? { reason: "opted_out", next: null } : null;
}

const HOLD_REFUSAL: Record<HoldReason, RefusalReason> = {
  dispute: "disputed",
  opt_out: "opted_out",
  prescribed: "prescribed",
  insolvency: "insolvency",
  promise: "on_hold",
  plan: "on_hold",
  appointment: "on_hold",
  payment_pending: "on_hold",
};

// A dispute, an insolvency procedure or a prescription stop collection until a person decides
// otherwise (glossary: dispute; FR-23), whatever date the hold carries.
const LIFTED_BY_A_PERSON: ReadonlySet<HoldReason> = new Set(["dispute", "insolvency", "prescribed"]);

function holdBlock(holds: readonly Hold[], at: Date): Block | null {
  // opt_out holds are judged per channel by optOutBlock.
  const active = holds.filter(
    (h) => h.reason !== "opt_out" && (LIFTED_BY_A_PERSON.has(h.reason) || isActive(h, at)),
  );
  const open = active.find((h) => LIFTED_BY_A_PERSON.has(h.reason)) ?? active.find((h) => h.until == null);
  const latest = active.reduce<Hold | undefined>(
    (a, h) => (a?.until && h.until && a.until.getTime() >= h.until.getTime() ? a : h),
    undefined,
  );
  const hold = open ?? latest;
  if (!hold) return null;
  const reason = HOLD_REFUSAL[hold.reason];
  const next = open ? null : (hold.until ?? null);
  return { reason, ...(reason === "on_hold" ? { hold: hold.reason } : {}), next };
}

function prescriptionBlock(input: ContactInput, at: Date): Block | null {
  // FR-23 / FR-27: no amicable demand on a time-barred claim; US-05 forbids threats on one too.
  if (input.prescriptionDates.length === 0) return null;
  const today = localDateOf(at, input.timeZone);
  return input.prescriptionDates.some((d) => today >= d) ? { reason: "prescribed", next: null } : null;
}

function windowBlock(input: ContactInput, rules: readonly ChannelRule[], at: Date): Block | null {
  const zones = [input.timeZone, ...(input.alsoTimeZones ?? [])];
  for (const rule of rules) {
    for (const zone of zones) {
      const check = checkWindow(rule, at, zone, input.region);
      if (!check.ok) return { reason: check.reason satisfies WindowRefusal, next: check.next };
    }
  }
  return null;
}

function capBlock(input: ContactInput, rules: readonly ChannelRule[], at: Date): Block | null {
  const onChannel = input.history.filter((c) => c.channel === input.channel);
  for (const rule of rules) {
    const block =
      countCap(onChannel, rule.maxPer7Days, 7, at, "channel_cap_7d") ??
      countCap(onChannel, rule.maxPer30Days, 30, at, "channel_cap_30d") ??
      quietBlock(onChannel, rule.quietDaysAfterConversation, at);
    if (block) return block;
  }
  const { total } = input.policy;
  return (
    countCap(input.history, total.maxPer7Days, 7, at, "total_cap_7d") ??
    countCap(input.history, total.maxPer30Days, 30, at, "total_cap_30d")
  );
}

/**
 * A rolling window of whole 24-hour days: a contact counts while it is less than `days` × 24 h old.
 * Contacts dated after `at` count too, so a cap can never be overrun by back-dated checks.
 */
function countCap(
  contacts: readonly PastContact[],
  max: number | null,
  days: number,
  at: Date,
  reason: RefusalReason,
): Block | null {
  if (max === null) return null;
  const span = days * DAY_MS;
  const inWindow = contacts
    .map((c) => c.at.getTime())
    .filter((t) => t > at.getTime() - span)
    .sort((a, b) => a - b);
  if (inWindow.length < max) return null;
  if (max <= 0) return { reason, next: null };
  // Once the (n - max + 1) oldest have aged out, one more contact fits.
  return { reason, next: new Date(inWindow[inWindow.length - max]! + span) };
}

function quietBlock(contacts: readonly PastContact[], days: number, at: Date): Block | null {
  if (days <= 0) return null;
  const span = days * DAY_MS;
  const last = contacts
    .filter((c) => c.kind === "conversation" && c.at.getTime() > at.getTime() - span)
    .reduce((m, c) => Math.max(m, c.at.getTime()), Number.NEGATIVE_INFINITY);
  return Number.isFinite(last) ? { reason: "after_conversation", next: new Date(last + span) } : null;
}
