import { DateTime } from "luxon";
import { type ChannelRule, parseTimeOfDay, WEEKDAYS } from "./contact-policy";
import { isPublicHoliday } from "./fr/holidays";
import type { LawRegion } from "./region";
import { ianaZone } from "./zones";

// Days and hours are judged on the debtor's wall clock (FR-28, US-02). Whether an instant is inside
// a window is read from the local wall time; the next opening is found by turning each window's
// local start back into an instant, so DST changes (a missing or repeated hour) are handled by the
// zone rules rather than by adding fixed durations.

export type WindowRefusal = "day_not_allowed" | "public_holiday" | "outside_hours";

/** `next` is the earliest instant worth checking again: never later than the real opening, maybe earlier. */
export type WindowCheck = { ok: true } | { ok: false; reason: WindowRefusal; next: Date | null };

/** How far ahead to look for an opening before deciding that none will come. */
const SEARCH_DAYS = 400;

export function checkWindow(rule: ChannelRule, at: Date, timeZone: string, region: LawRegion): WindowCheck {
  const local = DateTime.fromJSDate(at, { zone: ianaZone(timeZone) });
  if (!local.isValid) throw new RangeError(`unknown time zone: ${timeZone}`);
  const reason = refusalAt(rule, local, region);
  if (reason === null) return { ok: true };
  return { ok: false, reason, next: nextOpening(rule, at, local, timeZone, region) };
}

function refusalAt(rule: ChannelRule, local: DateTime, region: LawRegion): WindowRefusal | null {
  if (!dayAllowed(rule, local)) return "day_not_allowed";
  if (rule.skipPublicHolidays && isPublicHoliday(local.toISODate()!, region)) return "public_holiday";
  const minute = local.hour * 60 + local.minute;
  const inside = rule.windows.some((w) => parseTimeOfDay(w.from) <= minute && minute < parseTimeOfDay(w.to));
  return inside ? null : "outside_hours";
}

function dayAllowed(rule: ChannelRule, local: DateTime): boolean {
  return rule.days.includes(WEEKDAYS[local.weekday - 1]!);
}

function nextOpening(
  rule: ChannelRule,
  at: Date,
  local: DateTime,
  timeZone: string,
  region: LawRegion,
): Date | null {
  const starts = rule.windows.map((w) => parseTimeOfDay(w.from)).sort((a, b) => a - b);
  if (starts.length === 0 || rule.days.length === 0) return null;
  let day = DateTime.fromObject({ year: local.year, month: local.month, day: local.day }, { zone: "UTC" });
  for (let i = 0; i <= SEARCH_DAYS; i++, day = day.plus({ days: 1 })) {
    if (!dayAllowed(rule, day)) continue;
    if (rule.skipPublicHolidays && isPublicHoliday(day.toISODate()!, region)) continue;
    const offsets = offsetsOf(day, timeZone);
    const candidates = starts.flatMap((start) => openingInstants(day, start, timeZone, offsets));
    const fallBack = fallBackInstant(day, timeZone, offsets);
    if (fallBack) candidates.push(fallBack);
    const after = candidates
      .filter((c) => c.getTime() > at.getTime())
      .sort((a, b) => a.getTime() - b.getTime());
    if (after.length > 0) return after[0]!;
  }
  return null;
}

interface DayOffsets {
  start: number;
  end: number;
}

/** The zone's UTC offset at the first and last minute of a day; they differ on clock-change days. */
function offsetsOf(day: DateTime, timeZone: string): DayOffsets {
  const at = (hour: number, minute: number) =>
    DateTime.fromObject(
      { year: day.year, month: day.month, day: day.day, hour, minute },
      { zone: ianaZone(timeZone) },
    );
  return { start: at(0, 0).offset, end: at(23, 59).offset };
}

/**
 * Every instant of a day whose wall clock reads `start`: one on most days, none inside a
 * spring-forward gap (the first later minute stands in for it), two when the clock goes back over it.
 */
function openingInstants(day: DateTime, start: number, timeZone: string, offsets: DayOffsets): Date[] {
  const instant = openingInstant(day, start, timeZone);
  const shift = Math.abs(offsets.start - offsets.end);
  if (shift === 0) return [instant];
  const first = DateTime.fromJSDate(instant, { zone: ianaZone(timeZone) });
  const readsStart = (d: DateTime) => d.day === first.day && d.hour * 60 + d.minute === start;
  const others = [first.minus({ minutes: shift }), first.plus({ minutes: shift })].filter(readsStart);
  return [first, ...others].map((d) => d.toJSDate());
}

/**
 * When the clock goes back, the wall time jumps into hours already seen, possibly into a window
 * without passing its start; that instant is a candidate opening too.
 */
function fallBackInstant(day: DateTime, timeZone: string, { start, end }: DayOffsets): Date | null {
  if (end >= start) return null;
  let low = DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day },
    { zone: ianaZone(timeZone) },
  ).toMillis();
  let high = low + 36 * 3_600_000;
  const offsetAt = (ms: number) => DateTime.fromMillis(ms, { zone: ianaZone(timeZone) }).offset;
  // Invariant: offsetAt(low) is the earlier offset, offsetAt(high) the later one.
  while (high - low > 60_000) {
    const middle = low + Math.floor((high - low) / 120_000) * 60_000;
    if (offsetAt(middle) === start) low = middle;
    else high = middle;
  }
  return new Date(high);
}

/** The first instant of a day whose wall clock reads `start` minutes or later. */
function openingInstant(day: DateTime, start: number, timeZone: string): Date {
  const hour = Math.floor(start / 60);
  let candidate = DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour, minute: start % 60 },
    { zone: ianaZone(timeZone) },
  );
  // A start inside a spring-forward gap is pushed past the gap by the length of the gap; the window
  // really opens at the end of the gap, so step back to the first minute that still reads later.
  while (candidate.hour * 60 + candidate.minute !== start) {
    const previous = candidate.minus({ minutes: 1 });
    if (previous.day !== candidate.day || previous.hour * 60 + previous.minute < start) break;
    candidate = previous;
  }
  return candidate.toJSDate();
}
