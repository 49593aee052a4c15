import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db, Executor } from "../platform/db/client";
import { isUniqueViolation } from "../platform/db/pg-errors";
import { AppError, type FieldIssue, notFound, validationError } from "../platform/errors";
import { addressSchema } from "./create-case.schema";
import { creditors } from "./schema";
import { normaliseCreditorIdentifiers } from "./validate-identifiers";

const contactSchema = z.object({
  name: z.string().trim().min(1).max(100),
  email: z.string().trim().max(254).optional(),
  phone: z.string().trim().max(40).optional(),
  role: z.string().trim().max(100).optional(),
});

export const creditorInputSchema = z
  .object({
    ref: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$/, "must be 2–40 letters, digits, - or _"),
    legalName: z.string().trim().min(2).max(200),
    siren: z.string().trim(),
    siret: z.string().trim().optional(),
    vatNumber: z.string().trim().max(20).optional(),
    address: addressSchema.optional(),
    remittanceIban: z.string().trim().optional(),
    remittanceBic: z.string().trim().optional(),
    contacts: z.array(contactSchema).default([]),
  })
  .meta({
    examples: [
      {
        ref: "TELECOM-SUD",
        legalName: "Télécom Sud SAS",
        siren: "552100554",
        address: { line1: "5 avenue Jean Médecin", postalCode: "06000", city: "Nice", country: "FR" },
        remittanceIban: "FR7630006000011234567890189",
        contacts: [
          { name: "Claire Dubois", email: "claire.dubois@telecom-sud.example", role: "Responsable crédit" },
        ],
      },
    ],
  });

export const creditorSchema = z.object({
  id: z.uuid(),
  ref: z.string(),
  legalName: z.string(),
  siren: z.string(),
  siret: z.string().nullable(),
  vatNumber: z.string().nullable(),
  address: addressSchema.nullable(),
  remittanceIban: z.string().nullable(),
  remittanceBic: z.string().nullable(),
  contacts: z.array(contactSchema),
  createdAt: z.string(),
});

export type CreditorView = z.infer<typeof creditorSchema>;

export function toCreditorView(c: Creditor): CreditorView {
  return {
    id: c.id,
    ref: c.ref,
    legalName: c.legalName,
    siren: c.siren,
    siret: c.siret,
    vatNumber: c.vatNumber,
    address: c.address ? { ...c.address, line2: c.address.line2 } : null,
    remittanceIban: c.remittanceIban,
    remittanceBic: c.remittanceBic,
    contacts: c.contacts,
    createdAt: c.createdAt.toISOString(),
  };
}

export type CreditorInput = z.infer<typeof creditorInputSchema>;
export type Creditor = typeof creditors.$inferSelect;

export async function createCreditor(db: Db, input: CreditorInput, now: Date): Promise<Creditor> {
  const issues: FieldIssue[] = [];
  const ids = normaliseCreditorIdentifiers(input, issues);
  if (issues.length > 0) throw validationError(issues);
  try {
    const [row] = await db
      .insert(creditors)
      .values({ id: randomUUID(), ...input, ...ids, createdAt: now, updatedAt: now })
      .returning();
    if (!row) throw notFound("Creditor");
    return row;
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("conflict", `A creditor with ref ${input.ref} already exists`, {
        issues: [{ field: "ref", message: "already exists", value: input.ref }],
      });
    }
    throw error;
  }
}

export async function getCreditor(db: Executor, id: string): Promise<Creditor> {
  const [row] = await db.select().from(creditors).where(eq(creditors.id, id));
  if (!row) throw notFound("Creditor");
  return row;
}

export async function findCreditorByRef(db: Executor, ref: string): Promise<Creditor | undefined> {
  const [row] = await db.select().from(creditors).where(eq(creditors.ref, ref));
  return row;
}

export async function listCreditors(db: Executor): Promise<Creditor[]> {
  return db.select().from(creditors).orderBy(asc(creditors.legalName));
}
