import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { App, AppDeps } from "../../platform/http/types";
import { bookAppointment, bookingInputSchema } from "../../scheduling/book-appointment";
import { findFreeSlots } from "../../scheduling/find-free-slots";
import { bookedSchema, slotsSchema } from "../../scheduling/http/calendar-routes";
import { authenticatePortal } from "../identity-check";
import { PORTAL_SESSION_HEADER } from "./portal-routes";

const TAGS = ["Debtor portal"];
const tokenParams = z.object({ token: z.string().min(1).max(64) });

/** The debtor books a call or a video meeting with an agent in one of the free slots. */
export function registerPortalAppointmentRoutes(app: App, deps: AppDeps): void {
  const db = deps.database.db;
  const now = () => deps.clock.now();
  const access = (req: FastifyRequest) => {
    const header = req.headers[PORTAL_SESSION_HEADER];
    const { token } = req.params as { token: string };
    return authenticatePortal(db, token, typeof header === "string" ? header : undefined, now());
  };

  app.get(
    "/api/portal/:token/appointment-slots",
    {
      schema: {
        hide: true,
        tags: TAGS,
        params: tokenParams,
        querystring: z.object({ days: z.coerce.number().int().min(1).max(30).default(14) }),
        response: { 200: slotsSchema },
      },
    },
    async (req) => {
      await access(req);
      return findFreeSlots(db, now(), req.query.days);
    },
  );

  app.post(
    "/api/portal/:token/appointments",
    {
      schema: {
        hide: true,
        tags: TAGS,
        params: tokenParams,
        // The debtor picks a time, never an agent.
        body: bookingInputSchema.omit({ agentId: true }),
        response: { 201: bookedSchema.omit({ agentId: true }) },
      },
    },
    async (req, reply) => {
      const a = await access(req);
      const b = await bookAppointment(db, a.caseId, req.body, { type: "debtor", id: a.link.id }, now());
      return reply.status(201).send({
        appointmentId: b.appointmentId,
        startsAt: b.startsAt.toISOString(),
        endsAt: b.endsAt.toISOString(),
      });
    },
  );
}
