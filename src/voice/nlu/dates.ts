// Dates as debtors say them on the phone, resolved to a calendar day in their own time zone.
// Conventions (stated because French usage varies): a bare weekday or "<weekday> prochain" is the
// next such day after today; "le 15" is the next 15th from today on; "dans huit jours" and
// "dans quinze jours" are one and two weeks; "début du mois" is the 1st, "mi-" the 15th.

import { DateTime } from "luxon";
import { FRENCH_MONTHS as MONTHS } from "../../law/fr/months";

const WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"] as const;
const MONTH = MONTHS.join("|");
const WEEKDAY = WEEKDAYS.join("|");

export interface DateMatch {
  date: string;
  index: number;
  length: number;
}

type Resolver = (m: RegExpExecArray, today: DateTime) => DateTime | null;

/** The next date with this day of month, from `from` on; skips months too short for it. */
function nextDayOfMonth(from: DateTime, day: number, includeFrom = true): DateTime | null {
  if (day < 1 || day > 31) return null;
  for (let k = 0; k < 14; k++) {
    const month = from.startOf("month").plus({ months: k });
    if (day > (month.daysInMonth ?? 0)) continue;
    const candidate = month.set({ day });
    if (candidate > from || (includeFrom && candidate.hasSame(from, "day"))) return candidate;
  }
  return null;
}

function nextDayMonth(today: DateTime, day: number, month: number, year?: number): DateTime | null {
  if (year !== undefined) {
    const d = DateTime.fromObject(
      { year: year < 100 ? 2000 + year : year, month, day },
      { zone: today.zone },
    );
    return d.isValid ? d : null;
  }
  for (let k = 0; k < 5; k++) {
    const d = DateTime.fromObject({ year: today.year + k, month, day }, { zone: today.zone });
    if (d.isValid && d >= today) return d;
  }
  return null;
}

/** Next occurrence of a weekday (1 = Monday) strictly after today, or today itself if allowed. */
function nextWeekday(today: DateTime, weekday: number, allowToday: boolean): DateTime {
  let delta = (weekday - today.weekday + 7) % 7;
  if (delta === 0 && !allowToday) delta = 7;
  return today.plus({ days: delta });
}

function monthIndex(name: string): number {
  return MONTHS.indexOf(name as (typeof MONTHS)[number]) + 1;
}

function weekdayIndex(name: string): number {
  return WEEKDAYS.indexOf(name as (typeof WEEKDAYS)[number]) + 1;
}

function amountOf(word: string): number | null {
  if (word === "un" || word === "une") return 1;
  return /^\d+$/.test(word) ? Number(word) : null;
}

/** Not a day of month when a unit follows: "le 15 euros", "15 fois", "le 3 heures". */
const NOT_A_DAY =
  "(?! ?(?:euros?|€|balles|centimes?|fois|mois|jours?|semaines?|ans?|annees?|h\\b|heures?|%|minutes?))";

