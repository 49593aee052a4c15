import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Scope } from "../platform/auth/scope";
import type { Db, Executor } from "../platform/db/client";
import { isUniqueViolation } from "../platform/db/pg-errors";
import { AppError, type FieldIssue, notFound, validationError } from "../platform/errors";
import { addressSchema } from "./create-case.schema";
import { type ContactChannel, type ContactOptOut, cases, contactPoints } from "./schema";
import { type Actor, appendEvent } from "./timeline";
import { normaliseEmail, normalisePhone } from "./validate-identifiers";

// Contact points say how a debtor can be reached. Their validity and opt-outs are what the collection
// engine reads before any contact: a bounce or a wrong number marks one invalid, a STOP or a
// "ne m'appelez plus" records an opt-out for that channel only.

export const CONTACT_CHANNELS = ["call", "sms", "email", "letter"] as const;

export const newContactPointSchema = z
  .discriminatedUnion("kind", [
    z.object({
      kind: z.literal("phone"),
      value: z.string().trim().min(3).max(40),
      label: z.string().max(50).optional(),
    }),
    z.object({
      kind: z.literal("email"),
      value: z.string().trim().min(3).max(254),
      label: z.string().max(50).optional(),
    }),
    z.object({ kind: z.literal("postal"), value: addressSchema, label: z.string().max(50).optional() }),
  ])
  .meta({ examples: [{ kind: "phone", value: "06 98 76 54 32", label: "mobile perso" }] });

export const contactPointUpdateSchema = z
  .object({
    status: z.enum(["valid", "invalid", "unverified"]).optional(),
    invalidReason: z.string().trim().max(200).optional(),
    optOut: z.enum(CONTACT_CHANNELS).optional(),
    optIn: z.enum(CONTACT_CHANNELS).optional(),
  })
  .refine((u) => u.status !== "invalid" || u.invalidReason, {
    path: ["invalidReason"],
    message: "is required when marking a contact point invalid",
  })
  .meta({ examples: [{ optOut: "call" }] });

export type NewContactPoint = z.infer<typeof newContactPointSchema>;
export type ContactPointUpdate = z.infer<typeof contactPointUpdateSchema>;

export const contactPointSchema = z.object({
  id: z.uuid(),
  kind: z.enum(["phone", "email", "postal"]),
  value: z.string(),
  phoneType: z.enum(["mobile", "fixed", "unknown"]).nullable(),
  label: z.string().nullable(),
  status: z.enum(["valid", "invalid", "unverified"]),
  invalidReason: z.string().nullable(),
  optOuts: z.array(z.object({ channel: z.enum(CONTACT_CHANNELS), at: z.string(), source: z.string() })),
  source: z.string(),
});

export type ContactPointView = z.infer<typeof contactPointSchema>;

function toView(c: typeof contactPoints.$inferSelect): ContactPointView {
  return {
    id: c.id,
    kind: c.kind,
    value: c.value,
    phoneType: c.phoneType,
    label: c.label,
    status: c.status,
    invalidReason: c.invalidReason,
    optOuts: c.optOuts,
    source: c.source,
  };
}

async function caseOwner(db: Executor, scope: Scope, caseId: string) {
  const where =
    scope.kind === "creditor"
      ? and(eq(cases.id, caseId), eq(cases.creditorId, scope.creditorId))
      : eq(cases.id, caseId);
  const [row] = await db
    .select({ creditorId: cases.creditorId, debtorId: cases.debtorId })
    .from(cases)
    .where(where);
  if (!row) throw notFound("Case");
  return row;
}

export async function listContactPoints(
  db: Executor,
  scope: Scope,
  caseId: string,
): Promise<ContactPointView[]> {
  const owner = await caseOwner(db, scope, caseId);
  const rows = await db
    .select()
    .from(contactPoints)
    .where(eq(contactPoints.debtorId, owner.debtorId))
    .orderBy(asc(contactPoints.kind), asc(contactPoints.createdAt));
  return rows.map(toView);
}

export async function addContactPoint(
  db: Db,
  scope: Scope,
  caseId: string,
  input: NewContactPoint,
  actor: Actor,
  now: Date,
): Promise<ContactPointView> {
  const issues: FieldIssue[] = [];
  let value: string;
  let phoneType: "mobile" | "fixed" | "unknown" | null = null;
  if (input.kind === "phone") {
    const phone = normalisePhone(input.value, "value", issues);
    value = phone?.e164 ?? "";
    phoneType = phone?.type ?? null;
  } else if (input.kind === "email") {
    value = normaliseEmail(input.value, "value", issues) ?? "";
  } else {
    value = JSON.stringify(input.value);
  }
  if (issues.length > 0) throw validationError(issues);
  try {
    return await db.transaction(async (tx) => {
      const owner = await caseOwner(tx, scope, caseId);
      const [row] = await tx
        .insert(contactPoints)
        .values({
          id: randomUUID(),
          creditorId: owner.creditorId,
          debtorId: owner.debtorId,
          kind: input.kind,
          value,
          phoneType,
          label: input.label,
          source: actor.type,
          createdAt: now,
        })
        .returning();
      if (!row) throw notFound("Contact point");
      await appendEvent(tx, {
        creditorId: owner.creditorId,
        caseId,
        type: "contact_point.added",
        at: now,
        actor,
        data: { contactPointId: row.id, kind: row.kind },
      });
      return toView(row);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", "The debtor already has this contact point");
    throw error;
  }
}

/** Marks a contact point valid or invalid, or records an opt-out (or its withdrawal) for one channel. */
export async function updateContactPoint(
  db: Db,
  scope: Scope,
  caseId: string,
  contactPointId: string,
  update: ContactPointUpdate,
  actor: Actor,
  now: Date,
): Promise<ContactPointView> {
  return db.transaction(async (tx) => {
    const owner = await caseOwner(tx, scope, caseId);
    const [current] = await tx
      .select()
      .from(contactPoints)
      .where(and(eq(contactPoints.id, contactPointId), eq(contactPoints.debtorId, owner.debtorId)))
      .for("update");
    if (!current) throw notFound("Contact point");
    let optOuts: ContactOptOut[] = current.optOuts;
    if (update.optOut && !optOuts.some((o) => o.channel === update.optOut)) {
      optOuts = [...optOuts, { channel: update.optOut, at: now.toISOString(), source: actor.type }];
    }
    if (update.optIn) optOuts = optOuts.filter((o) => o.channel !== update.optIn);
    const status = update.status ?? current.status;
    const [row] = await tx
      .update(contactPoints)
      .set({
        status,
        invalidReason: status === "invalid" ? (update.invalidReason ?? current.invalidReason) : null,
        optOuts,
      })
      .where(eq(contactPoints.id, contactPointId))
      .returning();
    if (!row) throw notFound("Contact point");
    await appendEvent(tx, {
      creditorId: owner.creditorId,
      caseId,
      type: "contact_point.updated",
      at: now,
      actor,
      data: { contactPointId, kind: row.kind, status, ...update },
    });
    return toView(row);
  });
}

/** Whether this contact point may carry this channel now: valid (or not yet verified) and not refused. */
export function isReachable(
  point: Pick<ContactPointView, "status" | "optOuts">,
  channel: ContactChannel,
): boolean {
  return point.status !== "invalid" && !point.optOuts.some((o) => o.channel === channel);
}
