import { z } from "zod";
import { requireAgency } from "../../platform/http/guards";
import type { App, AppDeps } from "../../platform/http/types";
import {
  getSandboxMessage,
  listSandboxMessages,
  sandboxListSchema,
  sandboxMessageSchema,
  sandboxQuerySchema,
} from "../sandbox-inbox";

const tags = ["Agency"];

/** The sandbox providers' inbox, for demos and checks: agency roles only. */
export function registerSandboxRoutes(app: App, deps: AppDeps): void {
  const { db } = deps.database;

  app.get(
    "/api/agency/sandbox/messages",
    {
      schema: {
        tags,
        summary: "Emails, SMS and letters the sandbox providers received",
        querystring: sandboxQuerySchema,
        response: { 200: sandboxListSchema },
      },
    },
    async (req) => {
      requireAgency(req);
      return listSandboxMessages(db, req.query);
    },
  );

  app.get(
    "/api/agency/sandbox/messages/:messageId",
    {
      // Who may ask is checked before the id is validated, so a creditor learns nothing from a 400.
      preValidation: async (req) => {
        requireAgency(req);
      },
      schema: {
        tags,
        summary: "One sandbox message",
        params: z.object({ messageId: z.uuid() }),
        response: { 200: sandboxMessageSchema },
      },
    },
    async (req) => {
      requireAgency(req);
      return getSandboxMessage(db, req.params.messageId);
    },
  );
}
