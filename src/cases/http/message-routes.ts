import { z } from "zod";
import { actorOf } from "../../platform/http/guards";
import type { App, AppDeps } from "../../platform/http/types";
import {
  listMessages,
  markMessagesRead,
  messageInputSchema,
  messageThreadSchema,
  postMessage,
} from "../case-messages";
import { CASE_ACCESS } from "./case-resource-routes";
import { caseIdParams } from "./shared-schemas";

/** A case's message thread, from the creditor's side and from the agency's. */
export function registerMessageRoutes(app: App, deps: AppDeps): void {
  const { db } = deps.database;
  // Every creditor user (viewers too) may talk to the collector: the read door is enough to write.
  for (const { prefix, tags, read: guard } of CASE_ACCESS) {
    app.get(
      `${prefix}/cases/:caseId/messages`,
      {
        schema: {
          tags,
          summary: "The case's message thread, oldest first, with the count unread by the asking side",
          params: caseIdParams,
          response: { 200: messageThreadSchema },
        },
      },
      async (req) => listMessages(db, guard(req).scope, req.params.caseId),
    );

    app.post(
      `${prefix}/cases/:caseId/messages`,
      {
        schema: {
          tags,
          summary: "Write in the case's message thread (marks nothing read)",
          params: caseIdParams,
          body: messageInputSchema,
          response: { 201: z.object({ id: z.uuid() }) },
        },
      },
      async (req, reply) => {
        const { scope, principal } = guard(req);
        const id = await postMessage(
          db,
          scope,
          req.params.caseId,
          req.body,
          actorOf(principal),
          deps.clock.now(),
        );
        return reply.status(201).send({ id });
      },
    );

    app.post(
      `${prefix}/cases/:caseId/messages/read`,
      {
        schema: {
          tags,
          summary: "Mark every message from the other side as read",
          params: caseIdParams,
          response: { 200: z.object({ marked: z.number().int() }) },
        },
      },
      async (req) => ({
        marked: await markMessagesRead(db, guard(req).scope, req.params.caseId, deps.clock.now()),
      }),
    );
  }
}
