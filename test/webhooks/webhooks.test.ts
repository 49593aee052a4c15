import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SYSTEM } from "../../src/cases/timeline";
import { transitionCase } from "../../src/cases/transition-case";
import { applyPayment } from "../../src/payments/apply-payment";
import { verifySignature } from "../../src/payments/webhook-signature";
import { creditorScope } from "../../src/platform/auth/scope";
import { deliverWebhooks, retryDelayMs } from "../../src/webhooks/deliver-webhooks";
import { DEFAULT_MAX_ATTEMPTS } from "../../src/webhooks/events";
import { webhookAttempts, webhookDeliveries } from "../../src/webhooks/schema";
import { createTestApp, type TestApp } from "../helpers/app";
import { makeCase, store } from "../payments/fixtures";

/** A loopback receiver: records each request and answers with the next status queued for its path (then 200). */
interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}
let receiver: Server;
let base: string;
const received: Received[] = [];
let answers: Record<string, number[]> = {};

let t: TestApp;
const docs = store();
let n = 0;
const options = () => ({ secret: t.config.secret });

beforeAll(async () => {
  t = await createTestApp();
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      received.push({ path: req.url ?? "", headers: req.headers, body });
      res.statusCode = answers[req.url ?? ""]?.shift() ?? 200;
      res.end("ok");
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => receiver?.close(r));
  await t?.close();
});
beforeEach(() => {
  received.length = 0;
  answers = {};
});

async function createEndpoint(key: string, path: string, eventTypes?: string[]) {
  const res = await t.request("POST", "/api/v1/webhook-endpoints", {
    auth: { key },
    body: { url: `${base}${path}`, ...(eventTypes ? { eventTypes } : {}) },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { secret: string; endpoint: { id: string } };
}

const pay = (caseId: string, amountCents: number) =>
  applyPayment(
    { db: t.database.db, documents: docs },
    {
      caseId,
      provider: "manual",
      providerRef: `wh-${++n}`,
      amountCents,
      currency: "EUR",
      encashedAt: t.clock.now(),
    },
    SYSTEM,
    t.clock.now(),
  );

const deliveriesOf = (endpointId: string) =>
  t.database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId));

