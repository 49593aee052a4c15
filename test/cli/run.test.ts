import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliEnvironment, relance } from "../helpers/cli";

let env: NodeJS.ProcessEnv;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ env, cleanup } = await cliEnvironment());
});
afterAll(async () => cleanup?.());

// Tests here start relance processes, each loading the whole server: slow on a busy machine.
describe("relance run", { timeout: 120_000 }, () => {
  it("replays the demo portfolio on a virtual clock and reports what the engine did", async () => {
    await relance(env, "demo", "--cases", "40", "--json");
    const from = new Date();
    const until = new Date(from.getTime() + 12 * 86_400_000);
    const { stdout } = await relance(
      env,
      "run",
      "--from",
      from.toISOString(),
      "--until",
      until.toISOString(),
      "--json",
    );
    const result = JSON.parse(stdout);
    expect(result.until).toBe(until.toISOString());
    expect(result.planned).toBeGreaterThan(20);
    expect(result.sent).toBeGreaterThan(20);
    expect(result.failed).toBe(0);
  }, 120_000);

  it("names a bad date", async () => {
    const error = await relance(env, "run", "--until", "next tuesday").catch((e) => e);
    expect(error.code).toBe(1);
    expect(error.stderr).toContain("--until: is not an ISO date");
  });
});
