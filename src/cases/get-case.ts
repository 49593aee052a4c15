import { and, asc, eq } from "drizzle-orm";
import type { Scope } from "../platform/auth/scope";
import type { Executor } from "../platform/db/client";
import { notFound } from "../platform/errors";
import { unreadCounts } from "./case-messages";
import type { CaseDetail } from "./case-views";
import { B2B_INDEMNITY_CENTS } from "./create-case";
import { selectCaseRows, toSummary } from "./list-cases";
import { cases, claims, timelineEvents } from "./schema";

/** A case with its claims, balance and timeline. Another creditor's case is "not found", never "forbidden". */
export async function getCase(db: Executor, scope: Scope, caseId: string): Promise<CaseDetail> {
  const where =
    scope.kind === "creditor"
      ? and(eq(cases.id, caseId), eq(cases.creditorId, scope.creditorId))
      : eq(cases.id, caseId);
  const [row] = await selectCaseRows(db).where(where);
  if (!row) throw notFound("Case");
  const claimRows = await db
    .select()
    .from(claims)
    .where(eq(claims.caseId, caseId))
    .orderBy(asc(claims.dueDate));
  const eventWhere =
    scope.kind === "creditor"
      ? and(eq(timelineEvents.caseId, caseId), eq(timelineEvents.visibleToCreditor, true))
      : eq(timelineEvents.caseId, caseId);
  const events = await db.select().from(timelineEvents).where(eventWhere).orderBy(asc(timelineEvents.seq));
  const unread = (await unreadCounts(db, scope, [caseId])).get(caseId) ?? 0;
  const currency = row.c.currency;
  const principal = claimRows.reduce((s, c) => s + c.principalCents, 0);
  const indemnity = claimRows.filter((c) => c.b2bIndemnity).length * B2B_INDEMNITY_CENTS;
  const paid = claimRows.reduce((s, c) => s + c.paidCents, 0);
  return {
    ...toSummary(row.c, row.creditorName, row.debtorName, row.debtorKind, unread),
    firstLetter:
      row.c.firstLetterRef && row.c.firstLetterAt
        ? { reference: row.c.firstLetterRef, date: row.c.firstLetterAt.toISOString() }
        : null,
    mandateId: row.c.mandateId,
    claims: claimRows.map((c) => ({
      id: c.id,
      number: c.number,
      issueDate: c.issueDate,
      dueDate: c.dueDate,
      principal: { amount: c.principalCents, currency: c.currency },
      paid: { amount: c.paidCents, currency: c.currency },
      interestTerms: c.interestTerms,
      b2bIndemnity: c.b2bIndemnity,
      outOfStatuteDate: c.outOfStatuteDate,
    })),
    balanceBreakdown: {
      principal: { amount: principal, currency },
      indemnity: { amount: indemnity, currency },
      paid: { amount: paid, currency },
      outstanding: { amount: row.c.balanceCents, currency },
    },
    timeline: events.map((e) => ({
      id: e.id,
      type: e.type,
      at: e.at.toISOString(),
      actor: { type: e.actorType, id: e.actorId },
      data: e.data,
    })),
  };
}
