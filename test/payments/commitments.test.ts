import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cases } from "../../src/cases/schema";
import { SYSTEM } from "../../src/cases/timeline";
import { applyPayment } from "../../src/payments/apply-payment";
import { addMonths, quotePlan } from "../../src/payments/commitments";
import { createPlan } from "../../src/payments/plans";
import { recordPromise } from "../../src/payments/promises";
import { reviewCommitments } from "../../src/payments/review-commitments";
import { paymentPlans, promises } from "../../src/payments/schema";
import { createTestApp, type TestApp } from "../helpers/app";
import { makeCase, store } from "./fixtures";

let t: TestApp;
const docs = store();
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const caseRow = async (id: string) => (await t.database.db.select().from(cases).where(eq(cases.id, id)))[0]!;
const LIMITS = { maxInstalments: 6, minInstalmentCents: 3000, maxFirstPaymentDelayDays: 30 };

describe("plan rules", () => {
  it("keeps month ends and refuses schedules outside the mandate", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(
      quotePlan(
        { totalCents: 10_000, currency: "EUR", instalments: 4, firstDate: "2026-12-01" },
        LIMITS,
        "2026-11-23",
      ).ok,
    ).toBe(false);
    expect(
      quotePlan(
        { totalCents: 100_000, currency: "EUR", instalments: 3, firstDate: "2027-01-15" },
        LIMITS,
        "2026-11-23",
      ).ok,
    ).toBe(false);
    const ok = quotePlan(
      { totalCents: 100_001, currency: "EUR", instalments: 3, firstDate: "2026-12-01" },
      LIMITS,
      "2026-11-23",
    );
    expect(ok.ok && ok.instalments.reduce((s, i) => s + i.amountCents, 0)).toBe(100_001);
  });
});

describe("broken commitments resume the scenario", () => {
  it("marks a promise broken after the grace period and lifts its hold", async () => {
    const { caseId } = await makeCase(t, "BROKEN-1");
    await recordPromise(t.database.db, { caseId, dueDate: "2026-11-30" }, SYSTEM, t.clock.now());
    expect((await reviewCommitments(t.database.db, new Date("2026-12-03T10:00:00Z"))).brokenPromises).toBe(0);
    const review = await reviewCommitments(t.database.db, new Date("2026-12-04T10:00:00Z"));
    expect(review.brokenPromises).toBe(1);
    expect(await caseRow(caseId)).toMatchObject({ status: "active", holdReason: null });
    const [p] = await t.database.db.select().from(promises).where(eq(promises.caseId, caseId));
    expect(p!.status).toBe("broken");
  });

  it("breaks a plan whose instalment is missed and lifts its hold", async () => {
    const { caseId } = await makeCase(t, "BROKEN-2");
    await createPlan(
      t.database.db,
      { caseId, instalments: 2, firstDate: "2026-12-01" },
      SYSTEM,
      t.clock.now(),
    );
    const review = await reviewCommitments(t.database.db, new Date("2026-12-07T10:00:00Z"));
    expect(review.brokenPlans).toBe(1);
    expect(await caseRow(caseId)).toMatchObject({ status: "active" });
  });

  it("closes the case as paid when the plan's last instalment is paid", async () => {
    const { caseId } = await makeCase(t, "DONE-1");
    await createPlan(
      t.database.db,
      { caseId, instalments: 2, firstDate: "2026-12-01" },
      SYSTEM,
      t.clock.now(),
    );
    const deps = { db: t.database.db, documents: docs };
    const now = t.clock.now();
    await applyPayment(
      deps,
      {
        caseId,
        provider: "manual",
        providerRef: "done-1",
        amountCents: 52_000,
        currency: "EUR",
        encashedAt: now,
      },
      SYSTEM,
      now,
    );
    expect(await caseRow(caseId)).toMatchObject({ status: "on_hold", holdReason: "payment_plan" });
    await applyPayment(
      deps,
      {
        caseId,
        provider: "manual",
        providerRef: "done-2",
        amountCents: 52_000,
        currency: "EUR",
        encashedAt: now,
      },
      SYSTEM,
      now,
    );
    expect(await caseRow(caseId)).toMatchObject({ status: "closed", closedReason: "paid_in_full" });
    const [plan] = await t.database.db.select().from(paymentPlans).where(eq(paymentPlans.caseId, caseId));
    expect(plan!.status).toBe("completed");
  });

  it("lifts a promise hold once the promised amount is paid", async () => {
    const { caseId } = await makeCase(t, "KEPT-1");
    await recordPromise(
      t.database.db,
      { caseId, dueDate: "2026-12-10", amountCents: 20_000 },
      SYSTEM,
      t.clock.now(),
    );
    const now = t.clock.now();
    await applyPayment(
      { db: t.database.db, documents: docs },
      {
        caseId,
        provider: "manual",
        providerRef: "kept-1",
        amountCents: 20_000,
        currency: "EUR",
        encashedAt: now,
      },
      SYSTEM,
      now,
    );
    expect(await caseRow(caseId)).toMatchObject({ status: "active" });
    const [p] = await t.database.db.select().from(promises).where(eq(promises.caseId, caseId));
    expect(p!.status).toBe("kept");
  });
});
