import { eq } from "drizzle-orm";
import { electronicFormatIBAN, isValidIBAN } from "ibantools";
import { z } from "zod";
import type { Db, Executor } from "../platform/db/client";
import { notFound, validationError } from "../platform/errors";
import { addressSchema } from "./create-case.schema";
import { agency } from "./schema";

// FR-02 (CPCE R124-2): before it works, the agency proves liability insurance, a trust account used only
// for collected funds, and its declaration to the procureur. Real sending stays blocked until all hold.

export const agencySettingsSchema = z
  .object({
    name: z.string().trim().min(2).max(200),
    siren: z
      .string()
      .trim()
      .regex(/^\d{9}$/, "must be 9 digits")
      .nullable()
      .default(null),
    address: addressSchema,
    phone: z.string().trim().max(40).nullable().default(null),
    email: z.email().nullable().default(null),
    insurer: z.string().trim().max(200).nullable().default(null),
    insurancePolicy: z.string().trim().max(100).nullable().default(null),
    insuranceValidUntil: z.iso.date().nullable().default(null),
    trustIban: z.string().trim().nullable().default(null),
    prosecutorDeclarationDate: z.iso.date().nullable().default(null),
    prosecutorCourt: z.string().trim().max(200).nullable().default(null),
  })
  .meta({
    examples: [
      {
        name: "Relance Recouvrement",
        siren: "812345674",
        address: { line1: "18 rue de la Bourse", postalCode: "69002", city: "Lyon", country: "FR" },
        phone: "+33478000000",
        email: "contact@relance-recouvrement.example",
        insurer: "Mutuelle des Professions Juridiques",
        insurancePolicy: "RCP-2026-00417",
        insuranceValidUntil: "2027-12-31",
        trustIban: "FR7630004000031234567890143",
        prosecutorDeclarationDate: "2025-09-01",
        prosecutorCourt: "Tribunal judiciaire de Lyon",
      },
    ],
  });

export type AgencySettings = z.infer<typeof agencySettingsSchema>;

export const agencySettingsViewSchema = agencySettingsSchema.extend({
  compliance: z.object({
    readyToOperate: z.boolean(),
    missing: z.array(z.enum(["insurance", "insurance_expired", "trust_account", "prosecutor_declaration"])),
  }),
});

export type AgencySettingsView = z.infer<typeof agencySettingsViewSchema>;

/** What R124-2 still lacks on a given day; empty when the agency may send for real. */
export function missingPrerequisites(
  s: AgencySettings,
  today: string,
): AgencySettingsView["compliance"]["missing"] {
  const missing: AgencySettingsView["compliance"]["missing"] = [];
  if (!s.insurer || !s.insurancePolicy || !s.insuranceValidUntil) missing.push("insurance");
  else if (s.insuranceValidUntil < today) missing.push("insurance_expired");
  if (!s.trustIban) missing.push("trust_account");
  if (!s.prosecutorDeclarationDate || !s.prosecutorCourt) missing.push("prosecutor_declaration");
  return missing;
}

function toView(row: typeof agency.$inferSelect, today: string): AgencySettingsView {
  const settings: AgencySettings = {
    name: row.name,
    siren: row.siren,
    address: { ...row.address, line2: row.address.line2 },
    phone: row.phone,
    email: row.email,
    insurer: row.insurer,
    insurancePolicy: row.insurancePolicy,
    insuranceValidUntil: row.insuranceValidUntil,
    trustIban: row.trustIban,
    prosecutorDeclarationDate: row.prosecutorDeclarationDate,
    prosecutorCourt: row.prosecutorCourt,
  };
  const missing = missingPrerequisites(settings, today);
  return { ...settings, compliance: { readyToOperate: missing.length === 0, missing } };
}

export async function getAgencySettings(db: Executor, now: Date): Promise<AgencySettingsView> {
  const [row] = await db.select().from(agency).where(eq(agency.id, 1));
  if (!row) throw notFound("Agency settings");
  return toView(row, now.toISOString().slice(0, 10));
}

/**
 * What R124-2 still lacks at this instant (everything when the agency was never set up): the dispatcher
 * keeps real sending back until this is empty.
 */
export async function agencyReadiness(
  db: Executor,
  now: Date,
): Promise<AgencySettingsView["compliance"]["missing"]> {
  const [row] = await db.select().from(agency).where(eq(agency.id, 1));
  if (!row) return ["insurance", "trust_account", "prosecutor_declaration"];
  return toView(row, now.toISOString().slice(0, 10)).compliance.missing;
}

export async function saveAgencySettings(
  db: Db,
  input: AgencySettings,
  now: Date,
): Promise<AgencySettingsView> {
  const trustIban = input.trustIban ? (electronicFormatIBAN(input.trustIban) ?? input.trustIban) : null;
  if (trustIban && !isValidIBAN(trustIban)) {
    throw validationError([{ field: "trustIban", message: "is not a valid IBAN", value: input.trustIban }]);
  }
  const values = { ...input, trustIban };
  const [row] = await db
    .insert(agency)
    .values({ id: 1, ...values })
    .onConflictDoUpdate({ target: agency.id, set: values })
    .returning();
  if (!row) throw notFound("Agency settings");
  return toView(row, now.toISOString().slice(0, 10));
}
