import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/platform/config";

describe("configuration", () => {
  it("stops with a message naming each bad variable", () => {
    let error: unknown;
    try {
      loadConfig({ PORT: "eighty", DATABASE_URL: "mysql://x", RELANCE_SECRET: "short" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain("PORT:");
    expect(message).toContain("DATABASE_URL: must be a postgres:// or postgresql:// URL");
    expect(message).toContain("RELANCE_SECRET: must be at least 32 characters");
  });

  it("applies the documented defaults and derives PUBLIC_URL from PORT", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "relance-config-"));
    const config = loadConfig({ RELANCE_DATA_DIR: dir, PORT: "4123" });
    expect(config.port).toBe(4123);
    expect(config.publicUrl).toBe("http://localhost:4123");
    expect(config.databaseUrl).toBeUndefined();
    expect(config.providers.twilio.apiUrl).toBe("https://api.twilio.com");
  });

  it("generates a secret once into the data dir and keeps it across starts", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "relance-config-"));
    const first = loadConfig({ RELANCE_DATA_DIR: dir }).secret;
    const second = loadConfig({ RELANCE_DATA_DIR: dir }).secret;
    expect(first).toHaveLength(43);
    expect(second).toBe(first);
    expect(readFileSync(path.join(dir, "secret"), "utf8").trim()).toBe(first);
  });

  it("treats empty variables as unset", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "relance-config-"));
    expect(loadConfig({ RELANCE_DATA_DIR: dir, DATABASE_URL: "" }).databaseUrl).toBeUndefined();
  });
});
