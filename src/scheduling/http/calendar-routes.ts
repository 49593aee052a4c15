import { z } from "zod";
import { AppError } from "../../platform/errors";
import { actorOf, requireAgency } from "../../platform/http/guards";
import type { App, AppDeps } from "../../platform/http/types";
import { bookAppointment, bookingInputSchema } from "../book-appointment";
import {
  absenceInputSchema,
  addAbsence,
  calendarInputSchema,
  calendarViewSchema,
  listAbsences,
  listCalendars,
  removeAbsence,
  saveCalendar,
} from "../calendars";
import { findFreeSlots } from "../find-free-slots";
import { appointmentViewSchema, listAppointments } from "../list-appointments";
import { appointmentOutcomeSchema, settleAppointment } from "../update-appointment";

const tags = ["Agency calendar"];
const userParams = z.object({ userId: z.uuid() });
const range = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export const slotsSchema = z.object({
  timeZone: z.string(),
  slots: z.array(z.object({ startsAt: z.string(), endsAt: z.string() })),
});
export const bookedSchema = z.object({
  appointmentId: z.uuid(),
  agentId: z.uuid(),
  startsAt: z.string(),
  endsAt: z.string(),
});
const MAX_RANGE_MS = 62 * 86_400_000;

/** A period from the query; this week and the next by default. */
function parseRange(q: z.infer<typeof range>, now: Date): { from: Date; to: Date } {
  const from = q.from ? new Date(q.from) : now;
  const to = q.to ? new Date(q.to) : new Date(from.getTime() + 14 * 86_400_000);
  if (to <= from || to.getTime() - from.getTime() > MAX_RANGE_MS)
    throw new AppError("validation_failed", "to must follow from, at most 62 days later", {
      issues: [{ field: "query.to", message: "must follow from, at most 62 days later", value: q.to }],
    });
  return { from, to };
}

/** The agents' calendars in the back office: working weeks, absences, appointments, booking. */
export function registerCalendarRoutes(app: App, deps: AppDeps): void {
  const { db } = deps.database;
  const now = () => deps.clock.now();

  app.get(
    "/api/agency/calendars",
    {
      schema: {
        tags,
        summary: "Every agency user's working week",
        response: { 200: z.object({ items: z.array(calendarViewSchema) }) },
      },
    },
    async (req) => {
      requireAgency(req);
      return { items: await listCalendars(db) };
    },
  );

  app.put(
    "/api/agency/calendars/:userId",
    {
      schema: {
        tags,
        summary: "Set a user's working week (agency time zone) and slot length; agents may set their own",
        params: userParams,
        body: calendarInputSchema,
        response: { 200: calendarViewSchema },
      },
    },
    async (req) => {
      const p = requireAgency(req);
      if (p.role === "agent" && p.userId !== req.params.userId) requireAgency(req, ["admin", "manager"]);
      return saveCalendar(db, req.params.userId, req.body, now());
    },
  );

  app.get(
    "/api/agency/calendars/:userId/absences",
    {
      schema: {
        tags,
        summary: "A user's absences overlapping a period",
        params: userParams,
        querystring: range,
      },
    },
    async (req) => {
      requireAgency(req);
      const { from, to } = parseRange(req.query, now());
      const rows = await listAbsences(db, req.params.userId, from, to);
      return {
        items: rows.map((r) => ({
          id: r.id,
          startsAt: r.startsAt.toISOString(),
          endsAt: r.endsAt.toISOString(),
          reason: r.reason,
        })),
      };
    },
  );

  app.post(
    "/api/agency/calendars/:userId/absences",
    {
      schema: {
        tags,
        summary: "Record an absence; no slot is offered during it",
        params: userParams,
        body: absenceInputSchema,
        response: { 201: z.object({ absenceId: z.uuid() }) },
      },
    },
    async (req, reply) => {
      const p = requireAgency(req);
      if (p.role === "agent" && p.userId !== req.params.userId) requireAgency(req, ["admin", "manager"]);
      return reply.status(201).send(await addAbsence(db, req.params.userId, req.body, now()));
    },
  );

  app.delete(
    "/api/agency/absences/:absenceId",
    { schema: { tags, summary: "Remove an absence", params: z.object({ absenceId: z.uuid() }) } },
    async (req, reply) => {
      requireAgency(req, ["admin", "manager"]);
      await removeAbsence(db, req.params.absenceId);
      return reply.status(204).send();
    },
  );

  app.get(
    "/api/agency/appointments",
    {
      schema: {
        tags,
        summary: "Appointments in a period, for one agent or one case",
        querystring: range.extend({ agentId: z.uuid().optional(), caseId: z.uuid().optional() }),
        response: { 200: z.object({ items: z.array(appointmentViewSchema) }) },
      },
    },
    async (req) => {
      requireAgency(req);
      const { from, to } = parseRange(req.query, now());
      return {
        items: await listAppointments(db, { agentId: req.query.agentId, caseId: req.query.caseId, from, to }),
      };
    },
  );

  app.get(
    "/api/agency/appointment-slots",
    {
      schema: {
        tags,
        summary: "Free slots over the next days (at least one agent free)",
        querystring: z.object({ days: z.coerce.number().int().min(1).max(30).default(14) }),
        response: { 200: slotsSchema },
      },
    },
    async (req) => {
      requireAgency(req);
      return findFreeSlots(db, now(), req.query.days);
    },
  );

  app.post(
    "/api/agency/cases/:caseId/appointments",
    {
      schema: {
        tags,
        summary: "Book a slot for a case (the least-loaded free agent unless one is named)",
        params: z.object({ caseId: z.uuid() }),
        body: bookingInputSchema,
        response: { 201: bookedSchema },
      },
    },
    async (req, reply) => {
      const p = requireAgency(req);
      const b = await bookAppointment(db, req.params.caseId, req.body, actorOf(p), now());
      return reply
        .status(201)
        .send({ ...b, startsAt: b.startsAt.toISOString(), endsAt: b.endsAt.toISOString() });
    },
  );

  app.post(
    "/api/agency/appointments/:appointmentId/outcome",
    {
      schema: {
        tags,
        summary: "Mark a booked appointment done, missed or cancelled",
        params: z.object({ appointmentId: z.uuid() }),
        body: appointmentOutcomeSchema,
        response: { 200: z.object({ status: z.string() }) },
      },
    },
    async (req) => {
      const p = requireAgency(req);
      return settleAppointment(db, req.params.appointmentId, req.body, actorOf(p), now());
    },
  );
}
