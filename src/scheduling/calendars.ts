import { randomUUID } from "node:crypto";
import { and, eq, gt, inArray, isNull, lt, ne } from "drizzle-orm";
import { z } from "zod";
import { agency } from "../cases/schema";
import type { LawRegion } from "../law/region";
import { timeZoneForAddress } from "../law/time-zone";
import { isAgencyRole } from "../platform/auth/roles";
import { users } from "../platform/auth/schema";
import type { Executor } from "../platform/db/client";
import { notFound, validationError } from "../platform/errors";
import { agentAbsences, agentCalendars, appointments } from "./schema";
import { type AgentAgenda, DEFAULT_SLOT_MINUTES, DEFAULT_WEEK, type WorkingWeek, weekProblem } from "./slots";

// Agents' working weeks and absences, and the agendas the slot rules read.

export interface AgencyZone {
  timeZone: string;
  region: LawRegion;
}

/** The agency's zone and holiday region, from its address (Paris, metropolitan France by default). */
export async function agencyZone(db: Executor): Promise<AgencyZone> {
  const [row] = await db.select({ address: agency.address }).from(agency).limit(1);
  if (!row) return { timeZone: "Europe/Paris", region: "metropole" };
  const resolved = timeZoneForAddress({ country: row.address.country, postalCode: row.address.postalCode });
  return { timeZone: resolved.timeZone, region: resolved.region };
}

const wall = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "must be HH:MM");
const day = z.array(z.tuple([wall, wall])).max(6);

export const calendarInputSchema = z
  .object({
    week: z.object({ 1: day, 2: day, 3: day, 4: day, 5: day, 6: day, 7: day }).partial(),
    slotMinutes: z.number().int().min(5).max(120).default(DEFAULT_SLOT_MINUTES),
    bookable: z.boolean().default(true),
  })
  .meta({
    examples: [
      { week: { 1: [["09:00", "12:30"]], 3: [["13:30", "18:00"]] }, slotMinutes: 15, bookable: true },
    ],
  });

export const calendarViewSchema = z.object({
  userId: z.uuid(),
  name: z.string(),
  role: z.string(),
  week: calendarInputSchema.shape.week,
  slotMinutes: z.number(),
  bookable: z.boolean(),
  /** True while the agent works the default week (no row of its own). */
  isDefault: z.boolean(),
});
export type CalendarView = z.infer<typeof calendarViewSchema>;

/** Every active agency user and the week they work; agents without a row work the default week. */
export async function listCalendars(db: Executor): Promise<CalendarView[]> {
  const rows = await db
    .select({ user: users, calendar: agentCalendars })
    .from(users)
    .leftJoin(agentCalendars, eq(agentCalendars.userId, users.id))
    .where(and(isNull(users.disabledAt), isNull(users.creditorId)))
    .orderBy(users.name);
  return rows
    .filter((r) => isAgencyRole(r.user.role))
    .map(({ user, calendar }) => ({
      userId: user.id,
      name: user.name,
      role: user.role,
      week: calendar?.week ?? DEFAULT_WEEK,
      slotMinutes: calendar?.slotMinutes ?? DEFAULT_SLOT_MINUTES,
      bookable: calendar?.bookable ?? user.role === "agent",
      isDefault: !calendar,
    }));
}

export async function saveCalendar(
  db: Executor,
  userId: string,
  input: z.infer<typeof calendarInputSchema>,
  now: Date,
): Promise<CalendarView> {
  const problem = weekProblem(input.week as WorkingWeek);
  if (problem) throw validationError([{ field: "week", message: problem, value: input.week }]);
  const known = (await listCalendars(db)).find((c) => c.userId === userId);
  if (!known) throw notFound("Agent");
  const values = {
    week: input.week as WorkingWeek,
    slotMinutes: input.slotMinutes,
    bookable: input.bookable,
  };
  await db
    .insert(agentCalendars)
    .values({ userId, ...values, updatedAt: now })
    .onConflictDoUpdate({ target: agentCalendars.userId, set: { ...values, updatedAt: now } });
  return { ...known, ...values, isDefault: false };
}

export const absenceInputSchema = z
  .object({
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    reason: z.string().trim().max(200).optional(),
  })
  .meta({
    examples: [
      { startsAt: "2026-12-21T08:00:00+01:00", endsAt: "2026-12-24T18:00:00+01:00", reason: "Congés" },
    ],
  });

export async function addAbsence(
  db: Executor,
  userId: string,
  input: z.infer<typeof absenceInputSchema>,
  now: Date,
): Promise<{ absenceId: string }> {
  const startsAt = new Date(input.startsAt);
  const endsAt = new Date(input.endsAt);
  if (endsAt <= startsAt)
    throw validationError([{ field: "endsAt", message: "must be after startsAt", value: input.endsAt }]);
  const id = randomUUID();
  await db
    .insert(agentAbsences)
    .values({ id, userId, startsAt, endsAt, reason: input.reason ?? null, createdAt: now });
  return { absenceId: id };
}

export async function removeAbsence(db: Executor, absenceId: string): Promise<void> {
  const gone = await db.delete(agentAbsences).where(eq(agentAbsences.id, absenceId)).returning();
  if (gone.length === 0) throw notFound("Absence");
}

export async function listAbsences(db: Executor, userId: string, from: Date, to: Date) {
  return db
    .select()
    .from(agentAbsences)
    .where(
      and(eq(agentAbsences.userId, userId), lt(agentAbsences.startsAt, to), gt(agentAbsences.endsAt, from)),
    )
    .orderBy(agentAbsences.startsAt);
}

/**
 * The agendas of the bookable agents (or the named ones) between two instants: working week, slot
 * length, and what makes them busy (absences and live appointments).
 */
export async function loadAgendas(
  db: Executor,
  from: Date,
  to: Date,
  onlyAgentIds?: readonly string[],
): Promise<AgentAgenda[]> {
  const calendars = (await listCalendars(db)).filter((c) =>
    onlyAgentIds ? onlyAgentIds.includes(c.userId) : c.bookable,
  );
  if (calendars.length === 0) return [];
  const ids = calendars.map((c) => c.userId);
  const absences = await db
    .select({ agentId: agentAbsences.userId, start: agentAbsences.startsAt, end: agentAbsences.endsAt })
    .from(agentAbsences)
    .where(
      and(inArray(agentAbsences.userId, ids), lt(agentAbsences.startsAt, to), gt(agentAbsences.endsAt, from)),
    );
  const booked = await db
    .select({ agentId: appointments.agentId, start: appointments.startsAt, end: appointments.endsAt })
    .from(appointments)
    .where(
      and(
        inArray(appointments.agentId, ids),
        ne(appointments.status, "cancelled"),
        lt(appointments.startsAt, to),
        gt(appointments.endsAt, from),
      ),
    );
  return calendars.map((c) => ({
    agentId: c.userId,
    week: c.week as WorkingWeek,
    slotMinutes: c.slotMinutes,
    busy: [...absences, ...booked].filter((b) => b.agentId === c.userId),
  }));
}
