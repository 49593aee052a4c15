import { DateTime } from "luxon";
import type { Actor } from "../cases/timeline";
import type { Db } from "../platform/db/client";
import { AppError } from "../platform/errors";
import { bookAppointment } from "./book-appointment";
import { findFreeSlots } from "./find-free-slots";

/** Afternoons first: a debtor reached by a morning call is often at work until then. */
const PREFERRED_HOUR = 14;

/**
 * A voice agent books for a debtor who named a day, or none: the first free slot from 14:00 that day
 * (else the first that day, else the first one coming). A slot taken meanwhile moves to the next.
 */
export async function bookVoiceAppointment(
  db: Db,
  caseId: string,
  preferredDate: string | null,
  actor: Actor,
  now: Date,
): Promise<{ ok: true; appointmentId: string; startsAt: Date } | { ok: false; error: string }> {
  const { timeZone, slots } = await findFreeSlots(db, now, 14);
  const local = (iso: string) => DateTime.fromISO(iso, { zone: timeZone });
  const onDay = preferredDate ? slots.filter((s) => local(s.startsAt).toISODate() === preferredDate) : [];
  const ranked = [
    ...onDay.filter((s) => local(s.startsAt).hour >= PREFERRED_HOUR),
    ...onDay.filter((s) => local(s.startsAt).hour < PREFERRED_HOUR),
    ...slots.filter((s) => !onDay.includes(s)),
  ];
  for (const slot of ranked.slice(0, 5)) {
    try {
      const b = await bookAppointment(db, caseId, { startsAt: slot.startsAt, channel: "phone" }, actor, now);
      return { ok: true, appointmentId: b.appointmentId, startsAt: b.startsAt };
    } catch (error) {
      if (error instanceof AppError && error.code === "conflict") continue;
      if (error instanceof AppError) return { ok: false, error: error.code };
      throw error;
    }
  }
  return { ok: false, error: "no_free_slot" };
}
