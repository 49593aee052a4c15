import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db, Executor } from "../../platform/db/client";
import type { Locale } from "../../platform/i18n";
import { voicePersonas } from "../schema";
import { DEFAULT_PERSONAS, defaultPersona } from "./default-personas";
import { type Persona, type PersonaKey, personaSchema } from "./persona";

// Personas are stored per agency. The shipped ones are seeded on start; a persona missing from the
// table (a fresh test database, a new locale) falls back to its shipped default.

const AGENCY_ID = 1;

/** A stored persona row, or the shipped default when the agency has none for this key and locale. */
export function storedOrDefault(
  row: typeof voicePersonas.$inferSelect | null | undefined,
  key: PersonaKey,
  locale: Locale,
): Persona {
  return row ? toPersona(row) : defaultPersona(key, locale);
}

function toPersona(row: typeof voicePersonas.$inferSelect): Persona {
  return {
    key: row.key,
    locale: row.locale,
    name: row.name,
    voice: row.voice,
    tone: row.tone,
    description: row.description,
    goals: row.goals,
    allowedTools: row.allowedTools,
    lines: row.lines,
  };
}

/** Inserts the shipped personas the agency does not have yet; never overwrites an edited one. */
export async function seedDefaultPersonas(db: Executor, now: Date): Promise<number> {
  const rows = await db
    .insert(voicePersonas)
    .values(DEFAULT_PERSONAS.map((p) => ({ id: randomUUID(), agencyId: AGENCY_ID, ...p, updatedAt: now })))
    .onConflictDoNothing()
    .returning({ id: voicePersonas.id });
  return rows.length;
}

export async function listPersonas(db: Executor): Promise<Persona[]> {
  const rows = await db.select().from(voicePersonas).where(eq(voicePersonas.agencyId, AGENCY_ID));
  const stored = rows.map(toPersona);
  const missing = DEFAULT_PERSONAS.filter(
    (d) => !stored.some((s) => s.key === d.key && s.locale === d.locale),
  );
  return [...stored, ...missing].sort(
    (a, b) => a.key.localeCompare(b.key) || a.locale.localeCompare(b.locale),
  );
}

export async function getPersona(db: Executor, key: PersonaKey, locale: Locale): Promise<Persona> {
  const [row] = await db
    .select()
    .from(voicePersonas)
    .where(
      and(
        eq(voicePersonas.agencyId, AGENCY_ID),
        eq(voicePersonas.key, key),
        eq(voicePersonas.locale, locale),
      ),
    );
  return storedOrDefault(row, key, locale);
}

/** Replaces one persona after validation (placeholders, mandatory disclosure, forbidden phrases). */
export async function savePersona(db: Db, input: Persona, now: Date): Promise<Persona> {
  const persona = personaSchema.parse(input);
  const { key, locale, ...rest } = persona;
  const [row] = await db
    .insert(voicePersonas)
    .values({ id: randomUUID(), agencyId: AGENCY_ID, key, locale, ...rest, updatedAt: now })
    .onConflictDoUpdate({
      target: [voicePersonas.agencyId, voicePersonas.key, voicePersonas.locale],
      set: { ...rest, updatedAt: now },
    })
    .returning();
  if (!row) throw new Error("persona upsert returned no row");
  return toPersona(row);
}
