import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { cases, creditors } from "../cases/schema";
import { users } from "../platform/auth/schema";
import { ts } from "../platform/db/columns";
import type { WorkingWeek } from "./slots";

/**
 * An agency user's working week, in the agency's zone. An agent without a row works the default week
 * (slots.ts DEFAULT_WEEK); a manager or an admin takes appointments only once given a bookable row.
 */
export const agentCalendars = pgTable("agent_calendars", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id),
  week: jsonb("week").$type<WorkingWeek>().notNull(),
  slotMinutes: integer("slot_minutes").notNull().default(15),
  bookable: boolean("bookable").notNull().default(true),
  updatedAt: ts("updated_at").notNull(),
});

export const agentAbsences = pgTable(
  "agent_absences",
  {
    id: uuid("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    startsAt: ts("starts_at").notNull(),
    endsAt: ts("ends_at").notNull(),
    reason: text("reason"),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [index("agent_absences_user_idx").on(t.userId, t.startsAt)],
);

export const APPOINTMENT_CHANNELS = ["phone", "visio"] as const;
export type AppointmentChannel = (typeof APPOINTMENT_CHANNELS)[number];
export const BOOKED_BY = ["voice_agent", "portal", "agent"] as const;
export type BookedBy = (typeof BOOKED_BY)[number];
export const APPOINTMENT_STATUSES = ["booked", "done", "missed", "cancelled"] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export const appointments = pgTable(
  "appointments",
  {
    id: uuid("id").primaryKey(),
    creditorId: uuid("creditor_id")
      .notNull()
      .references(() => creditors.id),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id),
    agentId: uuid("agent_id")
      .notNull()
      .references(() => users.id),
    startsAt: ts("starts_at").notNull(),
    endsAt: ts("ends_at").notNull(),
    channel: text("channel").$type<AppointmentChannel>().notNull(),
    bookedBy: text("booked_by").$type<BookedBy>().notNull(),
    status: text("status").$type<AppointmentStatus>().notNull(),
    /** E.164, the number to call (phone appointments). */
    phone: text("phone"),
    note: text("note"),
    createdAt: ts("created_at").notNull(),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [
    // No double booking: one live appointment per agent and start. Overlaps between slots of different
    // lengths are refused by the booking's per-agent lock (book-appointment.ts).
    uniqueIndex("appointments_agent_start_key").on(t.agentId, t.startsAt).where(sql`status <> 'cancelled'`),
    // One appointment waiting per case: a second booking is a reschedule, not a duplicate.
    uniqueIndex("appointments_case_booked_key").on(t.caseId).where(sql`status = 'booked'`),
    index("appointments_agent_time_idx").on(t.agentId, t.startsAt),
    check("appointments_time_order", sql`ends_at > starts_at`),
  ],
);
