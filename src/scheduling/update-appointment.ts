import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { type Actor, appendEvent } from "../cases/timeline";
import { lockCase } from "../payments/case-balance";
import { releaseHold } from "../payments/case-holds";
import type { Db } from "../platform/db/client";
import { AppError, notFound } from "../platform/errors";
import { type AppointmentStatus, appointments } from "./schema";

export const appointmentOutcomeSchema = z
  .object({
    status: z.enum(["done", "missed", "cancelled"]),
    note: z.string().trim().max(1000).optional(),
  })
  .meta({ examples: [{ status: "done", note: "Plan en trois fois accepté" }] });

/**
 * Closes a booked appointment: held (done), the debtor did not answer (missed), or called off
 * (cancelled). The appointment hold on the case is lifted with it, so the scenario resumes unless
 * something stronger holds the case; the event says what happened.
 */
export async function settleAppointment(
  db: Db,
  appointmentId: string,
  input: z.infer<typeof appointmentOutcomeSchema>,
  actor: Actor,
  now: Date,
): Promise<{ status: AppointmentStatus }> {
  const [found] = await db.select().from(appointments).where(eq(appointments.id, appointmentId));
  if (!found) throw notFound("Appointment");
  return db.transaction(async (tx) => {
    const row = await lockCase(tx, found.caseId);
    const [updated] = await tx
      .update(appointments)
      .set({ status: input.status, updatedAt: now })
      .where(and(eq(appointments.id, appointmentId), eq(appointments.status, "booked")))
      .returning();
    if (!updated) {
      throw new AppError("invalid_transition", `The appointment is already ${found.status}`, {
        status: found.status,
      });
    }
    const data = { appointmentId, startsAt: updated.startsAt.toISOString(), note: input.note ?? null };
    await appendEvent(tx, {
      creditorId: row.creditorId,
      caseId: row.id,
      type: `appointment.${input.status}`,
      at: now,
      actor,
      data,
    });
    await releaseHold(tx, row, ["appointment"], actor, now, { appointmentId });
    return { status: input.status };
  });
}
