import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCase } from "../../src/cases/create-case";
import { createCaseSchema } from "../../src/cases/create-case.schema";
import { cases, contactPoints, timelineEvents } from "../../src/cases/schema";
import { SYSTEM } from "../../src/cases/timeline";
import type { OutboundAction } from "../../src/collection/channel";
import { understand } from "../../src/voice/nlu/understand";
import { DEBTOR_PROFILES, DEBTOR_SCRIPTS, type DebtorProfile } from "../../src/voice/sandbox/debtor-profiles";
import { sandboxVoiceChannel } from "../../src/voice/sandbox/sandbox-voice-channel";
import { voiceCalls } from "../../src/voice/schema";
import { caseBody, createTestApp, TEST_NOW, type TestApp } from "../helpers/app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

async function newCase(ref: string) {
  const body = createCaseSchema.parse(caseBody(ref));
  return (await createCase(t.database.db, t.creditors.a.id, body, SYSTEM, TEST_NOW)).caseId;
}

function action(caseId: string, persona: string, key: string): OutboundAction {
  return {
    outboxId: key,
    idempotencyKey: key,
    creditorId: t.creditors.a.id,
    caseId,
    channel: "voice_call",
    template: "call",
    persona,
    attempt: 1,
    payload: {},
  };
}

async function call(ref: string, profile: DebtorProfile, persona = "courteous") {
  const caseId = await newCase(ref);
  const channel = sandboxVoiceChannel(t.database.db, () => t.clock.now(), { profile });
  const result = await channel.send(action(caseId, persona, `k-${ref}`));
  const db = t.database.db;
  const [row] = await db.select().from(voiceCalls).where(eq(voiceCalls.caseId, caseId));
  const [c] = await db.select().from(cases).where(eq(cases.id, caseId));
  const events = (await db.select().from(timelineEvents).where(eq(timelineEvents.caseId, caseId))).map(
    (e) => e.type,
  );
  return { caseId, result, row: row!, c: c!, events, channel };
}

describe("sandbox voice provider", () => {
  it("every scripted debtor turn is understood as the profile means it", () => {
    const now = new Date("2026-09-09T10:00:00+02:00");
    const first = (p: DebtorProfile) => {
      const turn = DEBTOR_SCRIPTS[p].find((x) => typeof x === "string" && !/^oui c'est (bien )?moi$/.test(x));
      return typeof turn === "string" ? understand(turn, now, "Europe/Paris").intent : null;
    };
    expect(first("dispute")).toBe("dispute");
    expect(first("already_paid")).toBe("already_paid");
    expect(first("opt_out")).toBe("opt_out");
    expect(first("wrong_number")).toBe("wrong_number");
    expect(first("third_party")).toBe("third_party");
    expect(first("angry")).toBe("abuse");
    expect(first("wants_human")).toBe("wants_human");
    expect(first("call_later")).toBe("call_later");
    expect(DEBTOR_PROFILES).toHaveLength(14);
  });

  it("a disputing debtor puts the case on a dispute hold, with the call recorded and costed", async () => {
    const r = await call("V-DISPUTE", "dispute");
    expect(r.result).toMatchObject({ status: "sent", provider: "sandbox-voice", outcome: "answered" });
    expect(r.row).toMatchObject({ outcome: "dispute", nonPaymentReason: "dispute", status: "completed" });
    expect(r.c).toMatchObject({ status: "on_hold", holdReason: "dispute" });
    expect(r.events).toEqual(
      expect.arrayContaining(["case.hold", "voice.dispute_recorded", "voice.call_completed"]),
    );
    expect(r.row.transcript[0]).toMatchObject({ speaker: "agent" });
    expect(r.row.transcript[0]?.text).toContain("intelligence artificielle");
    expect(r.row.cost?.totalMicros).toBeGreaterThan(0);
    expect(r.row.durationMs).toBeGreaterThan(10_000);
  });

  it("a promise puts the case on a promise hold until after the promised day", async () => {
    const r = await call("V-PROMISE", "promise");
    expect(r.row.outcome).toBe("promise");
    expect(r.c.holdReason).toBe("promise");
    expect(r.c.holdUntil!.getTime()).toBeGreaterThan(TEST_NOW.getTime());
  });

  it("an opt-out records a call opt-out on the dialled number only", async () => {
    const r = await call("V-OPTOUT", "opt_out");
    expect(r.row.outcome).toBe("opt_out");
    const all = await t.database.db
      .select()
      .from(contactPoints)
      .where(eq(contactPoints.debtorId, r.c.debtorId));
    const phonePoint = all.find((p) => p.kind === "phone")!;
    expect(phonePoint.optOuts.map((o) => o.channel)).toEqual(["call"]);
    expect(all.filter((p) => p.kind !== "phone").every((p) => p.optOuts.length === 0)).toBe(true);
  });

  it("a wrong number marks the phone invalid; no answer and voicemail report what a retry needs", async () => {
    const wrong = await call("V-WRONG", "wrong_number");
    const all = await t.database.db
      .select()
      .from(contactPoints)
      .where(eq(contactPoints.debtorId, wrong.c.debtorId));
    expect(all.find((p) => p.kind === "phone")).toMatchObject({ status: "invalid" });
    expect((await call("V-NOANS", "no_answer")).result).toMatchObject({ outcome: "no_answer" });
    const vm = await call("V-VM", "voicemail");
    expect(vm.result).toMatchObject({ outcome: "voicemail" });
    expect(vm.row.transcript.map((e) => e.text).join(" ")).not.toContain("1 250");
  });

  it("does not call twice for one idempotency key", async () => {
    const r = await call("V-IDEM", "hardship", "firm");
    expect(r.row.outcome).toBe("plan");
    const again = await r.channel.send(action(r.caseId, "firm", "k-V-IDEM"));
    expect(again).toEqual(r.result);
    const rows = await t.database.db.select().from(voiceCalls).where(eq(voiceCalls.caseId, r.caseId));
    expect(rows).toHaveLength(1);
    expect(await r.channel.status("k-V-IDEM")).toMatchObject({ status: "delivered", outcome: "answered" });
  });
});
