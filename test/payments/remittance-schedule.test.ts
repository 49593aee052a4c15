import { describe, expect, it } from "vitest";
import type { RemittanceTerms } from "../../src/cases/schema";
import { nextScheduledAt, remittanceDecision } from "../../src/payments/remittance-schedule";

const now = new Date("2026-11-23T09:00:00Z");
const days = (n: number) => new Date(now.getTime() + n * 86_400_000);
const monthly: RemittanceTerms = { frequency: "monthly", maxDelayDays: 30, thresholdCents: 50_000 };

describe("when a creditor's funds are paid over", () => {
  it("pays nothing when nothing is held, even on request", () => {
    const d = remittanceDecision(
      monthly,
      { heldCents: 0, oldestDueAt: days(-2), lastRemittanceAt: null },
      now,
      true,
    );
    expect(d).toEqual({ due: false, reason: "nothing_held" });
  });

  it("pays a named creditor whatever its schedule", () => {
    const funds = { heldCents: 100, oldestDueAt: days(20), lastRemittanceAt: days(-1) };
    expect(remittanceDecision(monthly, funds, now, true)).toEqual({ due: true, reason: "requested" });
    expect(remittanceDecision(monthly, funds, now).due).toBe(false);
  });

  it("pays below the threshold and before the schedule when the one-month deadline is near", () => {
    const funds = { heldCents: 100, oldestDueAt: days(3), lastRemittanceAt: days(-2) };
    expect(remittanceDecision(monthly, funds, now)).toEqual({ due: true, reason: "deadline" });
    expect(remittanceDecision(monthly, { ...funds, oldestDueAt: days(4) }, now)).toEqual({
      due: false,
      reason: "below_threshold",
    });
  });

  it("waits for the mandate's frequency once the threshold is reached", () => {
    const weekly: RemittanceTerms = { frequency: "weekly", maxDelayDays: 30 };
    const funds = { heldCents: 80_000, oldestDueAt: days(25), lastRemittanceAt: days(-6) };
    expect(remittanceDecision(weekly, funds, now)).toEqual({ due: false, reason: "not_yet" });
    expect(remittanceDecision(weekly, { ...funds, lastRemittanceAt: days(-7) }, now)).toEqual({
      due: true,
      reason: "schedule",
    });
    expect(remittanceDecision(monthly, { ...funds, lastRemittanceAt: null }, now).reason).toBe("schedule");
  });

  it("counts a monthly schedule in calendar months and the others in days", () => {
    const last = new Date("2026-01-31T10:00:00Z");
    expect(nextScheduledAt(monthly, last).toISOString()).toBe("2026-02-28T10:00:00.000Z");
    expect(nextScheduledAt(monthly, new Date("2026-11-15T10:00:00Z")).toISOString()).toBe(
      "2026-12-15T10:00:00.000Z",
    );
    expect(nextScheduledAt({ frequency: "biweekly", maxDelayDays: 30 }, last).toISOString()).toBe(
      "2026-02-14T10:00:00.000Z",
    );
  });
});
