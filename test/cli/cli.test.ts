import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseBody } from "../helpers/app";
import { cliEnvironment, relance, startServer } from "../helpers/cli";

let env: NodeJS.ProcessEnv;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ env, cleanup } = await cliEnvironment());
});
afterAll(async () => cleanup?.());

// Tests here start relance processes, each loading the whole server: slow on a busy machine.
describe("relance CLI", { timeout: 120_000 }, () => {
  it("sets up a creditor, its mandate and an API key, and the key then creates, lists and reads a case", async () => {
    const creditor = JSON.parse(
      (
        await relance(
          env,
          "creditor",
          "create",
          "--ref",
          "ACME",
          "--name",
          "ACME SAS",
          "--siren",
          "732829320",
          "--json",
        )
      ).stdout,
    );
    expect(creditor).toMatchObject({ ref: "ACME", siren: "732829320" });
    const mandate = JSON.parse(
      (
        await relance(
          env,
          "mandate",
          "create",
          "--creditor",
          "ACME",
          "--basis",
          "Factures",
          "--insurance",
          "RCP-1",
          "--reminder-days",
          "5",
          "--json",
        )
      ).stdout,
    );
    expect(mandate).toMatchObject({
      version: 1,
      status: "active",
      commission: { rateBp: 1500 },
      planLimits: { reminderDaysBefore: 5 },
    });
    const { key } = JSON.parse(
      (await relance(env, "apikey", "create", "--creditor", "ACME", "--json")).stdout,
    );
    expect(key).toMatch(/^rl_live_/);

    const server = await startServer(env);
    try {
      const headers = { authorization: `Bearer ${key}`, "content-type": "application/json" };
      const post = () =>
        fetch(`${server.url}/api/v1/cases`, {
          method: "POST",
          headers,
          body: JSON.stringify(caseBody("CLI-1")),
        });
      const first = await post();
      expect(first.status).toBe(201);
      const created = (await first.json()) as { id: string };
      const second = await post();
      expect(second.status).toBe(200);
      expect(((await second.json()) as { id: string }).id).toBe(created.id);
      const list = (await (await fetch(`${server.url}/api/v1/cases`, { headers })).json()) as {
        items: { id: string }[];
      };
      expect(list.items.map((c) => c.id)).toEqual([created.id]);
      const detail = (await (
        await fetch(`${server.url}/api/v1/cases/${created.id}`, { headers })
      ).json()) as {
        externalRef: string;
        timeline: { type: string }[];
      };
      expect(detail.externalRef).toBe("CLI-1");
      expect(detail.timeline.map((e) => e.type)).toEqual(["case.created"]);
    } finally {
      await server.stop();
    }
  });

  it("explains a bad argument, naming it, and exits non-zero", async () => {
    const error = await relance(
      env,
      "creditor",
      "create",
      "--ref",
      "BAD",
      "--name",
      "Bad",
      "--siren",
      "123456789",
    ).catch((e) => e);
    expect(error.code).toBe(1);
    expect(error.stderr).toContain("siren: is not a valid SIREN");
    const unknown = await relance(env, "apikey", "create", "--creditor", "NOPE").catch((e) => e);
    expect(unknown.stderr).toContain("--creditor: no creditor has this reference");
  });

  it("creates users and refuses a creditor role without a creditor", async () => {
    const ok = JSON.parse(
      (
        await relance(
          env,
          "user",
          "create",
          "--email",
          "Julie@Agence.example",
          "--name",
          "Julie",
          "--role",
          "agent",
          "--password",
          "a-long-password-1",
          "--json",
        )
      ).stdout,
    );
    expect(ok).toMatchObject({ email: "julie@agence.example", role: "agent", creditorId: null });
    const bad = await relance(
      env,
      "user",
      "create",
      "--email",
      "x@y.example",
      "--name",
      "X",
      "--role",
      "creditor_admin",
      "--password",
      "a-long-password-1",
    ).catch((e) => e);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--creditorId");
  });

  it("has --help for every command", async () => {
    const { stdout } = await relance(env, "--help");
    for (const cmd of ["serve", "start", "migrate", "demo", "creditor", "mandate", "apikey", "user"])
      expect(stdout).toContain(cmd);
  });
});
