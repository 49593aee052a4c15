import { DateTime } from "luxon";
import type { Actor } from "../cases/timeline";
import type { Db } from "../platform/db/client";
import { AppError } from "../platform/errors";
import { bookFreeSlot } from "./book-appointment";
import { openSlots } from "./find-free-slots";

/** Afternoons first: a debtor reached by a morning call is often at work until then. */
const PREFERRED_HOUR = 14;

/**
 * A voice agent books for a debtor who named a day, or none: the first free slot from 14:00 that day
 * (else the first that day, else the first one coming). A slot taken meanwhile moves to the next.
 * It runs while the debtor waits for an answer: the agendas are read once, and the slots found free
 * are booked as found (the booking's own locks and unique index still refuse a slot taken since).
 */
export async function bookVoiceAppointment(
  db: Db,
  caseId: string,
  preferredDate: string | null,
  actor: Actor,
  now: Date,
): Promise<{ ok: true; appointmentId: string; startsAt: Date } | { ok: false; error: string }> {
  const { timeZone, slots } = await openSlots(db, now, 14);
  const day = preferredDate ? DateTime.fromISO(preferredDate, { zone: timeZone }) : null;
  let ranked = slots;
  if (day?.isValid) {
    const from = day.startOf("day").toMillis();
    const afternoon = day.set({ hour: PREFERRED_HOUR }).toMillis();
    const to = day.plus({ days: 1 }).startOf("day").toMillis();
    const onDay = slots.filter((s) => s.start.getTime() >= from && s.start.getTime() < to);
    ranked = [
      ...onDay.filter((s) => s.start.getTime() >= afternoon),
      ...onDay.filter((s) => s.start.getTime() < afternoon),
      ...slots.filter((s) => !onDay.includes(s)),
    ];
  }
  for (const slot of ranked.slice(0, 5)) {
    try {
      const b = await bookFreeSlot(db, caseId, slot, timeZone, { channel: "phone", phone: null }, actor, now);
      if (b) return { ok: true, appointmentId: b.appointmentId, startsAt: b.startsAt };
    } catch (error) {
      if (error instanceof AppError) return { ok: false, error: error.code };
      throw error;
    }
  }
  return { ok: false, error: "no_free_slot" };
}
