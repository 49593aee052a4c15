import { randomUUID } from "node:crypto";
import { and, count, eq, gt, gte, inArray, lt, ne, sql } from "drizzle-orm";
import { DateTime } from "luxon";
import { z } from "zod";
import { type Actor, appendEvent } from "../cases/timeline";
import { normalisePhone } from "../cases/validate-identifiers";
import { lockCase } from "../payments/case-balance";
import { holdCase } from "../payments/case-holds";
import type { Db, Executor } from "../platform/db/client";
import { isUniqueViolation } from "../platform/db/pg-errors";
import { AppError, type FieldIssue, validationError } from "../platform/errors";
import { agencyZone, loadAgendas } from "./calendars";
import { APPOINTMENT_CHANNELS, type AppointmentChannel, appointments, type BookedBy } from "./schema";
import { type FreeSlot, freeSlots, leastLoaded } from "./slots";

/** How far ahead a slot may be booked, and how soon: an agent needs the time to open the case. */
export const BOOKING_HORIZON_DAYS = 30;
export const BOOKING_LEAD_MINUTES = 60;
/** The case stays held this long after the slot, so a late or overrunning call is not talked over. */
export const APPOINTMENT_GRACE_MS = 4 * 3_600_000;

export const bookingInputSchema = z
  .object({
    startsAt: z.iso.datetime({ offset: true }),
    channel: z.enum(APPOINTMENT_CHANNELS).default("phone"),
    phone: z.string().trim().min(3).max(40).optional(),
    note: z.string().trim().max(1000).optional(),
    /** The back office may book a named agent; otherwise the least-loaded free agent takes it. */
    agentId: z.uuid().optional(),
  })
  .meta({ examples: [{ startsAt: "2026-12-01T14:00:00+01:00", channel: "phone", phone: "+33612345678" }] });
export type BookingInput = z.input<typeof bookingInputSchema>;

/** What a booking records besides its slot; the phone in E.164. */
export interface BookingDetails {
  channel: AppointmentChannel;
  note?: string;
  phone: string | null;
}

export interface Booked {
  appointmentId: string;
  agentId: string;
  startsAt: Date;
  endsAt: Date;
}

export function bookedByOf(actor: Actor): BookedBy {
  if (actor.type === "debtor") return "portal";
  if (actor.type === "voice_agent") return "voice_agent";
  return "agent";
}

/**
 * Books one free slot for a case with the least-loaded agent free then, holds the case as an
 * appointment until the slot's end plus a grace, and writes the event, in one transaction. A case
 * has one appointment waiting at most: booking again reschedules it.
 *
 * No double booking: each attempt takes a transaction-scoped advisory lock on the agent, checks the
 * agent's live appointments for an overlap and inserts under the unique (agent, start) index. A
 * racing booking that wins the slot first makes the loser try the next free agent, then fail with
 * `conflict` once none is left.
 */
export async function bookAppointment(
  db: Db,
  caseId: string,
  raw: BookingInput,
  actor: Actor,
  now: Date,
): Promise<Booked> {
  const input = bookingInputSchema.parse(raw);
  const issues: FieldIssue[] = [];
  const phone = input.phone ? normalisePhone(input.phone, "phone", issues) : null;
  if (issues.length > 0) throw validationError(issues);
  const start = new Date(input.startsAt);
  if (start.getTime() < now.getTime() + BOOKING_LEAD_MINUTES * 60_000) {
    throw validationError([
      { field: "startsAt", message: "is too soon or in the past", value: input.startsAt },
    ]);
  }
  const zone = await agencyZone(db);
  const horizonEnd = new Date(now.getTime() + (BOOKING_HORIZON_DAYS + 1) * 86_400_000);
  if (start >= horizonEnd) {
    throw validationError([
      { field: "startsAt", message: "is beyond the booking horizon", value: input.startsAt },
    ]);
  }
  const agendas = await loadAgendas(db, now, horizonEnd, input.agentId ? [input.agentId] : undefined);
  const days = Math.ceil((start.getTime() - now.getTime()) / 86_400_000) + 2;
  const slot = freeSlots(agendas, { now, days, ...zone, leadMinutes: BOOKING_LEAD_MINUTES }).find(
    (s) => s.start.getTime() === start.getTime(),
  );
  if (!slot) throw new AppError("conflict", "This slot is no longer free", { field: "startsAt" });
  const details = { channel: input.channel, note: input.note, phone: phone?.e164 ?? null };
  const booked = await bookFreeSlot(db, caseId, slot, zone.timeZone, details, actor, now);
  if (!booked) throw new AppError("conflict", "This slot is no longer free", { field: "startsAt" });
  return booked;
}

