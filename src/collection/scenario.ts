import { z } from "zod";

// A scenario is a versioned, ordered sequence of steps. Cases keep the version they started with, so
// editing a scenario never changes the path of a case already in flight.

export const CHANNELS = ["email", "sms", "letter", "registered_letter", "voice_call", "agent_task"] as const;
export type ScenarioChannel = (typeof CHANNELS)[number];

export const PERSONAS = ["courteous", "firm", "last_attempt"] as const;
export type PersonaKey = (typeof PERSONAS)[number];

/** Outcomes an earlier step can report, which later steps may require or exclude. */
export const STEP_OUTCOMES = [
  "sent",
  "delivered",
  "not_delivered",
  "opened",
  "clicked",
  "answered",
  "no_answer",
  "voicemail",
  "broken_promise",
  /** Not attempted: no usable contact point for the channel, or the debtor refused it. */
  "skipped",
] as const;
export type StepOutcome = (typeof STEP_OUTCOMES)[number];

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a local time HH:MM");

export const stepSchema = z.object({
  id: z.string().regex(/^[a-z0-9_-]{1,40}$/, "must be 1–40 lower-case letters, digits, - or _"),
  label: z.string().min(1).max(120),
  offset: z.object({
    days: z.number().int().min(0).max(365),
    from: z.enum(["placement", "due_date", "previous_step"]),
  }),
  channel: z.enum(CHANNELS),
  template: z.string().min(1).max(80),
  persona: z.enum(PERSONAS).optional(),
  /** Preferred local time for the action (e.g. SMS at 08:30); the law kernel still has the last word. */
  sendAt: hhmm.optional(),
  conditions: z
    .object({
      debtorKinds: z
        .array(z.enum(["person", "company"]))
        .min(1)
        .optional(),
      minBalanceCents: z.number().int().min(0).optional(),
      maxBalanceCents: z.number().int().min(0).optional(),
      creditorRefs: z.array(z.string()).min(1).optional(),
      segments: z.array(z.string()).min(1).optional(),
      /** Run only if an earlier step ended with one of these outcomes. */
      ifOutcome: z.object({ step: z.string(), in: z.array(z.enum(STEP_OUTCOMES)).min(1) }).optional(),
    })
    .optional(),
  retry: z
    .object({
      onOutcomes: z.array(z.enum(["no_answer", "voicemail", "not_delivered"])).min(1),
      afterHours: z
        .number()
        .int()
        .min(1)
        .max(24 * 14),
      maxAttempts: z.number().int().min(1).max(5),
    })
    .optional(),
  /** After this step the case moves to the next phase (the registered formal notice opens pre-litigation). */
  escalateTo: z.enum(["pre_litigation", "judicial_proposal"]).optional(),
});

export const scenarioSchema = z
  .object({
    key: z.string().regex(/^[a-z0-9-]{3,60}$/),
    name: z.string().min(3).max(120),
    description: z.string().max(2000).default(""),
    steps: z.array(stepSchema).min(1).max(40),
  })
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.steps.forEach((step, i) => {
      if (seen.has(step.id))
        ctx.addIssue({ code: "custom", path: ["steps", i, "id"], message: "is used twice" });
      const ref = step.conditions?.ifOutcome?.step;
      if (ref && !seen.has(ref)) {
        ctx.addIssue({
          code: "custom",
          path: ["steps", i, "conditions", "ifOutcome", "step"],
          message: "must name an earlier step",
        });
      }
      if (step.channel === "voice_call" && !step.persona) {
        ctx.addIssue({
          code: "custom",
          path: ["steps", i, "persona"],
          message: "is required for a voice call",
        });
      }
      if (
        step.retry &&
        step.channel !== "voice_call" &&
        step.retry.onOutcomes.some((o) => o !== "not_delivered")
      ) {
        ctx.addIssue({
          code: "custom",
          path: ["steps", i, "retry"],
          message: "only calls retry on no answer or voicemail",
        });
      }
      seen.add(step.id);
    });
  });

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioStep = z.infer<typeof stepSchema>;
