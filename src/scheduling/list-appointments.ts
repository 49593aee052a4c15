import { and, asc, eq, gte, lt } from "drizzle-orm";
import { z } from "zod";
import { cases, debtors } from "../cases/schema";
import type { Executor } from "../platform/db/client";
import { APPOINTMENT_CHANNELS, APPOINTMENT_STATUSES, appointments, BOOKED_BY } from "./schema";

export const appointmentViewSchema = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  caseReference: z.string(),
  debtorName: z.string(),
  agentId: z.uuid(),
  startsAt: z.string(),
  endsAt: z.string(),
  channel: z.enum(APPOINTMENT_CHANNELS),
  bookedBy: z.enum(BOOKED_BY),
  status: z.enum(APPOINTMENT_STATUSES),
  phone: z.string().nullable(),
  note: z.string().nullable(),
});
export type AppointmentView = z.infer<typeof appointmentViewSchema>;

/** One agent's appointments between two instants (the back office's week view), cancelled ones included. */
export async function listAppointments(
  db: Executor,
  filter: { agentId?: string; caseId?: string; from: Date; to: Date },
): Promise<AppointmentView[]> {
  const rows = await db
    .select({
      a: appointments,
      caseReference: cases.reference,
      debtorName: debtors.displayName,
    })
    .from(appointments)
    .innerJoin(cases, eq(cases.id, appointments.caseId))
    .innerJoin(debtors, eq(debtors.id, cases.debtorId))
    .where(
      and(
        filter.agentId ? eq(appointments.agentId, filter.agentId) : undefined,
        filter.caseId ? eq(appointments.caseId, filter.caseId) : undefined,
        gte(appointments.startsAt, filter.from),
        lt(appointments.startsAt, filter.to),
      ),
    )
    .orderBy(asc(appointments.startsAt))
    .limit(1000);
  return rows.map(({ a, caseReference, debtorName }) => ({
    id: a.id,
    caseId: a.caseId,
    caseReference,
    debtorName,
    agentId: a.agentId,
    startsAt: a.startsAt.toISOString(),
    endsAt: a.endsAt.toISOString(),
    channel: a.channel,
    bookedBy: a.bookedBy,
    status: a.status,
    phone: a.phone,
    note: a.note,
  }));
}
