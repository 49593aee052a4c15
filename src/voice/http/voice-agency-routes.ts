import { z } from "zod";
import { requireAgency } from "../../platform/http/guards";
import type { App, AppDeps } from "../../platform/http/types";
import { getVoiceSettings, saveVoiceSettings, setTransferPresence } from "../agents/transfer-agents";

const tags = ["Agency"];
const presenceSchema = z
  .object({ availableForTransfers: z.boolean() })
  .meta({ examples: [{ availableForTransfers: true }] });
const voiceSettingsSchema = z
  .object({ recordCalls: z.boolean() })
  .meta({ examples: [{ recordCalls: false }] });

/** The back office's voice switches: an agent's presence for transfers, the agency's call recording. */
export function registerVoiceAgencyRoutes(app: App, deps: AppDeps): void {
  const { db } = deps.database;

  app.put(
    "/api/agency/me/transfer-presence",
    {
      schema: {
        tags,
        summary: "Say whether I take calls the voice agents transfer (needs a phone number on my user)",
        body: presenceSchema,
        response: { 200: presenceSchema },
      },
    },
    async (req) => {
      const p = requireAgency(req);
      return setTransferPresence(db, p.userId, req.body.availableForTransfers);
    },
  );

  app.get(
    "/api/agency/settings/voice",
    { schema: { tags, summary: "Voice call settings", response: { 200: voiceSettingsSchema } } },
    async (req) => {
      requireAgency(req);
      return getVoiceSettings(db);
    },
  );

  app.put(
    "/api/agency/settings/voice",
    {
      schema: {
        tags,
        summary: "Turn call recording on or off (recordings are kept at most 6 months)",
        body: voiceSettingsSchema,
        response: { 200: voiceSettingsSchema },
      },
    },
    async (req) => {
      requireAgency(req, ["admin"]);
      return saveVoiceSettings(db, req.body);
    },
  );
}