describe("creditor webhooks", () => {
  it("delivers one signed payment.received per endpoint, verifiable by both signature schemes", async () => {
    const one = await createEndpoint(t.creditors.a.key, "/one", ["payment.received"]);
    const two = await createEndpoint(t.creditors.a.key, "/two");
    const other = await createEndpoint(t.creditors.b.key, "/other");
    const { caseId } = await makeCase(t, "WH-1");
    await pay(caseId, 10_000);

    const payments = async (id: string) =>
      (await deliveriesOf(id)).filter((d) => d.eventType === "payment.received");
    expect(await payments(one.endpoint.id)).toHaveLength(1);
    expect(await payments(two.endpoint.id)).toHaveLength(1);
    expect(await deliveriesOf(other.endpoint.id)).toHaveLength(0);
    // "one" subscribed to payments only; "two" to everything, so it also hears of the payment hold.
    expect((await deliveriesOf(one.endpoint.id)).map((d) => d.eventType)).toEqual(["payment.received"]);

    const result = await deliverWebhooks(t.database.db, t.clock.now(), options());
    expect(result.dead).toBe(0);
    const toOne = received.filter((r) => r.path === "/one");
    expect(toOne).toHaveLength(1);
    const { headers, body } = toOne[0]!;
    const parsed = new Webhook(one.secret).verify(body, headers as Record<string, string>) as {
      type: string;
      data: { caseId: string; amountCents: number };
    };
    expect(parsed.type).toBe("payment.received");
    expect(parsed.data).toMatchObject({ caseId, amountCents: 10_000 });
    expect(verifySignature(one.secret, headers["relance-signature"] as string, body, new Date())).toEqual({
      ok: true,
    });
    // Another endpoint's secret does not verify it.
    expect(() => new Webhook(two.secret).verify(body, headers as Record<string, string>)).toThrow();
    const toTwo = received.filter((r) => r.path === "/two").map((r) => JSON.parse(r.body).type);
    expect(toTwo).toContain("payment.received");
    expect(received.some((r) => r.path === "/other")).toBe(false);

    // A second pass finds nothing due: each delivery went out once.
    received.length = 0;
    expect((await deliverWebhooks(t.database.db, t.clock.now(), options())).claimed).toBe(0);
    expect(received).toHaveLength(0);
  });

  it("retries a delivery answered 500 after an exponential backoff, logging status and duration", async () => {
    const ep = await createEndpoint(t.creditors.a.key, "/retry", ["case.status_changed"]);
    const { caseId } = await makeCase(t, "WH-2");
    await transitionCase(
      t.database.db,
      creditorScope(t.creditors.a.id),
      caseId,
      { type: "hold", reason: "agent_decision", until: null },
      SYSTEM,
      t.clock.now(),
    );
    answers = { "/retry": [500] };
    const at = t.clock.now();
    expect(await deliverWebhooks(t.database.db, at, options())).toMatchObject({ retried: 1 });
    const [pending] = await deliveriesOf(ep.endpoint.id);
    expect(pending).toMatchObject({ state: "pending", attempts: 1, lastStatus: 500 });
    expect(pending!.nextAttemptAt.getTime()).toBe(at.getTime() + retryDelayMs(1));
    // Not yet due one second before the backoff ends.
    const early = new Date(at.getTime() + retryDelayMs(1) - 1000);
    expect((await deliverWebhooks(t.database.db, early, options())).claimed).toBe(0);
    const later = new Date(at.getTime() + retryDelayMs(1));
    expect(await deliverWebhooks(t.database.db, later, options())).toMatchObject({
      claimed: 1,
      delivered: 1,
    });
    const got = received.filter((r) => r.path === "/retry");
    expect(got).toHaveLength(2);
    expect(got[0]!.headers["webhook-id"]).toBe(got[1]!.headers["webhook-id"]);
    const event = JSON.parse(got[1]!.body);
    expect(event).toMatchObject({
      type: "case.status_changed",
      data: { caseId, to: { status: "on_hold" }, holdReason: "agent_decision" },
    });
    const log = await t.database.db
      .select()
      .from(webhookAttempts)
      .where(eq(webhookAttempts.deliveryId, pending!.id));
    expect(log.map((a) => [a.attempt, a.status])).toEqual([
      [1, 500],
      [2, 200],
    ]);
    expect(log.every((a) => a.durationMs >= 0)).toBe(true);
  });

  it("dead-letters a delivery after its last attempt and shows it in the log", async () => {
    const ep = await createEndpoint(t.creditors.a.key, "/dead", ["payment.received"]);
    const { caseId } = await makeCase(t, "WH-3");
    await pay(caseId, 5_000);
    answers = { "/dead": Array(DEFAULT_MAX_ATTEMPTS).fill(503) };
    let at = t.clock.now();
    for (let i = 1; i <= DEFAULT_MAX_ATTEMPTS; i++) {
      await deliverWebhooks(t.database.db, at, options());
      at = new Date(at.getTime() + retryDelayMs(i));
    }
    const [row] = await deliveriesOf(ep.endpoint.id);
    expect(row).toMatchObject({ state: "dead", attempts: DEFAULT_MAX_ATTEMPTS, lastStatus: 503 });
    expect(received.filter((r) => r.path === "/dead")).toHaveLength(DEFAULT_MAX_ATTEMPTS);
    // Dead stays dead.
    expect(
      (await deliverWebhooks(t.database.db, new Date(at.getTime() + 86_400_000), options())).claimed,
    ).toBe(0);
    const log = await t.request("GET", `/api/v1/webhook-endpoints/${ep.endpoint.id}/deliveries`, {
      auth: { key: t.creditors.a.key },
    });
    expect(log.json().items[0]).toMatchObject({
      state: "dead",
      attempts: DEFAULT_MAX_ATTEMPTS,
      lastStatus: 503,
    });
  });

  it("retries a receiver that does not answer, and holds a disabled endpoint's deliveries", async () => {
    const ep = await createEndpoint(t.creditors.a.key, "/x", ["payment.received"]);
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const patched = await t.request("PATCH", `/api/v1/webhook-endpoints/${ep.endpoint.id}`, {
      auth: { key: t.creditors.a.key },
      body: { url: `http://127.0.0.1:${port}/closed` },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const { caseId } = await makeCase(t, "WH-4");
    await pay(caseId, 1_000);
    await deliverWebhooks(t.database.db, t.clock.now(), options());
    const [row] = await deliveriesOf(ep.endpoint.id);
    expect(row).toMatchObject({ state: "pending", lastStatus: null, lastError: "ECONNREFUSED" });
    const off = await t.request("PATCH", `/api/v1/webhook-endpoints/${ep.endpoint.id}`, {
      auth: { key: t.creditors.a.key },
      body: { active: false },
    });
    expect(off.json().active).toBe(false);
    const far = new Date(t.clock.now().getTime() + 86_400_000);
    await deliverWebhooks(t.database.db, far, options());
    const [held] = await deliveriesOf(ep.endpoint.id);
    expect(held).toMatchObject({ state: "pending", attempts: 1 });
  });

  it("sends a test delivery at once and keeps each creditor's endpoints to itself", async () => {
    const ep = await createEndpoint(t.creditors.a.key, "/test");
    const res = await t.request("POST", `/api/v1/webhook-endpoints/${ep.endpoint.id}/test`, {
      auth: { key: t.creditors.a.key },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      eventType: "webhook.test",
      state: "delivered",
      lastStatus: 200,
      attempts: 1,
    });
    expect(received.map((r) => r.path)).toEqual(["/test"]);
    expect(() =>
      new Webhook(ep.secret).verify(received[0]!.body, received[0]!.headers as Record<string, string>),
    ).not.toThrow();

    for (const [method, suffix] of [
      ["GET", "/deliveries"],
      ["POST", "/test"],
      ["PATCH", ""],
      ["DELETE", ""],
    ] as const) {
      const other = await t.request(method, `/api/v1/webhook-endpoints/${ep.endpoint.id}${suffix}`, {
        auth: { key: t.creditors.b.key },
        ...(method === "PATCH" ? { body: { active: false } } : {}),
      });
      expect(other.statusCode, `${method} ${suffix}`).toBe(404);
    }
    const list = await t.request("GET", "/api/v1/webhook-endpoints", { auth: { key: t.creditors.b.key } });
    expect(list.json().items.map((e: { id: string }) => e.id)).not.toContain(ep.endpoint.id);
    // The secret is never shown again.
    const mine = await t.request("GET", "/api/v1/webhook-endpoints", { auth: { key: t.creditors.a.key } });
    expect(mine.body).not.toContain(ep.secret);
  });

  it("lets an agency administrator manage a creditor's endpoints and refuses agents", async () => {
    const admin = await t.login("admin@test.example");
    const url = `/api/agency/creditors/${t.creditors.a.id}/webhook-endpoints`;
    const created = await t.request("POST", url, { auth: admin, body: { url: `${base}/agency` } });
    expect(created.statusCode, created.body).toBe(201);
    const agent = await t.login("agent@test.example");
    expect((await t.request("GET", url, { auth: agent })).statusCode).toBe(403);
    const del = await t.request("DELETE", `${url}/${created.json().endpoint.id}`, { auth: admin });
    expect(del.statusCode).toBe(204);
    const rows = await t.database.db
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.endpointId, created.json().endpoint.id)));
    expect(rows).toHaveLength(0);
  });
});
