import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseBody, createTestApp, type TestApp } from "../helpers/app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ LOGIN_RATE_LIMIT: "5" });
});
afterAll(async () => t?.close());

describe("sessions", () => {
  it("logs in with an httpOnly SameSite cookie and returns the user and a CSRF token", async () => {
    const res = await t.request("POST", "/api/auth/login", {
      body: { email: "AGENT@test.example", password: t.passwords["agent@test.example"] },
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === "relance_session");
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Lax");
    expect(res.json().user).toMatchObject({ email: "agent@test.example", role: "agent", creditorId: null });
    expect(res.json().csrfToken).toMatch(/^[\w-]{40,}$/);
    expect(res.body).not.toContain("password");
  });

  it("answers a wrong password and an unknown email the same way", async () => {
    const wrong = await t.request("POST", "/api/auth/login", {
      body: { email: "admin@test.example", password: "nope-nope-nope" },
    });
    const unknown = await t.request("POST", "/api/auth/login", {
      body: { email: "ghost@test.example", password: "nope-nope-nope" },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json().error.code).toBe("invalid_credentials");
  });

  it("slows down password guessing with a rate limit", async () => {
    const attempt = () =>
      t.request("POST", "/api/auth/login", {
        body: { email: "manager@test.example", password: "guess-guess-guess" },
      });
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await attempt()).statusCode);
    expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(codes.slice(5)).toEqual([429, 429]);
    expect((await attempt()).json().error.code).toBe("rate_limited");
  });

  it("requires the CSRF token on state-changing requests made with the cookie", async () => {
    const session = await t.login("ca@a.example");
    const withoutToken = await t.request("POST", "/api/v1/cases", {
      auth: session,
      body: caseBody("CSRF-1"),
      headers: { "x-csrf-token": "forged" },
    });
    expect(withoutToken.statusCode).toBe(403);
    expect(withoutToken.json().error.code).toBe("csrf_failed");
    const withToken = await t.request("POST", "/api/v1/cases", { auth: session, body: caseBody("CSRF-1") });
    expect(withToken.statusCode).toBe(201);
  });

  it("returns the current user from /api/auth/me and forgets the session on logout", async () => {
    const session = await t.login("cv@a.example");
    const me = await t.request("GET", "/api/auth/me", { auth: session });
    expect(me.json().user.role).toBe("creditor_viewer");
    expect(me.json().csrfToken).toBe(session.csrf);
    expect((await t.request("POST", "/api/auth/logout", { auth: session })).statusCode).toBe(204);
    const after = await t.request("GET", "/api/auth/me", { auth: session });
    expect(after.statusCode).toBe(401);
  });

  it("refuses a disabled user", async () => {
    const admin = await t.login("admin@test.example");
    const created = await t.request("POST", "/api/agency/users", {
      auth: admin,
      body: {
        email: "temp@test.example",
        name: "Temp",
        password: "temporary-password-1",
        role: "agent",
        creditorId: null,
      },
    });
    expect(created.statusCode).toBe(201);
    await t.login("temp@test.example", "temporary-password-1");
    const disabled = await t.request("PATCH", `/api/agency/users/${created.json().id}`, {
      auth: admin,
      body: { disabled: true },
    });
    expect(disabled.json().disabled).toBe(true);
    await expect(t.login("temp@test.example", "temporary-password-1")).rejects.toThrow(/401/);
  });
});

describe("API keys", () => {
  it("shows a new key once, stores only its hash, and stops it working once revoked", async () => {
    const session = await t.login("ca@a.example");
    const created = await t.request("POST", "/api/v1/api-keys", { auth: session, body: { name: "ERP" } });
    expect(created.statusCode).toBe(201);
    const { key, apiKey } = created.json();
    expect(key).toMatch(/^rl_live_/);
    const list = await t.request("GET", "/api/v1/api-keys", { auth: session });
    expect(list.body).not.toContain(key);
    expect(list.json().items.map((k: { id: string }) => k.id)).toContain(apiKey.id);
    expect((await t.request("GET", "/api/v1/cases", { auth: { key } })).statusCode).toBe(200);
    await t.request("DELETE", `/api/v1/api-keys/${apiKey.id}`, { auth: session });
    const refused = await t.request("GET", "/api/v1/cases", { auth: { key } });
    expect(refused.statusCode).toBe(401);
    expect(refused.json().error.code).toBe("invalid_api_key");
  });

  it("does not let an API key mint other keys", async () => {
    const res = await t.request("POST", "/api/v1/api-keys", {
      auth: { key: t.creditors.a.key },
      body: { name: "x" },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe("creditor API v1", () => {
  it("creates, lists and reads a case with an API key; repeating the request returns the same case", async () => {
    const auth = { key: t.creditors.a.key };
    const first = await t.request("POST", "/api/v1/cases", { auth, body: caseBody("API-1") });
    expect(first.statusCode).toBe(201);
    const again = await t.request("POST", "/api/v1/cases", { auth, body: caseBody("API-1") });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ ...first.json(), created: false });
    const list = await t.request("GET", "/api/v1/cases?q=API-1", { auth });
    expect(list.json().items.map((c: { id: string }) => c.id)).toEqual([first.json().id]);
    const detail = await t.request("GET", `/api/v1/cases/${first.json().id}`, { auth });
    expect(detail.json()).toMatchObject({
      externalRef: "API-1",
      claims: [{ number: "INV-API-1", principal: { amount: 125_050, currency: "EUR" } }],
      balanceBreakdown: { outstanding: { amount: 129_050 } },
    });
    expect(detail.json().timeline[0].type).toBe("case.created");
  });

  it("pages through cases with a cursor without repeating or skipping any", async () => {
    const auth = { key: t.creditors.b.key };
    for (let i = 0; i < 7; i++) {
      await t.request("POST", "/api/v1/cases", { auth, body: caseBody(`PAGE-${i}`) });
      t.clock.advance(1000);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await t.request("GET", `/api/v1/cases?limit=3${cursor ? `&cursor=${cursor}` : ""}`, {
        auth,
      });
      seen.push(...res.json().items.map((c: { externalRef: string }) => c.externalRef));
      cursor = res.json().nextCursor;
    } while (cursor);
    expect(seen).toEqual(["PAGE-6", "PAGE-5", "PAGE-4", "PAGE-3", "PAGE-2", "PAGE-1", "PAGE-0"]);
  });

  it("rejects a forged cursor naming the field", async () => {
    const res = await t.request("GET", "/api/v1/cases?cursor=garbage", { auth: { key: t.creditors.b.key } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues[0].field).toBe("cursor");
  });
});
