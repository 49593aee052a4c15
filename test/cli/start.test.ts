import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliEnvironment, startServer } from "../helpers/cli";

let env: NodeJS.ProcessEnv;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ env, cleanup } = await cliEnvironment());
});
afterAll(async () => cleanup?.());

// Tests here start relance processes, each loading the whole server: slow on a busy machine.
describe("relance start", { timeout: 120_000 }, () => {
  it("loads the demo agency into an empty database, prints working logins, and keeps data on restart", async () => {
    const server = await startServer(env, "start");
    let password: string;
    try {
      const out = server.output();
      expect(out).toContain("Demo agency loaded: 500 cases.");
      const line = out.split("\n").find((l) => l.includes("agent@relance.example"));
      password = line?.trim().split(/\s+/)[2] ?? "";
      const login = await fetch(`${server.url}/api/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: "agent@relance.example", password }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get("set-cookie")?.split(";")[0] ?? "";
      const res = await fetch(`${server.url}/api/agency/cases?limit=200`, { headers: { cookie } });
      const page = (await res.json()) as { items: { status: string; creditor: { name: string } }[] };
      expect(page.items).toHaveLength(200);
      const statuses = new Set(page.items.map((c) => c.status));
      expect(statuses.size).toBeGreaterThanOrEqual(4);
      const creditors = new Set(page.items.map((c) => c.creditor.name));
      expect(creditors.size).toBe(2);
    } finally {
      await server.stop();
    }
    const again = await startServer(env, "start");
    try {
      expect(again.output()).not.toContain("Demo agency loaded");
      expect(again.output()).toContain("already holds data");
    } finally {
      await again.stop();
    }
  }, 180_000);
});
