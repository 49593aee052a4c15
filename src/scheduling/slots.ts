import { DateTime } from "luxon";
import { isPublicHoliday } from "../law/fr/holidays";
import type { LawRegion } from "../law/region";

// Pure: the agents' working week and the free appointment slots it leaves. Times are wall-clock
// minutes in the agency's zone, so 09:00 stays 09:00 across a DST change; the instants move instead.

/** "HH:MM". */
export type WallTime = string;
export type Interval = [start: WallTime, end: WallTime];
/** ISO weekday (1 = Monday … 7 = Sunday) → the day's working intervals, in order. */
export type WorkingWeek = Partial<Record<"1" | "2" | "3" | "4" | "5" | "6" | "7", Interval[]>>;

export const DEFAULT_SLOT_MINUTES = 15;
const WORKDAY: Interval[] = [
  ["09:00", "12:30"],
  ["13:30", "18:00"],
];
/** Monday to Friday, 09:00–12:30 and 13:30–18:00. */
export const DEFAULT_WEEK: WorkingWeek = {
  "1": WORKDAY,
  "2": WORKDAY,
  "3": WORKDAY,
  "4": WORKDAY,
  "5": WORKDAY,
};

export interface Busy {
  start: Date;
  end: Date;
}

export interface AgentAgenda {
  agentId: string;
  week: WorkingWeek;
  slotMinutes: number;
  /** Absences and booked appointments: any overlap makes a slot unavailable. */
  busy: Busy[];
}

export interface SlotQuery {
  now: Date;
  /** Local calendar days to cover, from today in the agency's zone. */
  days: number;
  timeZone: string;
  region: LawRegion;
  /** A slot must start at least this long after `now` (an agent needs time to prepare). */
  leadMinutes?: number;
}

export interface FreeSlot {
  start: Date;
  end: Date;
  /** The agents free for the whole slot. */
  agentIds: string[];
}

const WALL = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

export function wallMinutes(time: WallTime): number {
  if (!WALL.test(time)) throw new RangeError(`not a HH:MM time: ${time}`);
  const [h, m] = time.split(":").map(Number) as [number, number];
  return h * 60 + m;
}

/** Why a working week is not usable, or null: each interval ends after it starts, none overlap. */
export function weekProblem(week: WorkingWeek): string | null {
  for (const [day, intervals] of Object.entries(week)) {
    if (!/^[1-7]$/.test(day)) return `day ${day} is not an ISO weekday (1–7)`;
    let previousEnd = -1;
    for (const [start, end] of [...(intervals ?? [])].sort((a, b) => wallMinutes(a[0]) - wallMinutes(b[0]))) {
      const s = wallMinutes(start);
      const e = wallMinutes(end);
      if (e <= s) return `day ${day}: ${start}–${end} ends before it starts`;
      if (s < previousEnd) return `day ${day}: ${start}–${end} overlaps another interval`;
      previousEnd = e;
    }
  }
  return null;
}

const DAY_MS = 86_400_000;
/** Local midnight (epoch ms) of plain days, by zone and date; null for a day whose offset changes. */
const plainDays = new Map<string, number | null>();

/**
 * Local midnight of a date as an instant when the day keeps one UTC offset from 00:00 to 24:00 (all
 * but the DST days), so that its wall minutes map to instants by arithmetic; null otherwise. luxon
 * works out a zone offset per operation, and a fortnight of slots is hundreds of them on a voice
 * agent's turn: each day is worked out once per process. Where DST starts at midnight (Chile), the
 * day begins at 01:00 and is not plain.
 */
function plainDay(localDate: string, timeZone: string): number | null {
  const key = `${timeZone} ${localDate}`;
  const hit = plainDays.get(key);
  if (hit !== undefined) return hit;
  const date = DateTime.fromISO(localDate, { zone: timeZone });
  if (!date.isValid) throw new RangeError(`bad date or zone: ${localDate} ${timeZone}`);
  const midnight = date.startOf("day");
  const plain =
    midnight.hour === 0 && midnight.minute === 0 && midnight.offset === date.endOf("day").offset
      ? midnight.toMillis()
      : null;
  if (plainDays.size >= 4096) plainDays.clear();
  plainDays.set(key, plain);
  return plain;
}

