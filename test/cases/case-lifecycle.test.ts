import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  applyTransition,
  type CaseState,
  type CaseTransition,
  CLOSED_REASONS,
  HOLD_REASONS,
  initialState,
  isWorkable,
  STATUSES,
  TRANSITION_FROM,
} from "../../src/cases/case-lifecycle";

const transitions: CaseTransition[] = [
  { type: "start" },
  { type: "hold", reason: "dispute", until: null },
  { type: "release" },
  { type: "await_creditor" },
  { type: "creditor_answered" },
  { type: "escalate", to: "pre_litigation" },
  { type: "escalate", to: "judicial" },
  { type: "de_escalate" },
  { type: "close", reason: "paid_in_full" },
  { type: "reopen" },
];

const stateWith = (status: CaseState["status"]): CaseState => ({
  ...initialState(),
  status,
  phase: status === "closed" ? "closed" : "amicable",
  closedReason: status === "closed" ? "paid_in_full" : null,
  holdReason: status === "on_hold" ? "promise" : null,
});

describe("case lifecycle", () => {
  it("allows exactly the transitions the table lists from each status", () => {
    for (const status of STATUSES) {
      for (const t of transitions) {
        const result = applyTransition(stateWith(status), t);
        const listed = TRANSITION_FROM[t.type].includes(status);
        // Escalating straight to judicial from amicable is refused even where the status allows it.
        const phaseRule = t.type === "escalate" && t.to === "judicial";
        const deEscalateRule = t.type === "de_escalate";
        if (!listed) expect(result.ok, `${t.type} from ${status}`).toBe(false);
        else if (!phaseRule && !deEscalateRule) expect(result.ok, `${t.type} from ${status}`).toBe(true);
      }
    }
  });

  it("escalates one phase at a time: amicable, pre-litigation, judicial", () => {
    let s = applyTransition(initialState(), { type: "start" });
    expect(s.ok && s.state.status).toBe("active");
    if (!s.ok) return;
    expect(applyTransition(s.state, { type: "escalate", to: "judicial" }).ok).toBe(false);
    s = applyTransition(s.state, { type: "escalate", to: "pre_litigation" });
    expect(s.ok && s.state.phase).toBe("pre_litigation");
    if (!s.ok) return;
    s = applyTransition(s.state, { type: "escalate", to: "judicial" });
    expect(s.ok && s.state.phase).toBe("judicial");
    if (!s.ok) return;
    expect(applyTransition(s.state, { type: "de_escalate" }).ok).toBe(false);
  });

  it("records the hold reason and clears it on release", () => {
    const until = new Date("2026-12-01T10:00:00Z");
    const held = applyTransition(stateWith("active"), { type: "hold", reason: "promise", until });
    expect(held).toMatchObject({
      ok: true,
      state: { status: "on_hold", holdReason: "promise", holdUntil: until },
    });
    if (!held.ok) return;
    expect(isWorkable(held.state, new Date("2026-11-30T10:00:00Z"))).toBe(false);
    expect(isWorkable(held.state, until)).toBe(true);
    const released = applyTransition(held.state, { type: "release" });
    expect(released).toMatchObject({
      ok: true,
      state: { status: "active", holdReason: null, holdUntil: null },
    });
  });

  it("keeps every reachable state consistent whatever the sequence of transitions", () => {
    const arbTransition: fc.Arbitrary<CaseTransition> = fc.oneof(
      fc.constant({ type: "start" } as const),
      fc.record({
        type: fc.constant("hold" as const),
        reason: fc.constantFrom(...HOLD_REASONS),
        until: fc.option(fc.date({ noInvalidDate: true }), { nil: null }),
      }),
      fc.constant({ type: "release" } as const),
      fc.constant({ type: "await_creditor" } as const),
      fc.constant({ type: "creditor_answered" } as const),
      fc.record({
        type: fc.constant("escalate" as const),
        to: fc.constantFrom("pre_litigation" as const, "judicial" as const),
      }),
      fc.constant({ type: "de_escalate" } as const),
      fc.record({ type: fc.constant("close" as const), reason: fc.constantFrom(...CLOSED_REASONS) }),
      fc.constant({ type: "reopen" } as const),
    );
    fc.assert(
      fc.property(fc.array(arbTransition, { maxLength: 40 }), (sequence) => {
        let state = initialState();
        for (const t of sequence) {
          const r = applyTransition(state, t);
          if (r.ok) state = r.state;
          expect(state.status === "closed").toBe(state.phase === "closed");
          expect(state.closedReason !== null).toBe(state.status === "closed");
          expect(state.holdReason !== null).toBe(state.status === "on_hold");
        }
      }),
    );
  });
});
