import { z } from "zod";

const isoDate = z.iso.date({ error: "must be a date as YYYY-MM-DD" });
const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as EUR")
  .default("EUR");

export const addressSchema = z.object({
  line1: z.string().trim().min(1).max(200),
  line2: z.string().trim().max(200).optional(),
  postalCode: z.string().trim().min(1).max(20),
  city: z.string().trim().min(1).max(100),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code such as FR")
    .default("FR"),
  region: z
    .string()
    .max(10)
    .optional()
    .meta({ description: "State or province code outside France (US: CA, NY…)" }),
});

export const debtorInputSchema = z
  .object({
    kind: z.enum(["person", "company"]),
    firstName: z.string().trim().min(1).max(100).optional(),
    lastName: z.string().trim().min(1).max(100).optional(),
    companyName: z.string().trim().min(1).max(200).optional(),
    siren: z.string().trim().optional(),
    siret: z.string().trim().optional(),
    birthDate: isoDate.optional(),
    externalRef: z.string().trim().min(1).max(100).optional(),
    email: z.string().trim().max(254).optional(),
    phone: z.string().trim().max(40).optional(),
    address: addressSchema.optional(),
    locale: z.enum(["fr", "en"]).default("fr"),
  })
  .superRefine((d, ctx) => {
    if (d.kind === "person" && !d.lastName) {
      ctx.addIssue({ code: "custom", path: ["lastName"], message: "is required for a person" });
    }
    if (d.kind === "company" && !d.companyName) {
      ctx.addIssue({ code: "custom", path: ["companyName"], message: "is required for a company" });
    }
  });

export const claimInputSchema = z
  .object({
    number: z.string().trim().min(1).max(100),
    issueDate: isoDate,
    dueDate: isoDate,
    principal: z.object({
      amount: z.number().int("must be an integer number of cents").positive("must be greater than zero"),
      currency,
    }),
    interest: z
      .object({
        kind: z.enum(["none", "legal", "commercial", "contractual"]),
        rateBp: z.number().int().min(0).max(10_000).optional(),
      })
      .optional(),
    b2bIndemnity: z.boolean().optional(),
  })
  .refine((c) => c.dueDate >= c.issueDate, { path: ["dueDate"], message: "must not be before issueDate" });

export const createCaseSchema = z
  .object({
    externalRef: z.string().trim().min(1).max(100).meta({
      description: "Your own reference for this case; repeating a request with it never duplicates.",
    }),
    debtor: debtorInputSchema,
    claims: z.array(claimInputSchema).min(1).max(500),
  })
  .meta({
    examples: [
      {
        externalRef: "DOSSIER-2026-0042",
        debtor: {
          kind: "company",
          companyName: "Boulangerie Martin SARL",
          siren: "732829320",
          email: "compta@boulangerie-martin.example",
          phone: "+33612345678",
          address: { line1: "12 rue des Lilas", postalCode: "69003", city: "Lyon", country: "FR" },
          locale: "fr",
        },
        claims: [
          {
            number: "FAC-2026-0107",
            issueDate: "2026-06-02",
            dueDate: "2026-07-02",
            principal: { amount: 125050, currency: "EUR" },
            interest: { kind: "commercial" },
            b2bIndemnity: true,
          },
        ],
      },
    ],
  });

export type CreateCaseInput = z.infer<typeof createCaseSchema>;
export type DebtorInput = z.infer<typeof debtorInputSchema>;
export type ClaimInput = z.infer<typeof claimInputSchema>;
