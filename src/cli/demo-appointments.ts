import { desc, inArray } from "drizzle-orm";
import { cases } from "../cases/schema";
import type { Actor } from "../cases/timeline";
import type { Db } from "../platform/db/client";
import { AppError } from "../platform/errors";
import { bookAppointment } from "../scheduling/book-appointment";
import { findFreeSlots } from "../scheduling/find-free-slots";

const BOOKERS: Actor[] = [
  { type: "voice_agent", id: "demo-call" },
  { type: "debtor", id: null },
  { type: "user", id: null },
];

/** A few appointments in the agent's coming days, booked the three ways, so the calendar has a story. */
export async function bookDemoAppointments(db: Db, now: Date, count = 6): Promise<number> {
  if (count <= 0) return 0;
  const open = await db
    .select({ id: cases.id })
    .from(cases)
    .where(inArray(cases.status, ["new", "active"]))
    .orderBy(desc(cases.reference))
    .limit(count);
  const { slots } = await findFreeSlots(db, now, 7);
  // Spread them over the days: every seventh slot.
  const picks = slots.filter((_, i) => i % 7 === 3);
  let booked = 0;
  for (const [i, c] of open.entries()) {
    const slot = picks[i];
    if (!slot) break;
    try {
      await bookAppointment(
        db,
        c.id,
        { startsAt: slot.startsAt, channel: i % 3 === 1 ? "visio" : "phone" },
        BOOKERS[i % BOOKERS.length]!,
        now,
      );
      booked++;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
    }
  }
  return booked;
}
