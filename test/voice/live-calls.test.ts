import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCase } from "../../src/cases/create-case";
import { createCaseSchema } from "../../src/cases/create-case.schema";
import { SYSTEM } from "../../src/cases/timeline";
import type { LiveEvent, LiveEvents } from "../../src/platform/live-events";
import { sandboxVoiceChannel } from "../../src/voice/sandbox/sandbox-voice-channel";
import { caseBody, createTestApp, type Login, type TestApp } from "../helpers/app";
import { startWatchedCall } from "./live-call-helpers";

let t: TestApp;
let live: LiveEvents;
let agent: Login;
const seen: LiveEvent[] = [];

beforeAll(async () => {
  t = await createTestApp();
  live = t.live;
  live.subscribe((e) => seen.push(e));
  agent = await t.login("agent@test.example");
});
afterAll(async () => t?.close());

async function personCase(ref: string): Promise<string> {
  const body = caseBody(ref, {
    debtor: {
      kind: "person",
      firstName: "Camille",
      lastName: "Durand",
      phone: "06 12 34 56 78",
      address: { line1: "3 rue Neuve", postalCode: "69001", city: "Lyon", country: "FR" },
    },
  });
  return (
    await createCase(t.database.db, t.creditors.a.id, createCaseSchema.parse(body), SYSTEM, t.clock.now())
  ).caseId;
}

const activeCalls = async () =>
  (await t.request("GET", "/api/agency/live/calls", { auth: agent })).json().items;

describe("live calls", () => {
  it("lists a call in progress with its persona, the debtor's first name and the transcript so far", async () => {
    const caseId = await personCase("LIVE-CALL-1");
    const call = await startWatchedCall(t.database, live, {
      caseId,
      creditorId: t.creditors.a.id,
      now: () => t.clock.now(),
    });
    await call.start();
    await call.hear("oui c'est moi");
    await expect.poll(() => seen.filter((e) => e.type === "call.transcript").length).toBeGreaterThan(2);
    const [listed] = await activeCalls();
    expect(listed).toMatchObject({
      callId: call.callId,
      caseId,
      persona: { key: "firm", name: "Vincent" },
      debtorFirstName: "Camille",
    });
    const { transcript: _said, ...rest } = listed;
    expect(JSON.stringify(rest)).not.toContain("Durand");
    expect(listed.transcript.map((l: { speaker: string }) => l.speaker)).toEqual(
      call.session.transcript.map((l) => l.speaker),
    );
    expect(listed.transcript.find((l: { speaker: string }) => l.speaker === "debtor").text).toBe(
      "oui c'est moi",
    );
    // Events name the call and the case, never what was said.
    const events = seen.filter((e) => "callId" in e && e.callId === call.callId);
    expect(events[0]).toEqual({
      type: "call.started",
      callId: call.callId,
      caseId,
      creditorId: t.creditors.a.id,
    });
    expect(JSON.stringify(events)).not.toContain("oui");

    await call.finish();
    expect(seen.at(-1)).toMatchObject({ type: "call.ended", callId: call.callId });
    expect(await activeCalls()).toEqual([]);
  });

  it("announces the agent's transfer to a human, and a simulated call's start and end", async () => {
    const caseId = await personCase("LIVE-CALL-2");
    const call = await startWatchedCall(t.database, live, {
      caseId,
      creditorId: t.creditors.a.id,
      now: () => t.clock.now(),
      humanAvailable: true,
    });
    await call.start();
    await call.hear("oui c'est moi");
    await call.hear("je voudrais parler à un conseiller");
    expect(seen.filter((e) => e.type === "transfer.requested")).toEqual([
      {
        type: "transfer.requested",
        callId: call.callId,
        caseId,
        creditorId: t.creditors.a.id,
        accepted: true,
      },
    ]);
    await call.finish();
    // A simulated call (instant) announces its start and end; with no collector free its agent
    // books a meeting instead of transferring.
    seen.length = 0;
    const sandbox = sandboxVoiceChannel(t.database.db, () => t.clock.now(), { profile: "wants_human", live });
    const other = await personCase("LIVE-CALL-3");
    await sandbox.send({
      outboxId: "o-3",
      idempotencyKey: "live-call-3",
      creditorId: t.creditors.a.id,
      caseId: other,
      channel: "voice_call",
      template: "call",
      persona: "courteous",
      attempt: 1,
      payload: {},
    });
    expect(seen.filter((e) => "callId" in e).map((e) => e.type)).toEqual(["call.started", "call.ended"]);
    expect(seen[0]).toMatchObject({ caseId: other });
  });

  it("keeps the live screen from creditors", async () => {
    const res = await t.request("GET", "/api/agency/live/calls", { auth: await t.login("ca@a.example") });
    expect(res.statusCode).toBe(403);
  });
});
