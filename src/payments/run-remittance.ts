import { randomUUID } from "node:crypto";
import { and, eq, inArray, isNull, max, min, notInArray, sql } from "drizzle-orm";
import { findActiveMandate } from "../cases/mandates";
import { agency, creditors } from "../cases/schema";
import type { Db, Executor } from "../platform/db/client";
import { AppError, notFound } from "../platform/errors";
import { ACCOUNTS, type Account, emptyBalances, heldForCreditor, unsweptFees } from "./ledger";
import { remitCreditor } from "./remit-creditor";
import { type RemittanceDecision, remittanceDecision } from "./remittance-schedule";
import { ledgerLines, payments, remittanceRuns, remittances } from "./schema";

// A remittance run (CPCE R124-6): for one creditor or all, what is held is paid over as the mandate
// says, each creditor in its own transaction (remit-creditor.ts), and the run becomes one SEPA
// credit-transfer file. A dry run answers the same question without touching anything.

export interface RunCandidate {
  creditorId: string;
  creditorRef: string;
  creditorName: string;
  heldCents: number;
  unsweptFeesCents: number;
  paymentCount: number;
  oldestDueAt: string | null;
  decision: RemittanceDecision;
  /** Why a due creditor cannot be paid by this run; the funds stay (and show in the at-risk list). */
  blocked: "missing_iban" | "no_mandate" | null;
}

export interface RunResult {
  dryRun: boolean;
  run: {
    id: string;
    reference: string;
    executionDate: string;
    transferCount: number;
    totalCents: number;
  } | null;
  remitted: { creditorId: string; remittanceId: string; reference: string; amountCents: number }[];
  candidates: RunCandidate[];
}

export interface RunOptions {
  creditorId?: string;
  dryRun: boolean;
  /** Requested execution date of the transfers, YYYY-MM-DD; default: the run's day. */
  executionDate?: string;
  /** Who ran it (user id, or "cli"). */
  by: string;
}

/** Creditors with money or fees on the trust account, with what the schedule needs to know. */
async function candidates(db: Executor, creditorId: string | undefined, now: Date): Promise<RunCandidate[]> {
  const scoped = creditorId ? eq(ledgerLines.creditorId, creditorId) : undefined;
  const sums = await db
    .select({
      creditorId: ledgerLines.creditorId,
      account: ledgerLines.account,
      total: sql<string>`coalesce(sum(${ledgerLines.amountCents}), 0)`,
    })
    .from(ledgerLines)
    .where(scoped)
    .groupBy(ledgerLines.creditorId, ledgerLines.account);
  const balances = new Map<string, ReturnType<typeof emptyBalances>>();
  for (const s of sums) {
    if (!s.creditorId || !(ACCOUNTS as readonly string[]).includes(s.account)) continue;
    const b = balances.get(s.creditorId) ?? emptyBalances();
    b[s.account as Account] = Number(s.total);
    balances.set(s.creditorId, b);
  }
  if (creditorId && !balances.has(creditorId)) balances.set(creditorId, emptyBalances());
  const ids = [...balances.keys()];
  if (ids.length === 0) return [];
  const rows = await db.select().from(creditors).where(inArray(creditors.id, ids));
  if (creditorId && rows.length === 0) throw notFound("Creditor");
  const held = await db
    .select({
      creditorId: payments.creditorId,
      count: sql<number>`count(*)::int`,
      oldest: min(payments.remittanceDueAt),
    })
    .from(payments)
    .where(and(inArray(payments.creditorId, ids), isNull(payments.remittanceId)))
    .groupBy(payments.creditorId);
  const last = await db
    .select({ creditorId: remittances.creditorId, at: max(remittances.createdAt) })
    .from(remittances)
    // A rejected or returned transfer paid nothing over: the schedule does not count it.
    .where(
      and(inArray(remittances.creditorId, ids), notInArray(remittances.status, ["rejected", "returned"])),
    )
    .groupBy(remittances.creditorId);
  const out: RunCandidate[] = [];
  for (const c of rows) {
    const b = balances.get(c.id) ?? emptyBalances();
    const h = held.find((x) => x.creditorId === c.id);
    const mandate = await findActiveMandate(db, c.id);
    const funds = {
      heldCents: heldForCreditor(b),
      oldestDueAt: h?.oldest ?? null,
      lastRemittanceAt: last.find((x) => x.creditorId === c.id)?.at ?? null,
    };
    const decision: RemittanceDecision = mandate
      ? remittanceDecision(mandate.remittance, funds, now, creditorId !== undefined)
      : funds.heldCents > 0
        ? { due: true, reason: "deadline" }
        : { due: false, reason: "nothing_held" };
    out.push({
      creditorId: c.id,
      creditorRef: c.ref,
      creditorName: c.legalName,
      heldCents: funds.heldCents,
      unsweptFeesCents: unsweptFees(b),
      paymentCount: h?.count ?? 0,
      oldestDueAt: funds.oldestDueAt?.toISOString() ?? null,
      decision,
      blocked: !decision.due ? null : !mandate ? "no_mandate" : !c.remittanceIban ? "missing_iban" : null,
    });
  }
  return out.sort((x, y) => x.creditorRef.localeCompare(y.creditorRef));
}

const runReference = (now: Date, id: string) =>
  `RUN-${now.toISOString().slice(0, 10).replaceAll("-", "")}-${id.slice(0, 8).toUpperCase()}`;

export async function runRemittance(db: Db, options: RunOptions, now: Date): Promise<RunResult> {
  const list = await candidates(db, options.creditorId, now);
  const payable = list.filter((c) => c.decision.due && c.blocked === null);
  if (options.dryRun || payable.length === 0) {
    return { dryRun: options.dryRun, run: null, remitted: [], candidates: list };
  }
  const [agencyRow] = await db.select({ trustIban: agency.trustIban }).from(agency).limit(1);
  if (!agencyRow?.trustIban) {
    throw new AppError(
      "unprocessable",
      "Set the agency's trust account IBAN (agency settings) before remitting",
    );
  }
  const id = randomUUID();
  const executionDate = options.executionDate ?? now.toISOString().slice(0, 10);
  await db.insert(remittanceRuns).values({
    id,
    reference: runReference(now, id),
    executionDate,
    transferCount: 0,
    totalCents: 0,
    currency: "EUR",
    trustIban: agencyRow.trustIban,
    createdBy: options.by,
    createdAt: now,
  });
  const remitted: RunResult["remitted"] = [];
  for (const c of payable) {
    const r = await remitCreditor(db, c.creditorId, now, { runId: id });
    if (r)
      remitted.push({
        creditorId: c.creditorId,
        remittanceId: r.remittanceId,
        reference: r.reference,
        amountCents: r.amountCents,
      });
  }
  const transfers = remitted.filter((r) => r.amountCents > 0);
  const totalCents = transfers.reduce((s, r) => s + r.amountCents, 0);
  await db
    .update(remittanceRuns)
    .set({ transferCount: transfers.length, totalCents })
    .where(eq(remittanceRuns.id, id));
  return {
    dryRun: false,
    run: { id, reference: runReference(now, id), executionDate, transferCount: transfers.length, totalCents },
    remitted,
    candidates: list,
  };
}
