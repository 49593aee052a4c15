import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCase } from "../../src/cases/create-case";
import { createCaseSchema } from "../../src/cases/create-case.schema";
import { SYSTEM } from "../../src/cases/timeline";
import { caseBody, createTestApp, type Login, type TestApp } from "../helpers/app";

// The case's message thread between the creditor's users and the agency's collectors, on PGlite.

let t: TestApp;
let agent: Login;
let creditorUser: Login;
let caseA: string;
const T0 = new Date("2026-11-23T13:00:00.000Z");

beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(T0);
  caseA = (
    await createCase(t.database.db, t.creditors.a.id, createCaseSchema.parse(caseBody("MSG-A")), SYSTEM, T0)
  ).caseId;
  agent = await t.login("agent@test.example");
  creditorUser = await t.login("ca@a.example");
});
afterAll(async () => t?.close());

const creditorPath = (caseId: string) => `/api/v1/cases/${caseId}/messages`;
const agencyPath = (caseId: string) => `/api/agency/cases/${caseId}/messages`;

describe("case message thread", () => {
  it("carries messages from both sides, in order, with their authors and a body-less timeline event", async () => {
    const posted = await t.request("POST", creditorPath(caseA), {
      auth: creditorUser,
      body: { body: "  Le débiteur a-t-il répondu ?  " },
    });
    expect(posted.statusCode).toBe(201);
    t.clock.set(new Date(T0.getTime() + 60_000));
    const reply = await t.request("POST", agencyPath(caseA), {
      auth: agent,
      body: { body: "Oui, il promet un virement vendredi." },
    });
    expect(reply.statusCode).toBe(201);

    const thread = (await t.request("GET", agencyPath(caseA), { auth: agent })).json();
    expect(thread.items.map((m: { authorSide: string; body: string }) => [m.authorSide, m.body])).toEqual([
      ["creditor", "Le débiteur a-t-il répondu ?"],
      ["agency", "Oui, il promet un virement vendredi."],
    ]);
    expect(thread.items[0].authorName).toBeTruthy();
    expect(thread.items[0].id).toBe(posted.json().id);

    const detail = (await t.request("GET", `/api/v1/cases/${caseA}`, { auth: creditorUser })).json();
    const events = detail.timeline.filter((e: { type: string }) => e.type === "message.posted");
    expect(events).toHaveLength(2);
    expect(events.map((e: { data: { side: string } }) => e.data.side)).toEqual(["creditor", "agency"]);
    expect(JSON.stringify(events)).not.toContain("virement");
  });

  it("counts unread per side until that side marks the thread read; posting marks nothing", async () => {
    const creditorView = async () =>
      (await t.request("GET", creditorPath(caseA), { auth: creditorUser })).json().unread;
    const agencyView = async () => (await t.request("GET", agencyPath(caseA), { auth: agent })).json().unread;
    expect(await creditorView()).toBe(1);
    expect(await agencyView()).toBe(1);
    expect(
      (await t.request("GET", `/api/v1/cases/${caseA}`, { auth: creditorUser })).json().unreadMessages,
    ).toBe(1);

    const read = await t.request("POST", `${creditorPath(caseA)}/read`, { auth: creditorUser });
    expect(read.json()).toEqual({ marked: 1 });
    expect(await creditorView()).toBe(0);
    expect(await agencyView()).toBe(1);
    expect(
      (await t.request("GET", `/api/agency/cases/${caseA}`, { auth: agent })).json().unreadMessages,
    ).toBe(1);

    await t.request("POST", creditorPath(caseA), { auth: creditorUser, body: { body: "Merci." } });
    expect(await agencyView()).toBe(2);
    expect((await t.request("POST", `${agencyPath(caseA)}/read`, { auth: agent })).json()).toEqual({
      marked: 2,
    });
    expect(await agencyView()).toBe(0);
    const items = (await t.request("GET", agencyPath(caseA), { auth: agent })).json().items;
    expect(
      items.every(
        (m: { authorSide: string; readByAgencyAt: string | null }) =>
          m.authorSide === "agency" || m.readByAgencyAt !== null,
      ),
    ).toBe(true);
  });

  it("answers another creditor with 404 and leaves the thread untouched", async () => {
    const before = (await t.request("GET", agencyPath(caseA), { auth: agent })).json().items.length;
    const key = { key: t.creditors.b.key };
    expect((await t.request("GET", creditorPath(caseA), { auth: key })).statusCode).toBe(404);
    expect(
      (await t.request("POST", creditorPath(caseA), { auth: key, body: { body: "Intrus" } })).statusCode,
    ).toBe(404);
    expect((await t.request("POST", `${creditorPath(caseA)}/read`, { auth: key })).statusCode).toBe(404);
    expect((await t.request("GET", agencyPath(caseA), { auth: agent })).json().items.length).toBe(before);
  });

  it("refuses empty or oversized messages, naming the body field", async () => {
    for (const body of ["   ", "x".repeat(4001)]) {
      const res = await t.request("POST", creditorPath(caseA), { auth: creditorUser, body: { body } });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details.issues.map((i: { field: string }) => i.field)).toContain("body.body");
    }
    expect((await t.request("POST", creditorPath(caseA), { auth: creditorUser, body: {} })).statusCode).toBe(
      400,
    );
  });

  it("keeps creditor users off the agency routes", async () => {
    expect((await t.request("GET", agencyPath(caseA), { auth: creditorUser })).statusCode).toBe(403);
  });

  it("shows each side, in its case lists and work queue, how many messages wait for it on each case", async () => {
    const caseB = (
      await createCase(t.database.db, t.creditors.a.id, createCaseSchema.parse(caseBody("MSG-B")), SYSTEM, T0)
    ).caseId;
    await t.request("POST", `${agencyPath(caseA)}/read`, { auth: agent });
    await t.request("POST", `${creditorPath(caseA)}/read`, { auth: creditorUser });
    for (const body of ["Une question ?", "Et une autre."]) {
      await t.request("POST", creditorPath(caseB), { auth: creditorUser, body: { body } });
    }
    await t.request("POST", agencyPath(caseA), { auth: agent, body: { body: "Relance envoyée." } });

    const unreadIn = (items: { id: string; unreadMessages: number }[]) =>
      Object.fromEntries(
        items.filter((i) => [caseA, caseB].includes(i.id)).map((i) => [i.id, i.unreadMessages]),
      );
    const agencyList = (await t.request("GET", "/api/agency/cases?limit=50", { auth: agent })).json();
    expect(unreadIn(agencyList.items)).toEqual({ [caseA]: 0, [caseB]: 2 });
    const queue = (await t.request("GET", "/api/agency/work-queue?limit=50", { auth: agent })).json();
    expect(unreadIn(queue.items)).toEqual({ [caseA]: 0, [caseB]: 2 });
    const creditorList = (await t.request("GET", "/api/v1/cases?limit=50", { auth: creditorUser })).json();
    expect(unreadIn(creditorList.items)).toEqual({ [caseA]: 1, [caseB]: 0 });

    // Reading the thread clears the count of that side only.
    await t.request("POST", `${agencyPath(caseB)}/read`, { auth: agent });
    const after = (await t.request("GET", "/api/agency/cases?limit=50", { auth: agent })).json();
    expect(unreadIn(after.items)).toEqual({ [caseA]: 0, [caseB]: 0 });
    const creditorAfter = (await t.request("GET", "/api/v1/cases?limit=50", { auth: creditorUser })).json();
    expect(unreadIn(creditorAfter.items)).toEqual({ [caseA]: 1, [caseB]: 0 });

    // Another creditor's list does not hold these cases, nor their counts.
    const other = (
      await t.request("GET", "/api/v1/cases?limit=50", { auth: { key: t.creditors.b.key } })
    ).json();
    expect(other.items.map((i: { id: string }) => i.id)).not.toContain(caseB);
  });
});
