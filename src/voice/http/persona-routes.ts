import { z } from "zod";
import { notFound, validationError } from "../../platform/errors";
import { requireAgency } from "../../platform/http/guards";
import type { App, AppDeps } from "../../platform/http/types";
import { LOCALES, type Locale } from "../../platform/i18n";
import { PERSONAS, type PersonaKey, personaSchema } from "../personas/persona";
import { getPersona, listPersonas, savePersona } from "../personas/persona-store";

const tags = ["Agency"];
// Path words are checked after the role guard, so a creditor principal learns nothing but 403.
const params = z.object({
  key: z.string().meta({ description: PERSONAS.join(" | ") }),
  locale: z.string().meta({ description: LOCALES.join(" | ") }),
});

function personaParams(p: { key: string; locale: string }): { key: PersonaKey; locale: Locale } {
  const key = PERSONAS.find((k) => k === p.key);
  const locale = LOCALES.find((l) => l === p.locale);
  if (!key || !locale) throw notFound("Persona");
  return { key, locale };
}

/** The agency edits its voice agents: words, voice, goals and tools (the policy keeps the law). */
export function registerPersonaRoutes(app: App, deps: AppDeps): void {
  const { db } = deps.database;

  app.get(
    "/api/agency/voice/personas",
    {
      schema: { tags, summary: "List the voice agents' personas", response: { 200: z.array(personaSchema) } },
    },
    async (req) => {
      requireAgency(req);
      return listPersonas(db);
    },
  );

  app.get(
    "/api/agency/voice/personas/:key/:locale",
    { schema: { tags, summary: "Get one persona", params, response: { 200: personaSchema } } },
    async (req) => {
      requireAgency(req);
      const { key, locale } = personaParams(req.params);
      return getPersona(db, key, locale);
    },
  );

  app.put(
    "/api/agency/voice/personas/:key/:locale",
    {
      schema: {
        tags,
        summary: "Edit a persona (the AI disclosure and the right-party check cannot be removed)",
        params,
        body: personaSchema,
        response: { 200: personaSchema },
      },
    },
    async (req) => {
      requireAgency(req, ["admin", "manager"]);
      const { key, locale } = personaParams(req.params);
      if (req.body.key !== key || req.body.locale !== locale) {
        throw validationError([{ field: "body.key", message: "must match the URL", value: req.body.key }]);
      }
      return savePersona(db, req.body, deps.clock.now());
    },
  );
}