/**
 * The slots one agent works on a local date (public holidays and days off give none). A slot whose
 * start falls in a DST gap does not exist and is skipped; a slot lasts its length in real time.
 */
export function workingSlots(
  agent: AgentAgenda,
  localDate: string,
  timeZone: string,
  region: LawRegion,
): Busy[] {
  const base = plainDay(localDate, timeZone);
  if (isPublicHoliday(localDate, region)) return [];
  const weekday = new Date(`${localDate}T00:00:00Z`).getUTCDay() || 7;
  const intervals = agent.week[String(weekday) as keyof WorkingWeek] ?? [];
  const slotMs = agent.slotMinutes * 60_000;
  const slots: Busy[] = [];
  for (const [from, to] of intervals) {
    const last = wallMinutes(to);
    for (let m = wallMinutes(from); m + agent.slotMinutes <= last; m += agent.slotMinutes) {
      if (base !== null) {
        const start = base + m * 60_000;
        slots.push({ start: new Date(start), end: new Date(start + slotMs) });
      } else {
        const slot = dstDaySlot(localDate, timeZone, m, agent.slotMinutes, last);
        if (slot) slots.push(slot);
      }
    }
  }
  return slots;
}

/** A slot on a DST day, where wall time and instants part: none when its start does not exist. */
function dstDaySlot(localDate: string, timeZone: string, m: number, slotMinutes: number, last: number) {
  const wallOf = (t: DateTime) => (t.toISODate() === localDate ? t.hour * 60 + t.minute : 1440);
  const start = DateTime.fromISO(localDate, { zone: timeZone })
    .startOf("day")
    .set({ hour: Math.floor(m / 60), minute: m % 60 });
  if (wallOf(start) !== m) return null;
  const end = start.plus({ minutes: slotMinutes });
  if (wallOf(end) > last) return null;
  return { start: start.toJSDate(), end: end.toJSDate() };
}

const overlaps = (a: Busy, b: Busy) => a.start < b.end && b.start < a.end;

/**
 * Every slot at least one agent can take, from now for `days` local days, in time order. Agents with
 * different slot lengths give separate slots; one start may list several agents.
 */
export function freeSlots(agents: readonly AgentAgenda[], query: SlotQuery): FreeSlot[] {
  const earliest = query.now.getTime() + (query.leadMinutes ?? 0) * 60_000;
  const today = Date.parse(
    `${DateTime.fromJSDate(query.now, { zone: query.timeZone }).toISODate()}T00:00:00Z`,
  );
  const bySlot = new Map<string, FreeSlot>();
  for (let d = 0; d < query.days; d++) {
    // Calendar days, counted in UTC so that no zone rule moves them.
    const localDate = new Date(today + d * DAY_MS).toISOString().slice(0, 10);
    for (const agent of agents) {
      for (const slot of workingSlots(agent, localDate, query.timeZone, query.region)) {
        if (slot.start.getTime() < earliest) continue;
        if (agent.busy.some((b) => overlaps(b, slot))) continue;
        const key = `${slot.start.getTime()}-${slot.end.getTime()}`;
        const hit = bySlot.get(key);
        if (hit) hit.agentIds.push(agent.agentId);
        else bySlot.set(key, { ...slot, agentIds: [agent.agentId] });
      }
    }
  }
  return [...bySlot.values()].sort(
    (a, b) => a.start.getTime() - b.start.getTime() || a.end.getTime() - b.end.getTime(),
  );
}

/**
 * The order in which free agents are offered a booking: the fewest appointments already booked
 * that local day, then over the whole period, then a stable id order.
 */
export function leastLoaded(
  agentIds: readonly string[],
  load: ReadonlyMap<string, { day: number; total: number }>,
): string[] {
  const of = (id: string) => load.get(id) ?? { day: 0, total: 0 };
  return [...agentIds].sort(
    (a, b) => of(a).day - of(b).day || of(a).total - of(b).total || (a < b ? -1 : a > b ? 1 : 0),
  );
}
