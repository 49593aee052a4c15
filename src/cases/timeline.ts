import { randomUUID } from "node:crypto";
import type { Executor } from "../platform/db/client";
import { timelineEvents } from "./schema";

export type ActorType = "system" | "user" | "api_key" | "debtor" | "voice_agent" | "provider";

export interface Actor {
  type: ActorType;
  id: string | null;
}

export const SYSTEM: Actor = { type: "system", id: null };

export interface NewEvent {
  creditorId: string;
  caseId: string;
  type: string;
  at: Date;
  actor: Actor;
  data?: Record<string, unknown>;
  visibleToCreditor?: boolean;
}

/** Appends an event; call it inside the transaction that makes the change it records. */
export async function appendEvent(tx: Executor, event: NewEvent): Promise<string> {
  const id = randomUUID();
  await tx.insert(timelineEvents).values({
    id,
    creditorId: event.creditorId,
    caseId: event.caseId,
    type: event.type,
    at: event.at,
    actorType: event.actor.type,
    actorId: event.actor.id,
    data: event.data ?? {},
    visibleToCreditor: event.visibleToCreditor ?? true,
  });
  return id;
}
