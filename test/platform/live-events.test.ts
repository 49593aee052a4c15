import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCase } from "../../src/cases/create-case";
import { createCaseSchema } from "../../src/cases/create-case.schema";
import { timelineEvents } from "../../src/cases/schema";
import { appendEvent, SYSTEM } from "../../src/cases/timeline";
import { openDatabase } from "../../src/platform/db/client";
import { buildServer } from "../../src/platform/http/server";
import type { App } from "../../src/platform/http/types";
import { createLiveEvents, type LiveEvent, type LiveEvents } from "../../src/platform/live-events";
import { createLogger } from "../../src/platform/logger";
import { caseBody, createTestApp, type TestApp } from "../helpers/app";
import { isPostgres } from "../helpers/db";

const logger = createLogger({ level: "silent" });
let t: TestApp;
let hub: LiveEvents;
const seen: LiveEvent[] = [];

beforeAll(async () => {
  t = await createTestApp();
  hub = createLiveEvents(t.database, logger);
  hub.subscribe((e) => seen.push(e));
  await hub.ready();
});
afterAll(async () => {
  await hub?.close();
  await t?.close();
});

async function newCase(creditorId: string, ref: string, db = t.database.db): Promise<string> {
  const res = await createCase(db, creditorId, createCaseSchema.parse(caseBody(ref)), SYSTEM, t.clock.now());
  return res.caseId;
}

const someCall = () => ({ callId: randomUUID(), caseId: randomUUID(), creditorId: t.creditors.a.id });

async function waitFor<T>(find: () => T | undefined, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error("timed out waiting for a live event");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("live events from the timeline", () => {
  it("announces a committed case change with its ids and kind, and no personal data", async () => {
    const caseId = await newCase(t.creditors.a.id, "LIVE-1");
    const event = await waitFor(() => seen.find((e) => e.type === "case.updated" && e.caseId === caseId));
    expect(event).toEqual({
      type: "case.updated",
      caseId,
      creditorId: t.creditors.a.id,
      kind: "case.created",
      creditorVisible: true,
    });
    expect(JSON.stringify(event)).not.toContain("Boulangerie");
  });

  it("announces nothing for a change that rolled back", async () => {
    const rolledBack = await newCase(t.creditors.a.id, "LIVE-2");
    const kept = await newCase(t.creditors.a.id, "LIVE-3");
    await waitFor(() => seen.find((e) => e.type === "case.updated" && e.caseId === kept));
    seen.length = 0;
    await t.database.db
      .transaction(async (tx) => {
        await appendEvent(tx, {
          creditorId: t.creditors.a.id,
          caseId: rolledBack,
          type: "case.note",
          at: t.clock.now(),
          actor: SYSTEM,
        });
        throw new Error("abort");
      })
      .catch(() => {});
    await appendEvent(t.database.db, {
      creditorId: t.creditors.a.id,
      caseId: kept,
      type: "case.note",
      at: t.clock.now(),
      actor: SYSTEM,
      visibleToCreditor: false,
    });
    const event = await waitFor(() => seen.find((e) => e.type === "case.updated" && e.caseId === kept));
    expect(event).toMatchObject({ kind: "case.note", creditorVisible: false });
    expect(seen.filter((e) => e.type === "case.updated" && e.caseId === rolledBack)).toEqual([]);
  });

  it("sends one notice per creditor, not per case, for a bulk statement", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 21; i++) ids.push(await newCase(t.creditors.b.id, `LIVE-BULK-${i}`));
    await waitFor(() => seen.find((e) => e.type === "case.updated" && e.caseId === ids[20]));
    seen.length = 0;
    await t.database.db.insert(timelineEvents).values(
      ids.map((caseId) => ({
        id: randomUUID(),
        creditorId: t.creditors.b.id,
        caseId,
        type: "action.planned",
        at: t.clock.now(),
        actorType: "system",
      })),
    );
    await waitFor(() => seen.find((e) => e.type === "cases.changed"));
    await new Promise((r) => setTimeout(r, 100));
    expect(seen).toEqual([{ type: "cases.changed", creditorId: t.creditors.b.id }]);
  });

  it("delivers a published call event to this process's subscribers at once", () => {
    seen.length = 0;
    const event: LiveEvent = { type: "transfer.requested", ...someCall(), accepted: false };
    hub.publish(event);
    expect(seen).toEqual([event]);
  });
});

describe.runIf(isPostgres())("live events across processes (PostgreSQL)", () => {
  it("reaches a hub on another connection, and not twice the hub that published", async () => {
    // A second Database and hub stand for the other process (a `relance worker`).
    const other = await openDatabase({ databaseUrl: await currentDatabaseUrl(), dataDir: "/tmp" });
    const otherHub = createLiveEvents(other, logger);
    const otherSeen: LiveEvent[] = [];
    otherHub.subscribe((e) => otherSeen.push(e));
    await otherHub.ready();
    try {
      seen.length = 0;
      const event: LiveEvent = { type: "call.started", ...someCall() };
      otherHub.publish(event);
      await waitFor(() => seen.find((e) => e.type === "call.started"));
      await new Promise((r) => setTimeout(r, 200));
      expect(seen).toEqual([event]);
      expect(otherSeen).toEqual([event]);
      // A case change committed by the other process is announced here too.
      const caseId = await newCase(t.creditors.a.id, "LIVE-PG-1", other.db);
      await waitFor(() => seen.find((e) => e.type === "case.updated" && e.caseId === caseId));
    } finally {
      await otherHub.close();
      await other.close();
    }
  });
});

