import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliEnvironment, relance } from "../helpers/cli";

// `relance call` through the sandbox voice provider. The law kernel judges the real clock here, so the
// test reads whichever answer it gave and checks that answer fully.

let env: NodeJS.ProcessEnv;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ env, cleanup } = await cliEnvironment());
  await relance(env, "demo", "--cases", "5", "--json");
}, 120_000);
afterAll(async () => cleanup?.());

const year = new Date().getUTCFullYear();
const ref = (n: number) => `REL-${year}-${String(n).padStart(6, "0")}`;

// Tests here start relance processes, each loading the whole server: slow on a busy machine.
describe("relance call", { timeout: 120_000 }, () => {
  it("places the call now or prints the law kernel's refusal, as JSON", async () => {
    const run = await relance(env, "call", ref(1), "--persona", "firm", "--json").catch((e) => e);
    const result = JSON.parse(run.stdout);
    if (result.placed) {
      expect(run.code ?? 0).toBe(0);
      expect(result).toMatchObject({ provider: "sandbox-voice", status: "completed" });
      expect(typeof result.outcome).toBe("string");
      expect(result.costMicros).toBeGreaterThanOrEqual(0);
    } else {
      expect(run.code).toBe(2);
      // Not a bar of the case or its phones: the demo case is open and callable, only the law said no.
      expect(result.reason).not.toMatch(
        /^(no_reachable_phone|not_a_reachable|on_hold|case_|provider_failed)/,
      );
      expect(result.reason.length).toBeGreaterThan(0);
    }
  });

  it("refuses a number that is not the debtor's, and names an unknown case or persona", async () => {
    const other = await relance(env, "call", ref(2), "--to", "+33 1 00 00 00 00", "--json").catch((e) => e);
    expect(other.code).toBe(2);
    expect(JSON.parse(other.stdout)).toMatchObject({
      placed: false,
      reason: "not_a_reachable_phone_of_the_debtor",
    });
    const unknown = await relance(env, "call", "REL-0000-999999").catch((e) => e);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("case: no case has this id or reference");
    const persona = await relance(env, "call", ref(2), "--persona", "rude").catch((e) => e);
    expect(persona.code).toBe(1);
    expect(persona.stderr).toContain("--persona: must be one of");
  }, 180_000);
});
