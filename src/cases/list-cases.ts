import { and, desc, eq, gte, ilike, lt, lte, or, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import type { Scope } from "../platform/auth/scope";
import type { Executor } from "../platform/db/client";
import { AppError } from "../platform/errors";
import { HOLD_REASONS, PHASES, STATUSES } from "./case-lifecycle";
import { unreadCounts } from "./case-messages";
import type { CaseList, CaseSummary } from "./case-views";
import { cases, creditors, debtors } from "./schema";

export const listCasesQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
  creditorId: z.uuid().optional(),
  phase: z.enum(PHASES).optional(),
  status: z.enum(STATUSES).optional(),
  holdReason: z.enum(HOLD_REASONS).optional(),
  assignedAgentId: z.uuid().optional(),
  minBalance: z.coerce.number().int().min(0).optional(),
  maxBalance: z.coerce.number().int().min(0).optional(),
  q: z.string().trim().min(1).max(100).optional().meta({ description: "Reference, your ref or debtor name" }),
});

export type ListCasesQuery = z.infer<typeof listCasesQuerySchema>;

/** Keyset pagination on (created_at, id), newest first: stable under inserts and fast at any depth. */
export async function listCases(db: Executor, scope: Scope, query: ListCasesQuery): Promise<CaseList> {
  const where: SQL[] = [];
  if (scope.kind === "creditor") where.push(eq(cases.creditorId, scope.creditorId));
  else if (query.creditorId) where.push(eq(cases.creditorId, query.creditorId));
  if (query.phase) where.push(eq(cases.phase, query.phase));
  if (query.status) where.push(eq(cases.status, query.status));
  if (query.holdReason) where.push(eq(cases.holdReason, query.holdReason));
  if (query.assignedAgentId) where.push(eq(cases.assignedAgentId, query.assignedAgentId));
  if (query.minBalance !== undefined) where.push(gte(cases.balanceCents, query.minBalance));
  if (query.maxBalance !== undefined) where.push(lte(cases.balanceCents, query.maxBalance));
  if (query.q) {
    const like = `%${query.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    where.push(
      or(ilike(cases.reference, like), ilike(cases.externalRef, like), ilike(debtors.displayName, like))!,
    );
  }
  if (query.cursor) {
    const c = decodeCursor(query.cursor);
    where.push(
      or(lt(cases.createdAt, c.createdAt), and(eq(cases.createdAt, c.createdAt), lt(cases.id, c.id)))!,
    );
  }
  const rows = await selectCaseRows(db)
    .where(where.length ? and(...where) : sql`true`)
    .orderBy(desc(cases.createdAt), desc(cases.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  // One probe of the messages' (case_id, created_at) index per case of the page, whatever the portfolio's size.
  const unread = await unreadCounts(
    db,
    scope,
    page.map((r) => r.c.id),
  );
  return {
    items: page.map((r) => toSummary(r.c, r.creditorName, r.debtorName, r.debtorKind, unread.get(r.c.id))),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.c.createdAt, last.c.id) : null,
  };
}

/** Cases joined with the names a summary shows; callers add their filters. */
export function selectCaseRows(db: Executor) {
  return db
    .select({
      c: cases,
      debtorName: debtors.displayName,
      debtorKind: debtors.kind,
      creditorName: creditors.legalName,
    })
    .from(cases)
    .innerJoin(debtors, eq(debtors.id, cases.debtorId))
    .innerJoin(creditors, eq(creditors.id, cases.creditorId));
}

export function toSummary(
  c: typeof cases.$inferSelect,
  creditorName: string,
  debtorName: string,
  debtorKind: "person" | "company",
  unreadMessages = 0,
): CaseSummary {
  return {
    id: c.id,
    reference: c.reference,
    externalRef: c.externalRef,
    creditor: { id: c.creditorId, name: creditorName },
    debtor: { id: c.debtorId, name: debtorName, kind: debtorKind },
    phase: c.phase as CaseSummary["phase"],
    status: c.status as CaseSummary["status"],
    closedReason: c.closedReason as CaseSummary["closedReason"],
    hold: c.holdReason
      ? {
          reason: c.holdReason as NonNullable<CaseSummary["hold"]>["reason"],
          until: c.holdUntil?.toISOString() ?? null,
        }
      : null,
    balance: { amount: c.balanceCents, currency: c.currency },
    nextActionAt: c.nextActionAt?.toISOString() ?? null,
    assignedAgentId: c.assignedAgentId,
    createdAt: c.createdAt.toISOString(),
    unreadMessages,
  };
}

function encodeCursor(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(at ?? "");
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(createdAt.getTime())) {
    throw new AppError("validation_failed", "Invalid input (cursor: is not a cursor this API returned)", {
      issues: [{ field: "cursor", message: "is not a cursor this API returned" }],
    });
  }
  return { createdAt, id };
}
