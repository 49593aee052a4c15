import type { Executor } from "../platform/db/client";
import { BOOKING_HORIZON_DAYS, BOOKING_LEAD_MINUTES } from "./book-appointment";
import { agencyZone, loadAgendas } from "./calendars";
import { type FreeSlot, freeSlots } from "./slots";

export interface OpenSlot {
  startsAt: string;
  endsAt: string;
}

/** The free slots over the next `days` local days, with the agents free for each, in the agency's zone. */
export async function openSlots(
  db: Executor,
  now: Date,
  days: number,
): Promise<{ timeZone: string; slots: FreeSlot[] }> {
  const span = Math.min(Math.max(1, days), BOOKING_HORIZON_DAYS);
  const zone = await agencyZone(db);
  const agendas = await loadAgendas(db, now, new Date(now.getTime() + (span + 1) * 86_400_000));
  return {
    timeZone: zone.timeZone,
    slots: freeSlots(agendas, { now, days: span, ...zone, leadMinutes: BOOKING_LEAD_MINUTES }),
  };
}

/**
 * The slots a debtor or a voice agent may book over the next `days` local days: at least one agent
 * free, after the booking lead time. Agents' names stay inside the agency.
 */
export async function findFreeSlots(
  db: Executor,
  now: Date,
  days = 14,
  limit = 500,
): Promise<{ timeZone: string; slots: OpenSlot[] }> {
  const { timeZone, slots } = await openSlots(db, now, days);
  return {
    timeZone,
    slots: slots
      .slice(0, limit)
      .map((s) => ({ startsAt: s.start.toISOString(), endsAt: s.end.toISOString() })),
  };
}
