import { describe, expect, it } from "vitest";
import { DEFAULT_SCENARIOS, FR_B2B_AMICABLE, FR_B2C_AMICABLE } from "../../src/collection/default-scenarios";
import { type CaseFacts, planNextStep, type StepRecord } from "../../src/collection/plan-next-step";
import { scenarioSchema } from "../../src/collection/scenario";

const facts: CaseFacts = {
  placedAt: new Date("2026-03-02T13:00:00Z"), // Monday 14:00 in Paris
  oldestDueDate: "2026-01-15",
  balanceCents: 125_000,
  debtorKind: "person",
  creditorRef: "ACME",
  timeZone: "Europe/Paris",
};
const now = new Date("2026-03-02T13:00:00Z");
const rec = (stepId: string, at: string, outcome: StepRecord["outcome"], attempt = 1): StepRecord => ({
  stepId,
  attempt,
  at: new Date(at),
  outcome,
});

describe("default scenarios", () => {
  it("are valid and follow the amicable sequence up to the judicial proposal", () => {
    for (const s of DEFAULT_SCENARIOS) {
      expect(scenarioSchema.safeParse(s).success).toBe(true);
      const channels = s.steps.map((step) => step.channel);
      expect(channels.indexOf("email")).toBe(0);
      expect(channels.indexOf("registered_letter")).toBeGreaterThan(channels.indexOf("letter"));
      expect(s.steps.filter((step) => step.channel === "voice_call").map((step) => step.persona)).toEqual([
        "courteous",
        "firm",
        "last_attempt",
      ]);
      expect(s.steps.at(-1)?.escalateTo).toBe("judicial_proposal");
    }
    expect(FR_B2B_AMICABLE.steps[0]?.template).toBe("first_notice_b2b");
    expect(FR_B2C_AMICABLE.steps[0]?.template).toBe("first_notice");
  });
});

