import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultPersona } from "../../src/voice/personas/default-personas";
import { checkUtterance } from "../../src/voice/policy/guard";
import { addDays } from "../../src/voice/policy/lines";
import { disclosure } from "../../src/voice/policy/turn";
import { CALL_OUTCOMES, type ToolArgs } from "../../src/voice/policy/types";
import corpus from "./corpus/fr-utterances.json";
import { context, play, type ScriptTurn } from "./policy-helpers";

// Whatever the debtor says, in whatever order, and whatever the tools answer: the call opens with
// the disclosure, no debt detail is spoken before the right person confirmed, and nothing the agent
// agrees to leaves the mandate's limits.

const DEBT_TOOLS = new Set<ToolArgs["tool"]>([
  "send_payment_link",
  "record_promise",
  "propose_plan",
  "record_dispute",
  "report_already_paid",
  "book_appointment",
]);

const utterance = fc.constantFrom(...corpus.utterances.map((u) => u.text));
const turn: fc.Arbitrary<ScriptTurn> = fc.oneof(
  { weight: 12, arbitrary: utterance },
  { weight: 2, arbitrary: fc.constant({ silence: true as const }) },
  { weight: 1, arbitrary: fc.constant({ voicemail: true as const }) },
  { weight: 1, arbitrary: fc.constant({ payment: 1000 }) },
  { weight: 1, arbitrary: fc.constant({ tick: true as const }) },
  { weight: 1, arbitrary: fc.constant({ hangup: true as const }) },
);

const callSetup = fc.record({
  key: fc.constantFrom("courteous", "firm", "last_attempt") as fc.Arbitrary<
    "courteous" | "firm" | "last_attempt"
  >,
  locale: fc.constantFrom("fr", "en") as fc.Arbitrary<"fr" | "en">,
  recordingNotice: fc.boolean(),
  humanAvailable: fc.boolean(),
  balanceCents: fc.integer({ min: 500, max: 2_000_000 }),
  maxInstalments: fc.integer({ min: 1, max: 12 }),
  minInstalmentCents: fc.integer({ min: 1000, max: 50_000 }),
  maxFirstPaymentDelayDays: fc.integer({ min: 0, max: 60 }),
  openingIndex: fc.nat(3),
  toolsFail: fc.boolean(),
});

describe("dialogue policy properties", () => {
  it("opens with the disclosure and never gives a debt detail before the right-party check", () => {
    fc.assert(
      fc.property(callSetup, fc.array(turn, { maxLength: 14 }), (setup, script) => {
        const persona = defaultPersona(setup.key, setup.locale);
        const ctx = context(
          {
            locale: setup.locale,
            recordingNotice: setup.recordingNotice,
            humanAvailable: setup.humanAvailable,
            balanceCents: setup.balanceCents,
            openingIndex: setup.openingIndex,
            planLimits: {
              maxInstalments: setup.maxInstalments,
              minInstalmentCents: setup.minInstalmentCents,
              maxFirstPaymentDelayDays: setup.maxFirstPaymentDelayDays,
            },
          },
          persona,
        );
        const run = play(ctx, script, (call) =>
          setup.toolsFail && call.tool !== "mark_wrong_number"
            ? { ok: false, error: "down" }
            : { ok: true, data: { slot: "lundi" } },
        );

        const first = run.actions[0];
        expect(first?.type === "say" && first.kind === "opening" && !first.interruptible).toBe(true);
        const opening = first?.type === "say" ? first.text : "";
        expect(opening).toContain(disclosure(ctx));
        expect(opening).toContain(ctx.agencyName);

        for (const text of run.beforePurpose) {
          const details = checkUtterance(text, ctx, false).filter(
            (v) => v.rule === "debt_detail_before_right_party",
          );
          expect(details, text).toEqual([]);
        }
        // The policy's own words never trip the guard.
        expect(run.state.flags).not.toContain("guard_blocked");

        let purposeGiven = false;
        for (const { event, actions } of run.steps) {
          for (const action of actions) {
            if (action.type === "say" && action.kind === "purpose") {
              const intent = event?.type === "debtor_said" ? event.understanding.intent : null;
              expect(["identity_confirmed", "affirm"]).toContain(intent);
              purposeGiven = true;
            }
            if (action.type !== "tool") continue;
            const call = action.call;
            if (DEBT_TOOLS.has(call.tool)) expect(purposeGiven, call.tool).toBe(true);
            if (call.tool === "propose_plan") {
              expect(persona.allowedTools).toContain("propose_plan");
              expect(call.instalments).toBeGreaterThanOrEqual(2);
              expect(call.instalments).toBeLessThanOrEqual(setup.maxInstalments);
              expect(call.instalmentCents).toBeGreaterThanOrEqual(setup.minInstalmentCents);
            }
            if (call.tool === "record_promise") {
              expect(call.amountCents).toBe(setup.balanceCents);
              expect(call.date >= ctx.today).toBe(true);
              expect(call.date <= addDays(ctx.today, setup.maxFirstPaymentDelayDays)).toBe(true);
            }
          }
        }

        const hangup = run.actions.findIndex((a) => a.type === "hangup");
        if (hangup !== -1) expect(hangup).toBe(run.actions.length - 1);
        if (run.state.phase === "ended") expect(CALL_OUTCOMES).toContain(run.state.outcome);
      }),
      { numRuns: 600 },
    );
  });
});
