import { DateTime } from "luxon";
import { isOverseas, type LawRegion, type OverseasCode } from "../region";

// French public holidays (jours fériés). The eleven national ones apply everywhere in the Republic;
// Alsace-Moselle adds Good Friday and St Stephen's Day (local law kept since 1919); each overseas
// department or collectivity marks the abolition of slavery on its own date (loi 83-550).
// Contact policies skip these days (FR-28: "never on public holidays").

export interface PublicHoliday {
  /** Local calendar date, YYYY-MM-DD. */
  date: string;
  name: string;
}

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

/** Gregorian Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): CalendarDate {
  if (!Number.isInteger(year) || year < 1583) throw new RangeError(`no Gregorian Easter for year ${year}`);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { year, month, day };
}

const SLAVERY_ABOLITION_DAY: Partial<Record<OverseasCode, [month: number, day: number]>> = {
  "971": [5, 27],
  "972": [5, 22],
  "973": [6, 10],
  "974": [12, 20],
  "976": [4, 27],
  "977": [10, 9],
  "978": [5, 28],
};

const cache = new Map<string, ReadonlyMap<string, string>>();

/** The public holidays of one year in one region, in date order. */
export function frenchPublicHolidays(year: number, region: LawRegion): PublicHoliday[] {
  return [...holidayMap(year, region)].map(([date, name]) => ({ date, name }));
}

/** Whether a local calendar date (YYYY-MM-DD) is a public holiday in the region. */
export function isPublicHoliday(localDate: string, region: LawRegion): boolean {
  const year = Number(localDate.slice(0, 4));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(localDate)) throw new RangeError(`not a YYYY-MM-DD date: ${localDate}`);
  return holidayMap(year, region).has(localDate);
}

function holidayMap(year: number, region: LawRegion): ReadonlyMap<string, string> {
  const key = `${year}:${region}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const built = new Map(compute(year, region).map((h) => [h.date, h.name] as const));
  cache.set(key, built);
  return built;
}

function compute(year: number, region: LawRegion): PublicHoliday[] {
  const easter = DateTime.fromObject(easterSunday(year), { zone: "UTC" });
  const fixed = (month: number, day: number, name: string): PublicHoliday => ({
    date: DateTime.fromObject({ year, month, day }, { zone: "UTC" }).toISODate()!,
    name,
  });
  const fromEaster = (days: number, name: string): PublicHoliday => ({
    date: easter.plus({ days }).toISODate()!,
    name,
  });
  const list: PublicHoliday[] = [
    fixed(1, 1, "Jour de l'an"),
    fromEaster(1, "Lundi de Pâques"),
    fixed(5, 1, "Fête du Travail"),
    fixed(5, 8, "Victoire 1945"),
    fromEaster(39, "Ascension"),
    fromEaster(50, "Lundi de Pentecôte"),
    fixed(7, 14, "Fête nationale"),
    fixed(8, 15, "Assomption"),
    fixed(11, 1, "Toussaint"),
    fixed(11, 11, "Armistice 1918"),
    fixed(12, 25, "Noël"),
  ];
  if (region === "alsace-moselle") {
    list.push(fromEaster(-2, "Vendredi saint"), fixed(12, 26, "Saint-Étienne"));
  }
  if (isOverseas(region)) {
    const abolition = SLAVERY_ABOLITION_DAY[region];
    if (abolition) list.push(fixed(abolition[0], abolition[1], "Abolition de l'esclavage"));
  }
  return list.sort((x, y) => x.date.localeCompare(y.date));
}
