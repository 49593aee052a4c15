import { z } from "zod";
import { validationError } from "../../platform/errors";
import { requireAgency } from "../../platform/http/guards";
import type { App, AppDeps } from "../../platform/http/types";
import { LOCALES } from "../../platform/i18n";
import { PERSONAS, personaSchema } from "../personas/persona";
import { getPersona, listPersonas, savePersona } from "../personas/persona-store";
import { previewPersona } from "../personas/preview-persona";

const tags = ["Agency"];
const params = z.object({ key: z.enum(PERSONAS), locale: z.enum(LOCALES) });
const previewSchema = z
  .object({
    key: z.enum(PERSONAS),
    locale: z.enum(LOCALES),
    name: z.string(),
    openings: z.array(z.array(z.string())),
    voicemail: z.string(),
  })
  .meta({
    examples: [
      {
        key: "courteous",
        locale: "fr",
        name: "Lucien",
        openings: [
          [
            "Bonjour, ici Lucien, du cabinet Relance Recouvrement. Je suis un assistant vocal doté d'intelligence artificielle.",
            "Suis-je bien en ligne avec Camille Durand ?",
          ],
        ],
        voicemail:
          "Bonjour, ici Lucien, du cabinet Relance Recouvrement. Je suis un assistant vocal doté d'intelligence artificielle. Ce message est destiné à Camille Durand. Merci de nous rappeler au +33 4 78 00 00 00. Bonne journée.",
      },
    ],
  });

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

  app.get(
    "/api/agency/voice/personas/:key/:locale/preview",
    {
      schema: {
        tags,
        summary:
          "What the persona says on answering (each opening) and on voicemail, as a call would say it (AI disclosure included)",
        params,
        response: { 200: previewSchema },
      },
    },
    async (req) => {
      requireAgency(req);
      return previewPersona(db, req.params.key, req.params.locale, deps.clock.now());
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
