import { DateTime } from "luxon";
import type { LawRegion } from "../region";
import { ianaZone } from "../zones";
import { isPublicHoliday } from "./holidays";

// A business day (jour ouvré) is Monday to Friday and not a public holiday of the debtor's region.
// Saturdays are "jours ouvrables" in French law but not business days: postal and bank work that
// deadlines wait on does not happen then.

/** The calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDateOf(at: Date, timeZone: string): string {
  const local = DateTime.fromJSDate(at, { zone: ianaZone(timeZone) });
  if (!local.isValid) throw new RangeError(`unknown time zone: ${timeZone}`);
  return local.toISODate()!;
}

export function isBusinessDay(localDate: string, region: LawRegion): boolean {
  const date = DateTime.fromISO(localDate, { zone: "UTC" });
  if (!date.isValid) throw new RangeError(`not a YYYY-MM-DD date: ${localDate}`);
  return date.weekday <= 5 && !isPublicHoliday(localDate, region);
}

/**
 * Moves `days` business days from the local date of `at` (backwards when negative), keeping the
 * local wall-clock time. With 0, a non-business day rolls forward to the next business day.
 * A wall time that does not exist on the target day (DST gap) moves forward by the gap.
 */
export function addBusinessDays(at: Date, days: number, timeZone: string, region: LawRegion): Date {
  if (!Number.isInteger(days)) throw new RangeError(`business days must be a whole number: ${days}`);
  const local = DateTime.fromJSDate(at, { zone: ianaZone(timeZone) });
  if (!local.isValid) throw new RangeError(`unknown time zone: ${timeZone}`);
  // Walk plain calendar dates, then rebuild the wall time once, so that a DST gap on a day passed
  // over does not shift the time of the day reached.
  let date = DateTime.fromObject({ year: local.year, month: local.month, day: local.day }, { zone: "UTC" });
  const step = days < 0 ? -1 : 1;
  let remaining = Math.abs(days);
  if (remaining === 0) {
    while (!isBusinessDay(date.toISODate()!, region)) date = date.plus({ days: 1 });
  }
  while (remaining > 0) {
    date = date.plus({ days: step });
    if (isBusinessDay(date.toISODate()!, region)) remaining--;
  }
  const { hour, minute, second, millisecond } = local;
  return DateTime.fromObject(
    { year: date.year, month: date.month, day: date.day, hour, minute, second, millisecond },
    { zone: ianaZone(timeZone) },
  ).toJSDate();
}