describe("planNextStep", () => {
  it("starts with the first written notice at placement", () => {
    const plan = planNextStep(FR_B2C_AMICABLE, facts, [], now);
    expect(plan).toMatchObject({
      kind: "act",
      step: { id: "first-notice-email" },
      attempt: 1,
      at: facts.placedAt,
    });
  });

  it("sends the SMS at 08:30 debtor time, the next morning when the email left in the afternoon", () => {
    const plan = planNextStep(
      FR_B2C_AMICABLE,
      facts,
      [rec("first-notice-email", "2026-03-02T13:00:00Z", "delivered")],
      now,
    );
    expect(plan).toMatchObject({ kind: "act", step: { id: "first-notice-sms" } });
    if (plan.kind === "act") expect(plan.at.toISOString()).toBe("2026-03-03T07:30:00.000Z");
  });

  it("goes on from the furthest step, even when an earlier step's send time is later", () => {
    // After a crash, reconciliation records the email as sent when it learns so: after the SMS left.
    const plan = planNextStep(
      FR_B2C_AMICABLE,
      facts,
      [
        rec("first-notice-sms", "2026-03-03T07:30:00Z", "delivered"),
        rec("first-notice-email", "2026-03-03T09:00:00Z", "delivered"),
      ],
      new Date("2026-03-03T09:00:00Z"),
    );
    expect(plan).toMatchObject({ kind: "act", step: { id: "courteous-call" }, attempt: 1 });
  });

  it("waits while the previous action's outcome is unknown", () => {
    const plan = planNextStep(
      FR_B2C_AMICABLE,
      facts,
      [rec("first-notice-email", "2026-03-02T13:00:00Z", null)],
      now,
    );
    expect(plan.kind).toBe("wait_outcome");
  });

  it("skips the fallback letter when the email arrived, and sends it when it did not", () => {
    const base = [
      rec("first-notice-email", "2026-03-02T13:00:00Z", "delivered"),
      rec("first-notice-sms", "2026-03-03T07:30:00Z", "delivered"),
    ];
    const skip = planNextStep(FR_B2C_AMICABLE, facts, base, now);
    expect(skip).toMatchObject({
      kind: "act",
      step: { id: "courteous-call" },
      skipped: ["first-notice-letter"],
    });
    const bounced = [{ ...base[0]!, outcome: "not_delivered" as const }, base[1]!];
    expect(planNextStep(FR_B2C_AMICABLE, facts, bounced, now)).toMatchObject({
      kind: "act",
      step: { id: "first-notice-letter" },
    });
  });

  it("retries an unanswered call after the configured delay, up to the maximum", () => {
    const history = [
      rec("first-notice-email", "2026-03-02T13:00:00Z", "delivered"),
      rec("first-notice-sms", "2026-03-03T07:30:00Z", "delivered"),
      rec("courteous-call", "2026-03-06T10:00:00Z", "no_answer"),
    ];
    const retry = planNextStep(FR_B2C_AMICABLE, facts, history, now);
    expect(retry).toMatchObject({ kind: "act", step: { id: "courteous-call" }, attempt: 2 });
    if (retry.kind === "act") expect(retry.at.toISOString()).toBe("2026-03-07T12:00:00.000Z");
    const exhausted = [...history, rec("courteous-call", "2026-03-07T12:00:00Z", "voicemail", 2)];
    expect(planNextStep(FR_B2C_AMICABLE, facts, exhausted, now)).toMatchObject({
      kind: "act",
      step: { id: "reminder-letter" },
    });
  });

  it("keeps the local hour across the spring DST change", () => {
    const history = [
      rec("first-notice-email", "2026-03-20T09:00:00Z", "delivered"),
      rec("first-notice-sms", "2026-03-21T07:30:00Z", "delivered"),
      rec("courteous-call", "2026-03-24T09:00:00Z", "answered"),
    ];
    // 10:00 in Paris on 24 March (UTC+1); 7 days later is 31 March, after the change to UTC+2.
    const plan = planNextStep(FR_B2C_AMICABLE, facts, history, now);
    expect(plan).toMatchObject({ kind: "act", step: { id: "reminder-letter" } });
    if (plan.kind === "act") expect(plan.at.toISOString()).toBe("2026-03-31T08:00:00.000Z");
  });

  it("completes after the last step", () => {
    const history = FR_B2C_AMICABLE.steps.map((s, i) =>
      rec(s.id, new Date(Date.UTC(2026, 2, 2 + i)).toISOString(), "delivered"),
    );
    expect(planNextStep(FR_B2C_AMICABLE, facts, history, now)).toEqual({ kind: "complete", skipped: [] });
  });

  it("applies amount and debtor-kind conditions", () => {
    const scenario = scenarioSchema.parse({
      key: "conditions",
      name: "Conditions",
      steps: [
        {
          id: "big",
          label: "big",
          offset: { days: 0, from: "placement" },
          channel: "letter",
          template: "x",
          conditions: { minBalanceCents: 1_000_000 },
        },
        {
          id: "pro",
          label: "pro",
          offset: { days: 0, from: "placement" },
          channel: "email",
          template: "x",
          conditions: { debtorKinds: ["company"] },
        },
        { id: "all", label: "all", offset: { days: 2, from: "due_date" }, channel: "sms", template: "x" },
      ],
    });
    const plan = planNextStep(scenario, facts, [], now);
    expect(plan).toMatchObject({ kind: "act", step: { id: "all" }, skipped: ["big", "pro"] });
    // A due date long past is not a reason to act before the case was placed.
    if (plan.kind === "act") expect(plan.at.getTime()).toBe(facts.placedAt.getTime());
  });

  it("plans a same-day step at its anchor, and a dated one at the same local time across a DST change", () => {
    const scenario = scenarioSchema.parse({
      key: "same-day",
      name: "Same day",
      steps: [
        { id: "a", label: "a", offset: { days: 0, from: "placement" }, channel: "email", template: "x" },
        { id: "b", label: "b", offset: { days: 0, from: "previous_step" }, channel: "letter", template: "x" },
        { id: "c", label: "c", offset: { days: 7, from: "previous_step" }, channel: "letter", template: "x" },
      ],
    });
    const sent = "2026-03-25T16:45:00Z"; // 17:45 in Paris, winter time
    const b = planNextStep(scenario, facts, [rec("a", sent, "delivered")], now);
    expect(b).toMatchObject({ kind: "act", step: { id: "b" }, at: new Date(sent) });
    // Summer time from 29 March: a week later is 17:45 in Paris again, an hour earlier in UTC.
    const c = planNextStep(scenario, facts, [rec("a", sent, "delivered"), rec("b", sent, "delivered")], now);
    expect(c).toMatchObject({ kind: "act", step: { id: "c" }, at: new Date("2026-04-01T15:45:00Z") });
  });

  it("refuses a scenario whose condition names a later step or a call without persona", () => {
    const result = scenarioSchema.safeParse({
      key: "broken",
      name: "Broken",
      steps: [
        { id: "a", label: "a", offset: { days: 0, from: "placement" }, channel: "voice_call", template: "x" },
        {
          id: "b",
          label: "b",
          offset: { days: 0, from: "placement" },
          channel: "email",
          template: "x",
          conditions: { ifOutcome: { step: "c", in: ["opened"] } },
        },
      ],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual([
      "steps.0.persona",
      "steps.1.conditions.ifOutcome.step",
    ]);
  });
});