async function currentDatabaseUrl(): Promise<string> {
  const rows = await t.database.db.execute<{ db: string }>("select current_database() as db" as never);
  const name = (rows as unknown as { rows: { db: string }[] }).rows[0]!.db;
  const u = new URL(process.env.DATABASE_URL!);
  u.pathname = `/${name}`;
  return u.toString();
}

describe("the live stream (server-sent events)", () => {
  let app: App;
  let base: string;

  beforeAll(async () => {
    app = await buildServer(
      { config: t.config, database: t.database, clock: t.clock, logger, live: hub },
      { live: { heartbeatMs: 150 } },
    );
    base = await app.listen({ port: 0, host: "127.0.0.1" });
  });
  afterAll(async () => app?.close());

  async function login(email: string) {
    const res = await fetch(`${base}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: t.passwords[email] }),
    });
    const cookie = res.headers
      .getSetCookie()
      .find((c) => c.startsWith("relance_session="))!
      .split(";")[0]!;
    return { cookie, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
  }

  /** Opens the stream and collects its events until `stop`. */
  async function open(cookie: string) {
    const controller = new AbortController();
    const res = await fetch(`${base}/api/live/events`, { headers: { cookie }, signal: controller.signal });
    const events: Record<string, unknown>[] = [];
    let raw = "";
    let ended = false;
    const reading = (async () => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          raw += decoder.decode(chunk, { stream: true });
          for (let i = raw.indexOf("\n\n"); i >= 0; i = raw.indexOf("\n\n")) {
            const block = raw.slice(0, i);
            raw = raw.slice(i + 2);
            const data = block.split("\n").find((l) => l.startsWith("data: "));
            if (data) events.push(JSON.parse(data.slice(6)));
            else if (block.startsWith(": ping")) events.push({ type: "ping" });
          }
        }
      } catch {
        // aborted
      }
      ended = true;
    })();
    return {
      res,
      events,
      ended: () => ended,
      stop: async () => {
        controller.abort();
        await reading;
      },
    };
  }

  it("refuses a visitor without a session", async () => {
    const res = await fetch(`${base}/api/live/events`);
    expect(res.status).toBe(401);
  });

  it("streams a creditor's own visible case changes only, and everything to agency staff", async () => {
    const mine = await newCase(t.creditors.a.id, "LIVE-SSE-A");
    const theirs = await newCase(t.creditors.b.id, "LIVE-SSE-B");
    const creditor = await open((await login("ca@a.example")).cookie);
    const agent = await open((await login("agent@test.example")).cookie);
    expect(creditor.res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    await waitFor(() => creditor.events.find((e) => e.type === "ready"));
    await waitFor(() => agent.events.find((e) => e.type === "ready"));
    for (const [caseId, creditorId, visible] of [
      [theirs, t.creditors.b.id, true],
      [mine, t.creditors.a.id, false],
      [mine, t.creditors.a.id, true],
    ] as const) {
      await appendEvent(t.database.db, {
        creditorId,
        caseId,
        type: visible ? "payment.received" : "case.note",
        at: t.clock.now(),
        actor: SYSTEM,
        visibleToCreditor: visible,
      });
    }
    hub.publish({ type: "call.started", callId: randomUUID(), caseId: mine, creditorId: t.creditors.a.id });
    await waitFor(() => creditor.events.find((e) => e.kind === "payment.received"));
    await waitFor(() => agent.events.find((e) => e.type === "call.started"));
    const cases = (events: Record<string, unknown>[]) =>
      events.filter((e) => e.type === "case.updated").map((e) => [e.caseId, e.kind]);
    expect(cases(creditor.events)).toEqual([[mine, "payment.received"]]);
    expect(creditor.events.some((e) => e.type === "call.started")).toBe(false);
    expect(cases(agent.events)).toEqual([
      [theirs, "payment.received"],
      [mine, "case.note"],
      [mine, "payment.received"],
    ]);
    await creditor.stop();
    await agent.stop();
  });

  it("beats while idle, ends at logout, and lets go of its subscription when the browser leaves", async () => {
    const session = await login("manager@test.example");
    const stream = await open(session.cookie);
    await waitFor(() => stream.events.find((e) => e.type === "ping"));
    await fetch(`${base}/api/auth/logout`, {
      method: "POST",
      headers: { cookie: session.cookie, "x-csrf-token": session.csrf },
    });
    await waitFor(() => (stream.ended() ? true : undefined), 3000);
    // A browser that goes away: its listener is removed from the hub.
    const other = await open((await login("agent@test.example")).cookie);
    await waitFor(() => other.events.find((e) => e.type === "ready"));
    const before = hub.subscribers;
    await other.stop();
    await waitFor(() => (hub.subscribers === before - 1 ? true : undefined), 3000);
  });
});
