import { z } from "zod";
import { PERSONAS, type PersonaKey } from "../../collection/scenario";
import { findForbiddenPhrases } from "../../law/fr/forbidden-phrases";
import { LOCALES } from "../../platform/i18n";

// A persona is data: who the agent says it is, how it sounds, what it aims for and which tools it may
// use. The dialogue policy owns the compliance around it (disclosure, right-party check, limits), so an
// agency can edit a persona's words without being able to remove what the law requires.

export { PERSONAS, type PersonaKey };

/** Tools the agent can ask for; a persona allows a subset, the policy may still refuse one. */
export const TOOL_NAMES = [
  "send_payment_link",
  "transfer_to_human",
  "book_appointment",
  "record_promise",
  "propose_plan",
  "record_dispute",
  "report_already_paid",
  "schedule_callback",
  "opt_out_of_calls",
  "mark_wrong_number",
  "end_call",
] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

/**
 * What the law makes the agent honour whatever the persona says: a dispute, an opt-out, a wrong
 * number, a claimed payment and hanging up are never "not allowed" (FR-27, C. conso L121-7 3°).
 */
export const ALWAYS_ALLOWED_TOOLS: readonly ToolName[] = [
  "record_dispute",
  "report_already_paid",
  "opt_out_of_calls",
  "mark_wrong_number",
  "end_call",
];

export function toolAllowed(persona: Pick<Persona, "allowedTools">, tool: ToolName): boolean {
  return ALWAYS_ALLOWED_TOOLS.includes(tool) || persona.allowedTools.includes(tool);
}

/** What the persona works towards once the right person is on the line, in order. */
export const GOALS = [
  "check_link_received",
  "offer_payment_link",
  "offer_help",
  "state_still_unpaid",
  "ask_difficulties",
  "offer_appointment",
  "state_last_amicable_chance",
  "state_lawful_consequences",
  "leave_door_open",
] as const;
export type Goal = (typeof GOALS)[number];

export const TONES = ["courteous", "firm", "solemn"] as const;
export type Tone = (typeof TONES)[number];

/** Placeholders every line may use: none of them says anything about a debt. */
export const NEUTRAL_PLACEHOLDERS = ["persona", "agency", "debtor", "disclosure", "agencyPhone"] as const;
/** Placeholders that carry debt details: only after the right-party check (pitch and closing lines). */
export const DEBT_PLACEHOLDERS = ["creditor", "amount", "reference", "letterDate"] as const;

const line = z.string().trim().min(2).max(600);

export const personaLinesSchema = z.object({
  /** Greeting; must contain {agency} and {disclosure} (EU AI Act art. 50, FR-34). */
  opening: z.array(line).min(1).max(5),
  /** The persona's pitch after the purpose of the call, ending with its first question. */
  pitch: line,
  closing: z.array(line).min(1).max(5),
  /** Left on an answering machine: neutral placeholders only, never a debt detail; says it is an AI. */
  voicemail: line,
});

export const personaSchema = z
  .object({
    key: z.enum(PERSONAS),
    locale: z.enum(LOCALES),
    name: z.string().trim().min(2).max(40),
    /** A TTS voice id: an espeak-ng voice ("fr-fr", "en-gb") or the configured provider's voice name. */
    voice: z.string().trim().min(2).max(60),
    tone: z.enum(TONES),
    description: z.string().trim().max(500).default(""),
    goals: z.array(z.enum(GOALS)).min(1).max(GOALS.length),
    allowedTools: z.array(z.enum(TOOL_NAMES)),
    lines: personaLinesSchema,
  })
  .superRefine((p, ctx) => {
    for (const issue of personaIssues(p))
      ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  })
  .meta({
    examples: [
      {
        key: "courteous",
        locale: "fr",
        name: "Lucien",
        voice: "fr-fr",
        tone: "courteous",
        description: "Premier appel, ton courtois",
        goals: ["check_link_received", "offer_payment_link", "offer_help"],
        allowedTools: ["send_payment_link", "transfer_to_human", "book_appointment", "end_call"],
        lines: {
          opening: ["Bonjour, ici {persona}, du cabinet {agency}. {disclosure}"],
          pitch: "Avez-vous bien reçu le lien de paiement ?",
          closing: ["Merci pour votre temps, bonne journée."],
          voicemail:
            "Bonjour, ici {persona} du cabinet {agency}. {disclosure} Merci de nous rappeler au {agencyPhone}.",
        },
      },
    ],
  });

export type Persona = z.infer<typeof personaSchema>;

const PLACEHOLDER = /\{(\w+)\}/g;

function placeholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
}

/** What makes a persona unusable: unknown or debt placeholders where no debt may be named, forbidden phrases. */
export function personaIssues(p: Pick<Persona, "lines">): { path: (string | number)[]; message: string }[] {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const known = new Set<string>([...NEUTRAL_PLACEHOLDERS, ...DEBT_PLACEHOLDERS]);
  const check = (text: string, path: (string | number)[], debtAllowed: boolean) => {
    for (const name of placeholders(text)) {
      if (!known.has(name)) issues.push({ path, message: `uses the unknown placeholder {${name}}` });
      else if (!debtAllowed && (DEBT_PLACEHOLDERS as readonly string[]).includes(name))
        issues.push({ path, message: `may not name a debt detail ({${name}}) before the right-party check` });
    }
    for (const f of findForbiddenPhrases(text)) {
      issues.push({ path, message: `contains a forbidden phrase (${f.code}: "${f.match}")` });
    }
  };
  p.lines.opening.forEach((text, i) => {
    check(text, ["lines", "opening", i], false);
    // FR-34: the opening names the agency and says the caller is an AI; editing cannot remove it.
    if (!text.includes("{agency}"))
      issues.push({ path: ["lines", "opening", i], message: "must name the agency ({agency})" });
    if (!text.includes("{disclosure}"))
      issues.push({
        path: ["lines", "opening", i],
        message: "must include the AI disclosure ({disclosure})",
      });
  });
  check(p.lines.pitch, ["lines", "pitch"], true);
  for (const [i, text] of p.lines.closing.entries()) check(text, ["lines", "closing", i], true);
  check(p.lines.voicemail, ["lines", "voicemail"], false);
  if (!p.lines.voicemail.includes("{disclosure}"))
    issues.push({ path: ["lines", "voicemail"], message: "must include the AI disclosure ({disclosure})" });
  return issues;
}

/** Fills {placeholders}; an unknown one is left as is (validation refuses it at save time). */
export function renderLine(template: string, vars: Partial<Record<string, string>>): string {
  return template
    .replace(PLACEHOLDER, (whole, name: string) => vars[name] ?? whole)
    .replace(/\s+/g, " ")
    .trim();
}
