import { eq } from "drizzle-orm";
import { agency } from "../../cases/schema";
import { demoVars } from "../../channels/templates/demo-vars";
import type { Executor } from "../../platform/db/client";
import type { Locale } from "../../platform/i18n";
import { startCall, step } from "../policy/dialogue-policy";
import type { CallContext, PolicyAction } from "../policy/types";
import type { Persona, PersonaKey } from "./persona";
import { getPersona } from "./persona-store";

// What a persona says before anyone is known to be the debtor: each opening (one per attempt) and the
// voicemail message, spoken by the dialogue policy itself, so the preview carries the AI disclosure,
// the recording notice and the guard exactly as a call would. No debt detail is said at this stage,
// so the demo case behind it only lends a debtor's name.

export interface PersonaPreview {
  key: PersonaKey;
  locale: Locale;
  name: string;
  /** One entry per opening line: what the agent says when the line is answered, in order. */
  openings: string[][];
  voicemail: string;
}

const said = (actions: PolicyAction[]): string[] =>
  actions.flatMap((a) => (a.type === "say" ? [a.text] : []));

/** Pure: the persona's first words and voicemail for a call context (its persona and opening index aside). */
export function renderPersonaPreview(
  persona: Persona,
  base: Omit<CallContext, "persona" | "locale" | "openingIndex">,
): PersonaPreview {
  const ctx = (openingIndex: number): CallContext => ({
    ...base,
    persona,
    locale: persona.locale,
    openingIndex,
  });
  const openings = persona.lines.opening.map((_, i) => said(startCall(ctx(i)).actions));
  const first = startCall(ctx(0));
  const voicemail = said(step(ctx(0), first.state, { type: "voicemail", atMs: 3_000 }).actions);
  return {
    key: persona.key,
    locale: persona.locale,
    name: persona.name,
    openings,
    voicemail: voicemail.join(" "),
  };
}

/** The stored persona previewed with the agency's own name, phone and recording setting. */
export async function previewPersona(
  db: Executor,
  key: PersonaKey,
  locale: Locale,
  now: Date,
): Promise<PersonaPreview> {
  const persona = await getPersona(db, key, locale);
  const [row] = await db.select().from(agency).where(eq(agency.id, 1));
  const demo = demoVars(locale);
  return renderPersonaPreview(persona, {
    agencyName: row?.name ?? demo.agency.name,
    agencyPhone: row?.phone ?? demo.agency.phone ?? "",
    creditorName: demo.creditor.name,
    debtorName: demo.debtor.name,
    balanceCents: 0,
    currency: demo.currency,
    firstLetterRef: demo.caseReference,
    firstLetterDate: null,
    today: now.toISOString().slice(0, 10),
    planLimits: { maxInstalments: 1, minInstalmentCents: 0, maxFirstPaymentDelayDays: 0 },
    recordingNotice: row?.recordCalls ?? false,
    humanAvailable: false,
    maxCallMs: 60_000,
  });
}
