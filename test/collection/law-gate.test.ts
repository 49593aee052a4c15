import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCase } from "../../src/cases/create-case";
import { createCaseSchema } from "../../src/cases/create-case.schema";
import { getCase } from "../../src/cases/get-case";
import { SYSTEM } from "../../src/cases/timeline";
import { lawGate } from "../../src/collection/law-gate";
import { seedDefaultScenarios } from "../../src/collection/scenario-store";
import { scheduleDueCases } from "../../src/collection/schedule-due-cases";
import { caseBody, createTestApp, type TestApp } from "../helpers/app";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedDefaultScenarios(t.database.db);
});
afterAll(async () => t?.close());

const person = (ref: string, dueDate: string, postalCode = "69003") =>
  createCaseSchema.parse(
    caseBody(ref, {
      debtor: {
        kind: "person",
        lastName: "Martin",
        email: "martin@mail.example",
        address: { line1: "2 rue Pasteur", postalCode, city: "Ville", country: "FR" },
      },
      claims: [
        {
          number: `N-${ref}`,
          issueDate: "2023-01-01",
          dueDate,
          principal: { amount: 9900, currency: "EUR" },
        },
      ],
    }),
  );

describe("scheduler with the law kernel", () => {
  it("holds a Saturday-night email until Monday morning, debtor time", async () => {
    const saturdayNight = new Date("2026-11-28T21:00:00.000Z"); // 22:00 in Paris
    const { caseId } = await createCase(
      t.database.db,
      t.creditors.a.id,
      person("LG-1", "2026-10-01"),
      SYSTEM,
      saturdayNight,
    );
    await scheduleDueCases(t.database.db, lawGate(), saturdayNight);
    const detail = await getCase(t.database.db, { kind: "agency" }, caseId);
    expect(detail.timeline.at(-1)).toMatchObject({ type: "action.deferred", data: { channel: "email" } });
    expect(detail.nextActionAt).toBe("2026-11-30T07:00:00.000Z");
    // No action planned yet: the start is an event of its own, with the scenario version.
    expect(detail.timeline.map((e) => e.type)).toEqual(["case.created", "case.start", "action.deferred"]);
    expect(detail.timeline[1]?.data).toMatchObject({ scenario: "fr-b2c-amicable", version: 1 });
  });

  it("follows the debtor's own clock overseas", async () => {
    // 14:00 UTC is 10:00 in Guadeloupe: within hours there.
    const at = new Date("2026-11-24T14:00:00.000Z");
    const { caseId } = await createCase(
      t.database.db,
      t.creditors.a.id,
      person("LG-2", "2026-10-01", "97110"),
      SYSTEM,
      at,
    );
    await scheduleDueCases(t.database.db, lawGate(), at);
    const detail = await getCase(t.database.db, { kind: "agency" }, caseId);
    expect(detail.timeline.at(-1)?.type).toBe("action.planned");
  });

  it("never contacts a consumer about a prescribed claim and puts the case on hold", async () => {
    const at = new Date("2026-11-24T10:00:00.000Z");
    const { caseId } = await createCase(
      t.database.db,
      t.creditors.a.id,
      person("LG-3", "2024-03-01"),
      SYSTEM,
      at,
    );
    await scheduleDueCases(t.database.db, lawGate(), at);
    const detail = await getCase(t.database.db, { kind: "agency" }, caseId);
    expect(detail.status).toBe("on_hold");
    expect(detail.hold?.reason).toBe("prescribed");
    expect(detail.timeline.some((e) => e.type === "action.planned")).toBe(false);
  });
});
