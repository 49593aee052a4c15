import { createHash, randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { prescriptionDate } from "../law/fr/prescription";
import { timeZoneForAddress } from "../law/time-zone";
import type { Db, Executor } from "../platform/db/client";
import { isUniqueViolation } from "../platform/db/pg-errors";
import { AppError, type FieldIssue, validationError } from "../platform/errors";
import { initialState } from "./case-lifecycle";
import type { ClaimInput, CreateCaseInput, DebtorInput } from "./create-case.schema";
import { findActiveMandate } from "./mandates";
import { nextCaseReference } from "./references";
import { cases, claims, contactPoints, debtors } from "./schema";
import { type Actor, appendEvent } from "./timeline";
import { normaliseDebtorIdentifiers } from "./validate-identifiers";

export interface CreateCaseResult {
  caseId: string;
  reference: string;
  created: boolean;
}

/** D441-5: the fixed recovery indemnity is 40 € per late invoice, owed by business debtors only. */
export const B2B_INDEMNITY_CENTS = 4000;

/**
 * Creates a case with its debtor and claims, idempotent on the creditor's external reference:
 * the same request again returns the same case; the same reference with another body is a conflict.
 */
export async function createCase(
  db: Db,
  creditorId: string,
  input: CreateCaseInput,
  actor: Actor,
  now: Date,
): Promise<CreateCaseResult> {
  const requestHash = hashRequest(input);
  const existing = await findByExternalRef(db, creditorId, input.externalRef);
  if (existing) return answerRepeat(existing, requestHash);

  const issues: FieldIssue[] = [];
  const ids = normaliseDebtorIdentifiers(input.debtor, issues);
  checkClaims(input.debtor, input.claims, issues);
  if (issues.length > 0) throw validationError(issues);

  try {
    return await db.transaction(async (tx) => {
      const mandate = await findActiveMandate(tx, creditorId);
      if (!mandate) {
        throw new AppError(
          "unprocessable",
          "The creditor has no active mandate (CPCE R124-3): no case can open",
        );
      }
      const debtorId = await upsertDebtor(tx, creditorId, input.debtor, ids, now);
      const caseId = randomUUID();
      const reference = await nextCaseReference(tx, now);
      const state = initialState();
      const currency = input.claims[0]!.principal.currency;
      const balance = input.claims.reduce(
        (sum, c) => sum + c.principal.amount + (indemnityApplies(input.debtor, c) ? B2B_INDEMNITY_CENTS : 0),
        0,
      );
      await tx.insert(cases).values({
        id: caseId,
        creditorId,
        debtorId,
        mandateId: mandate.id,
        reference,
        externalRef: input.externalRef,
        requestHash,
        phase: state.phase,
        status: state.status,
        currency,
        balanceCents: balance,
        nextActionAt: now,
        createdAt: now,
        updatedAt: now,
      });
      await tx.insert(claims).values(
        input.claims.map((c) => ({
          id: randomUUID(),
          creditorId,
          caseId,
          number: c.number,
          issueDate: c.issueDate,
          dueDate: c.dueDate,
          principalCents: c.principal.amount,
          currency: c.principal.currency,
          interestTerms: c.interest ?? { kind: input.debtor.kind === "company" ? "commercial" : "none" },
          b2bIndemnity: indemnityApplies(input.debtor, c),
          // FR-20/21: 2 years against a consumer, 5 years between businesses, from the due date.
          outOfStatuteDate: prescriptionDate({
            basis: input.debtor.kind === "person" ? "consumer" : "business",
            dueDate: c.dueDate,
          }),
          createdAt: now,
        })),
      );
      await appendEvent(tx, {
        creditorId,
        caseId,
        type: "case.created",
        at: now,
        actor,
        data: {
          claims: input.claims.length,
          balanceCents: balance,
          currency,
          mandateVersion: mandate.version,
        },
      });
      return { caseId, reference, created: true };
    });
  } catch (error) {
    // Two identical requests racing: the loser reads the winner's case instead of failing.
    if (isUniqueViolation(error)) {
      const raced = await findByExternalRef(db, creditorId, input.externalRef);
      if (raced) return answerRepeat(raced, requestHash);
      throw new AppError("conflict", "An invoice number in this request already exists for this creditor", {
        issues: [{ field: "claims.number", message: "already exists for this creditor" }],
      });
    }
    throw error;
  }
}

function indemnityApplies(debtor: DebtorInput, claim: ClaimInput): boolean {
  return debtor.kind === "company" && claim.b2bIndemnity !== false;
}

function checkClaims(debtor: DebtorInput, input: ClaimInput[], issues: FieldIssue[]): void {
  const currencies = new Set(input.map((c) => c.principal.currency));
  if (currencies.size > 1) {
    issues.push({ field: "claims.principal.currency", message: "all claims of a case share one currency" });
  }
  const seen = new Set<string>();
  input.forEach((c, i) => {
    if (seen.has(c.number)) {
      issues.push({ field: `claims.${i}.number`, message: "appears twice in this case", value: c.number });
    }
    seen.add(c.number);
    if (debtor.kind === "person" && c.b2bIndemnity) {
      // FR-14: the 40 € indemnity is never owed by a consumer.
      issues.push({
        field: `claims.${i}.b2bIndemnity`,
        message: "is never owed by a private person (D441-5)",
      });
    }
    if (debtor.kind === "person" && c.interest?.kind === "commercial") {
      // FR-12/13: L441-10 penalties apply only between businesses.
      issues.push({
        field: `claims.${i}.interest.kind`,
        message: "commercial late penalties apply only to businesses",
      });
    }
  });
}

async function upsertDebtor(
  tx: Executor,
  creditorId: string,
  d: DebtorInput,
  ids: {
    siren?: string;
    siret?: string;
    email?: string;
    phone?: { e164: string; type: "mobile" | "fixed" | "unknown" };
  },
  now: Date,
): Promise<string> {
  if (d.externalRef) {
    const [found] = await tx
      .select({ id: debtors.id })
      .from(debtors)
      .where(and(eq(debtors.creditorId, creditorId), eq(debtors.externalRef, d.externalRef)));
    if (found) return found.id;
  }
  const id = randomUUID();
  // Without an address the debtor is taken to live in metropolitan France, the agency's own zone.
  const location = timeZoneForAddress({
    country: d.address?.country ?? "FR",
    postalCode: d.address?.postalCode,
    region: d.address?.region,
  });
  const displayName =
    d.kind === "company" ? d.companyName! : [d.firstName, d.lastName].filter(Boolean).join(" ").trim();
  await tx.insert(debtors).values({
    id,
    creditorId,
    kind: d.kind,
    displayName,
    firstName: d.firstName,
    lastName: d.lastName,
    companyName: d.companyName,
    siren: ids.siren,
    siret: ids.siret,
    birthDate: d.birthDate,
    externalRef: d.externalRef,
    address: d.address ? { ...d.address, country: d.address.country } : null,
    timeZone: location.timeZone,
    lawRegion: location.region,
    jurisdiction: d.address?.country === "US" ? "US" : "FR",
    locale: d.locale,
    createdAt: now,
  });
  const points: (typeof contactPoints.$inferInsert)[] = [];
  if (ids.email) points.push({ id: randomUUID(), creditorId, debtorId: id, kind: "email", value: ids.email });
  if (ids.phone) {
    points.push({
      id: randomUUID(),
      creditorId,
      debtorId: id,
      kind: "phone",
      value: ids.phone.e164,
      phoneType: ids.phone.type,
    });
  }
  if (d.address) {
    points.push({
      id: randomUUID(),
      creditorId,
      debtorId: id,
      kind: "postal",
      value: JSON.stringify(d.address),
    });
  }
  if (points.length > 0) await tx.insert(contactPoints).values(points.map((p) => ({ ...p, createdAt: now })));
  return id;
}

async function findByExternalRef(db: Executor, creditorId: string, externalRef: string) {
  const [row] = await db
    .select({ id: cases.id, reference: cases.reference, requestHash: cases.requestHash })
    .from(cases)
    .where(and(eq(cases.creditorId, creditorId), eq(cases.externalRef, externalRef)));
  return row;
}

function answerRepeat(
  existing: { id: string; reference: string; requestHash: string | null },
  requestHash: string,
): CreateCaseResult {
  if (existing.requestHash !== requestHash) {
    throw new AppError("idempotency_conflict", "A case with this externalRef exists with different content", {
      issues: [{ field: "externalRef", message: "already used for a different case" }],
      caseId: existing.id,
    });
  }
  return { caseId: existing.id, reference: existing.reference, created: false };
}

function hashRequest(input: CreateCaseInput): string {
  return createHash("sha256").update(stableStringify(input)).digest("hex");
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
