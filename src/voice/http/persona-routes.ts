import { z } from "zod";
import { validationError } from "../../platform/errors";
import { requireAgency } from "../../platform/http/guards";
import type { App, AppDeps } from "../../platform/http/types";
import { LOCALES } from "../../platform/i18n";
import { PERSONAS, personaSchema } from "../personas/persona";
import { getPersona, listPersonas, savePersona } from "../personas/persona-store";

const tags = ["Agency"];
const params = z.object({ key: z.enum(PERSONAS), locale: z.enum(LOCALES) });

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
      return getPersona(db, req.params.key, req.params.locale);
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
      if (req.body.key !== req.params.key || req.body.locale !== req.params.locale) {
        throw validationError([{ field: "body.key", message: "must match the URL", value: req.body.key }]);
      }
      return savePersona(db, req.body, deps.clock.now());
    },
  );
}