/**
 * Books a slot found free (freeSlots) with the least-loaded of its agents, or the next one if another
 * booking took it meanwhile; null when none is left.
 */
export async function bookFreeSlot(
  db: Db,
  caseId: string,
  slot: FreeSlot,
  timeZone: string,
  details: BookingDetails,
  actor: Actor,
  now: Date,
): Promise<Booked | null> {
  // One agent free: no load to compare (two queries fewer on a voice agent's turn).
  const order =
    slot.agentIds.length === 1
      ? slot.agentIds
      : leastLoaded(slot.agentIds, await agentLoad(db, slot.agentIds, slot.start, timeZone));
  for (const agentId of order) {
    const booked = await tryBook(
      db,
      { caseId, agentId, start: slot.start, end: slot.end },
      details,
      actor,
      now,
    );
    if (booked) return booked;
  }
  return null;
}

async function tryBook(
  db: Db,
  slot: { caseId: string; agentId: string; start: Date; end: Date },
  input: BookingDetails,
  actor: Actor,
  now: Date,
): Promise<Booked | null> {
  try {
    return await db.transaction(async (tx) => {
      // The case first, then the agent: every booking takes its locks in this order.
      const row = await lockCase(tx, slot.caseId);
      if (row.status === "closed") throw new AppError("invalid_transition", "The case is closed");
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`appointments:${slot.agentId}`}))`);
      if (await overlapping(tx, slot.agentId, slot.start, slot.end)) return null;
      const previous = await tx
        .update(appointments)
        .set({ status: "cancelled", updatedAt: now })
        .where(and(eq(appointments.caseId, slot.caseId), eq(appointments.status, "booked")))
        .returning({ id: appointments.id });
      const id = randomUUID();
      const channel: AppointmentChannel = input.channel;
      await tx.insert(appointments).values({
        id,
        creditorId: row.creditorId,
        caseId: slot.caseId,
        agentId: slot.agentId,
        startsAt: slot.start,
        endsAt: slot.end,
        channel,
        bookedBy: bookedByOf(actor),
        status: "booked",
        phone: input.phone,
        note: input.note ?? null,
        createdAt: now,
        updatedAt: now,
      });
      const data = {
        appointmentId: id,
        agentId: slot.agentId,
        startsAt: slot.start.toISOString(),
        endsAt: slot.end.toISOString(),
        channel,
        bookedBy: bookedByOf(actor),
        ...(previous[0] ? { replaces: previous[0].id } : {}),
      };
      await appendEvent(tx, {
        creditorId: row.creditorId,
        caseId: slot.caseId,
        type: "appointment.booked",
        at: now,
        actor,
        data,
      });
      await holdCase(
        tx,
        row,
        "appointment",
        new Date(slot.end.getTime() + APPOINTMENT_GRACE_MS),
        actor,
        now,
        {
          appointmentId: id,
        },
      );
      return { appointmentId: id, agentId: slot.agentId, startsAt: slot.start, endsAt: slot.end };
    });
  } catch (error) {
    // The unique (agent, start) index refused it: someone else took this agent's slot meanwhile.
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

async function overlapping(tx: Executor, agentId: string, start: Date, end: Date): Promise<boolean> {
  const [hit] = await tx
    .select({ id: appointments.id })
    .from(appointments)
    .where(
      and(
        eq(appointments.agentId, agentId),
        ne(appointments.status, "cancelled"),
        lt(appointments.startsAt, end),
        gt(appointments.endsAt, start),
      ),
    )
    .limit(1);
  return !!hit;
}

/** Live appointments per agent on the slot's local day and over the fortnight around it. */
async function agentLoad(db: Executor, agentIds: string[], at: Date, timeZone: string) {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  const count$ = (from: DateTime, to: DateTime) =>
    db
      .select({ agentId: appointments.agentId, n: count() })
      .from(appointments)
      .where(
        and(
          inArray(appointments.agentId, agentIds),
          ne(appointments.status, "cancelled"),
          gte(appointments.startsAt, from.toJSDate()),
          lt(appointments.startsAt, to.toJSDate()),
        ),
      )
      .groupBy(appointments.agentId);
  const day = await count$(local.startOf("day"), local.endOf("day"));
  const total = await count$(local.minus({ days: 7 }), local.plus({ days: 7 }));
  const load = new Map<string, { day: number; total: number }>();
  for (const id of agentIds) {
    load.set(id, {
      day: Number(day.find((r) => r.agentId === id)?.n ?? 0),
      total: Number(total.find((r) => r.agentId === id)?.n ?? 0),
    });
  }
  return load;
}
