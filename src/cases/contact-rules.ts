import { eq } from "drizzle-orm";
import { z } from "zod";
import {
  CHANNELS,
  type ContactPolicy,
  DEFAULT_FR_POLICY,
  mergePolicy,
  type PolicyOverrides,
  US_REG_F_POLICY,
  WEEKDAYS,
} from "../law/contact-policy";
import type { Db, Executor } from "../platform/db/client";
import { notFound, validationError } from "../platform/errors";
import { agency } from "./schema";

// The agency's own contact rules: overrides of the French default policy (days, hours, caps per
// channel and in total). They may only tighten or move windows; the law kernel still enforces the
// statutory limits whatever they say (docs/compliance.md).

const hhmm = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, "must be a local time HH:MM");
const cap = z.number().int().min(0).max(100).nullable();

const channelRuleSchema = z
  .strictObject({
    enabled: z.boolean(),
    days: z.array(z.enum(WEEKDAYS)).max(7),
    windows: z.array(z.object({ from: hhmm, to: hhmm })).max(6),
    skipPublicHolidays: z.boolean(),
    maxPer7Days: cap,
    maxPer30Days: cap,
    quietDaysAfterConversation: z.number().int().min(0).max(60),
  })
  .partial();

export const contactRulesInputSchema = z
  .strictObject({
    channels: z.partialRecord(z.enum(CHANNELS), channelRuleSchema).default({}),
    total: z.strictObject({ maxPer7Days: cap, maxPer30Days: cap }).partial().default({}),
  })
  .meta({
    examples: [
      {
        channels: {
          call: {
            windows: [
              { from: "10:00", to: "12:30" },
              { from: "14:00", to: "19:00" },
            ],
            maxPer7Days: 1,
          },
        },
        total: { maxPer7Days: 3 },
      },
    ],
  });

export type ContactRulesInput = z.infer<typeof contactRulesInputSchema>;

const policySchema = z.object({
  name: z.string(),
  jurisdiction: z.enum(["FR", "US"]),
  channels: z.record(z.string(), channelRuleSchema.required()),
  total: z.object({ maxPer7Days: cap, maxPer30Days: cap }),
});

export const contactRulesViewSchema = z.object({
  overrides: contactRulesInputSchema,
  effective: policySchema.meta({
    description: "The French default policy with the agency's overrides applied",
  }),
  defaults: policySchema,
});

function merged(overrides: PolicyOverrides): ContactPolicy {
  try {
    return mergePolicy(DEFAULT_FR_POLICY, { ...overrides, name: "agency" });
  } catch (error) {
    if (error instanceof RangeError) {
      const [field, ...rest] = error.message.split(": ");
      throw validationError([{ field: field ?? "channels", message: rest.join(": ") || error.message }]);
    }
    throw error;
  }
}

export type ContactRulesView = z.infer<typeof contactRulesViewSchema>;

function view(overrides: PolicyOverrides): ContactRulesView {
  const { name: _name, ...rest } = overrides;
  // The law kernel's readonly arrays are plain arrays on the wire.
  return {
    overrides: { channels: {}, total: {}, ...rest },
    effective: merged(overrides),
    defaults: DEFAULT_FR_POLICY,
  } as unknown as ContactRulesView;
}

export async function getContactRules(db: Executor) {
  const [row] = await db.select({ policy: agency.contactPolicy }).from(agency).where(eq(agency.id, 1));
  if (!row) throw notFound("Agency settings");
  return view(row.policy ?? {});
}

export async function saveContactRules(db: Db, input: ContactRulesInput) {
  const overrides = input as PolicyOverrides;
  merged(overrides);
  const [row] = await db
    .update(agency)
    .set({ contactPolicy: overrides })
    .where(eq(agency.id, 1))
    .returning({ policy: agency.contactPolicy });
  if (!row) throw notFound("Agency settings");
  return view(row.policy ?? {});
}

/** The policies the collection engine applies: the agency's French rules, US Regulation F as is. */
export async function loadContactPolicies(db: Executor): Promise<{ FR: ContactPolicy; US: ContactPolicy }> {
  const [row] = await db.select({ policy: agency.contactPolicy }).from(agency).where(eq(agency.id, 1));
  return { FR: row?.policy ? merged(row.policy) : DEFAULT_FR_POLICY, US: US_REG_F_POLICY };
}
