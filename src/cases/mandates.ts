import { randomUUID } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db, Executor } from "../platform/db/client";
import { notFound } from "../platform/errors";
import { mandates } from "./schema";

// FR-03 (CPCE R124-3): the written convention states the claims' basis, the liability guarantee, how the
// fee is computed and how funds are remitted. A new version supersedes the previous one; cases keep the
// version they were opened under.

/** How many days before a promised date or an instalment the debtor is reminded. */
export const DEFAULT_REMINDER_DAYS_BEFORE = 3;

export const mandateInputSchema = z
  .object({
    claimBasis: z.string().trim().min(3).max(2000),
    insuranceReference: z.string().trim().min(3).max(200),
    commission: z.object({
      rateBp: z.number().int().min(0).max(10_000),
      minimumCents: z.number().int().min(0).default(0),
      tiers: z
        .array(z.object({ fromCents: z.number().int().min(0), rateBp: z.number().int().min(0).max(10_000) }))
        .default([]),
      vatRateBp: z.number().int().min(0).max(10_000).default(2000),
    }),
    remittance: z.object({
      frequency: z.enum(["weekly", "biweekly", "monthly"]).default("monthly"),
      // FR-10: one month from encashment unless the mandate says otherwise; we never allow more here.
      maxDelayDays: z.number().int().min(1).max(31).default(30),
      thresholdCents: z.number().int().min(0).optional(),
    }),
    planLimits: z.object({
      maxInstalments: z.number().int().min(1).max(60).default(6),
      minInstalmentCents: z.number().int().min(100).default(3000),
      maxFirstPaymentDelayDays: z.number().int().min(0).max(90).default(30),
      // How early the debtor hears of a promised date or an instalment (payments/commitment-reminders.ts).
      reminderDaysBefore: z.number().int().min(0).max(14).default(DEFAULT_REMINDER_DAYS_BEFORE),
    }),
    // Off unless the convention says so: the creditor decides whether its own late-payment claims are
    // pursued (L441-10 penalties on businesses; legal interest from the formal notice).
    lateInterest: z
      .object({ b2bPenalties: z.boolean().default(false), legalInterest: z.boolean().default(false) })
      .default({ b2bPenalties: false, legalInterest: false }),
    signedAt: z.iso.date(),
    effectiveFrom: z.iso.date(),
  })
  .refine((m) => isAscending(m.commission.tiers), {
    path: ["commission", "tiers"],
    message: "tiers must be in ascending order of fromCents",
  })
  .meta({
    examples: [
      {
        claimBasis:
          "Factures de prestations de services impayées, conditions générales de vente du créancier",
        insuranceReference: "RCP 2026-118-554 (Assureur Mutuel)",
        commission: {
          rateBp: 1500,
          minimumCents: 3000,
          tiers: [{ fromCents: 1_000_000, rateBp: 1000 }],
          vatRateBp: 2000,
        },
        remittance: { frequency: "monthly", maxDelayDays: 30 },
        planLimits: {
          maxInstalments: 6,
          minInstalmentCents: 3000,
          maxFirstPaymentDelayDays: 30,
          reminderDaysBefore: 3,
        },
        signedAt: "2026-01-15",
        effectiveFrom: "2026-02-01",
      },
    ],
  });

export type MandateInput = z.infer<typeof mandateInputSchema>;

export const mandateSchema = z.object({
  id: z.uuid(),
  creditorId: z.uuid(),
  version: z.number().int(),
  status: z.enum(["active", "superseded", "terminated"]),
  claimBasis: z.string(),
  insuranceReference: z.string(),
  commission: z.object({
    rateBp: z.number().int(),
    minimumCents: z.number().int(),
    tiers: z.array(z.object({ fromCents: z.number().int(), rateBp: z.number().int() })),
    vatRateBp: z.number().int(),
  }),
  remittance: z.object({
    frequency: z.enum(["weekly", "biweekly", "monthly"]),
    maxDelayDays: z.number().int(),
    thresholdCents: z.number().int().optional(),
  }),
  planLimits: z.object({
    maxInstalments: z.number().int(),
    minInstalmentCents: z.number().int(),
    maxFirstPaymentDelayDays: z.number().int(),
    reminderDaysBefore: z.number().int(),
  }),
  lateInterest: z.object({ b2bPenalties: z.boolean(), legalInterest: z.boolean() }),
  signedAt: z.string(),
  effectiveFrom: z.string(),
  createdAt: z.string(),
});

export function toMandateView(m: Mandate): z.infer<typeof mandateSchema> {
  return {
    ...m,
    planLimits: { ...m.planLimits, reminderDaysBefore: reminderDaysBefore(m) },
    createdAt: m.createdAt.toISOString(),
  };
}

/** The mandate's lead time for commitment reminders; mandates signed before it existed use the default. */
export function reminderDaysBefore(m: Pick<Mandate, "planLimits"> | undefined): number {
  return m?.planLimits.reminderDaysBefore ?? DEFAULT_REMINDER_DAYS_BEFORE;
}
export type Mandate = typeof mandates.$inferSelect;

function isAscending(tiers: { fromCents: number }[]): boolean {
  return tiers.every((t, i) => i === 0 || t.fromCents > tiers[i - 1]!.fromCents);
}

export async function findActiveMandate(db: Executor, creditorId: string): Promise<Mandate | undefined> {
  const [row] = await db
    .select()
    .from(mandates)
    .where(and(eq(mandates.creditorId, creditorId), eq(mandates.status, "active")));
  return row;
}

export async function listMandates(db: Executor, creditorId: string): Promise<Mandate[]> {
  return db
    .select()
    .from(mandates)
    .where(eq(mandates.creditorId, creditorId))
    .orderBy(desc(mandates.version));
}

/** Records a new version of the creditor's mandate and makes it the active one. */
export async function createMandateVersion(
  db: Db,
  creditorId: string,
  input: MandateInput,
): Promise<Mandate> {
  return db.transaction(async (tx) => {
    const previous = await listMandates(tx, creditorId);
    const version = (previous[0]?.version ?? 0) + 1;
    await tx
      .update(mandates)
      .set({ status: "superseded" })
      .where(and(eq(mandates.creditorId, creditorId), eq(mandates.status, "active")));
    const [row] = await tx
      .insert(mandates)
      .values({ id: randomUUID(), creditorId, version, status: "active", ...input })
      .returning();
    if (!row) throw notFound("Mandate");
    return row;
  });
}
