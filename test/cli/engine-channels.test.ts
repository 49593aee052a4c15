import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineChannels } from "../../src/cli/engine";
import { loadConfig } from "../../src/platform/config";
import type { Database } from "../../src/platform/db/client";
import { createTestDatabase } from "../helpers/db";

let db: Database;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.close());

const config = (env: Record<string, string> = {}) =>
  loadConfig({ NODE_ENV: "test", RELANCE_SECRET: "x".repeat(40), LOG_LEVEL: "silent", ...env });

describe("the engine's channels", () => {
  it("places calls through the sandbox voice provider unless told not to call", () => {
    const now = () => new Date();
    const all = engineChannels(db.db, now, config());
    expect(Object.keys(all).sort()).toEqual(["email", "letter", "registered_letter", "sms", "voice_call"]);
    expect(all.voice_call?.provider).toMatch(/sandbox/);
    const quiet = engineChannels(db.db, now, config({ VOICE_PROVIDER: "off" }));
    expect(quiet.voice_call).toBeUndefined();
    expect(quiet.email).toBeDefined();
  });

  it("names a bad VOICE_PROVIDER", () => {
    expect(() => config({ VOICE_PROVIDER: "maybe" })).toThrow(/VOICE_PROVIDER/);
  });
});
