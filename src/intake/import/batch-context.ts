// What every statement of a batch needs to know, and the timeline event rows they write.

import type { Actor } from "../../cases/timeline";
import { orderedUuid } from "../../platform/db/ordered-id";

export type UpdatePolicy = "skip" | "update";

export interface BatchContext {
  creditorId: string;
  mandateId: string;
  mandateVersion: number;
  importId: string;
  now: Date;
  actor: Actor;
  updatePolicy: UpdatePolicy;
}

export const EVENT_COLUMNS = {
  id: "uuid",
  creditor_id: "uuid",
  case_id: "uuid",
  type: "text",
  at: "timestamptz",
  actor_type: "text",
  actor_id: "text",
  data: "jsonb",
} as const;

export function event(ctx: BatchContext, caseId: string, type: string, data: Record<string, unknown>) {
  return {
    id: orderedUuid(),
    creditor_id: ctx.creditorId,
    case_id: caseId,
    type,
    at: ctx.now.toISOString(),
    actor_type: ctx.actor.type,
    actor_id: ctx.actor.id,
    data: JSON.stringify(data),
  };
}