// Ordered from the most to the least specific; the first rule that matches wins.
const RULES: [RegExp, Resolver][] = [
  [
    /\b(\d{1,2})\/(\d{1,2})(?:\/(\d{2,4}))?\b/,
    (m, today) => nextDayMonth(today, Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : undefined),
  ],
  [
    new RegExp(`\\b(\\d{1,2}) (${MONTH})(?: (\\d{4}))?\\b`),
    (m, today) => nextDayMonth(today, Number(m[1]), monthIndex(m[2]!), m[3] ? Number(m[3]) : undefined),
  ],
  [
    new RegExp(`\\b(debut|mi|milieu|fin) (?:du mois |de mois )?(?:d |de )?(${MONTH})\\b`),
    (m, today) => {
      const month = monthIndex(m[2]!);
      const first = nextDayMonth(today.startOf("month"), 1, month);
      if (!first) return null;
      const kind = m[1];
      return kind === "debut"
        ? first
        : kind === "fin"
          ? first.endOf("month").startOf("day")
          : first.set({ day: 15 });
    },
  ],
  [
    /\bfin (?:du |de )?mois (?:prochain|d apres|suivant)\b/,
    (_m, today) => today.plus({ months: 1 }).endOf("month").startOf("day"),
  ],
  // "Fin de mois difficile" is a hardship, not a date.
  [
    /\bfin (?:du |de )?mois\b(?! (?:difficile|dure|complique|serre))/,
    (_m, today) => today.endOf("month").startOf("day"),
  ],
  [
    /\bdebut (?:du |de )?mois(?: prochain| d apres| suivant)?\b/,
    (_m, today) => today.plus({ months: 1 }).startOf("month"),
  ],
  [
    /\b(?:mi|milieu (?:du |de )?)mois( prochain)?\b/,
    (m, today) => (m[1] ? today.plus({ months: 1 }).set({ day: 15 }) : nextDayOfMonth(today, 15)),
  ],
  [
    new RegExp(`\\b(\\d{1,2})${NOT_A_DAY} (?:du|de) mois (?:prochain|d apres|suivant)\\b`),
    (m, today) => nextDayOfMonth(today.plus({ months: 1 }).startOf("month"), Number(m[1])),
  ],
  [
    new RegExp(`\\b(?:le|au|du|avant le|pour le|jusqu au|(?:${WEEKDAY})) (\\d{1,2}|premier)\\b${NOT_A_DAY}`),
    (m, today) => nextDayOfMonth(today, m[1] === "premier" ? 1 : Number(m[1])),
  ],
  [/\bapres demain\b/, (_m, today) => today.plus({ days: 2 })],
  [/\bdemain\b/, (_m, today) => today.plus({ days: 1 })],
  [
    /\b(?:aujourd hui|ce soir|ce matin|cet apres midi|cette apres midi|dans la journee|ce midi|tout a l heure|tantot)\b/,
    (_m, today) => today,
  ],
  [
    /\b(?:dans|d ici) (\d+|un|une) (jours?|semaines?|mois)\b/,
    (m, today) => {
      const n = amountOf(m[1]!);
      if (n === null) return null;
      const unit = m[2]!;
      if (unit.startsWith("jour")) return today.plus({ days: n === 8 ? 7 : n === 15 ? 14 : n });
      if (unit.startsWith("semaine")) return today.plus({ weeks: n });
      return today.plus({ months: n });
    },
  ],
  [/\bdebut (?:de )?(?:la )?semaine prochaine\b/, (_m, today) => today.startOf("week").plus({ weeks: 1 })],
  [
    /\bfin (?:de )?(?:la )?semaine prochaine\b/,
    (_m, today) => today.startOf("week").plus({ weeks: 1, days: 4 }),
  ],
  [/\bfin (?:de )?(?:la )?semaine\b/, (_m, today) => nextWeekday(today, 5, true)],
  [/\b(?:ce|le|en) (?:week end|weekend|we)\b/, (_m, today) => nextWeekday(today, 6, true)],
  [/\bsemaine (?:prochaine|d apres)\b/, (_m, today) => today.startOf("week").plus({ weeks: 1 })],
  [/\bmois (?:prochain|d apres)\b/, (_m, today) => today.plus({ months: 1 }).startOf("month")],
  [
    new RegExp(`\\b(ce |cette )?(${WEEKDAY})(?: (prochain|qui vient|en (?:huit|8)))?\\b`),
    (m, today) => {
      const day = nextWeekday(today, weekdayIndex(m[2]!), Boolean(m[1]));
      return m[3]?.startsWith("en ") ? day.plus({ weeks: 1 }) : day;
    },
  ],
];

/**
 * Finds the first date in a normalized, digit-converted utterance and resolves it against `now`
 * in `timeZone`. Returns where it was found so the amount finder can skip those digits.
 */
export function findDate(normalized: string, now: Date, timeZone: string): DateMatch | null {
  let today: DateTime | null = null;
  for (const [pattern, resolve] of RULES) {
    const m = pattern.exec(normalized);
    if (!m) continue;
    // Built only when needed: most utterances carry no date, and zone lookups are the slow part.
    today ??= startOfToday(now, timeZone);
    const date = resolve(m, today);
    if (date?.isValid) return { date: date.toISODate()!, index: m.index, length: m[0].length };
  }
  return null;
}

function startOfToday(now: Date, timeZone: string): DateTime {
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf("day");
  if (!today.isValid) throw new RangeError(`unknown time zone: ${timeZone}`);
  return today;
}
