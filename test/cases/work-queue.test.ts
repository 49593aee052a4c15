import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCase } from "../../src/cases/create-case";
import { createCaseSchema } from "../../src/cases/create-case.schema";
import { expectedValueCents, paymentProbability } from "../../src/cases/expected-value";
import { SYSTEM } from "../../src/cases/timeline";
import { transitionCase } from "../../src/cases/transition-case";
import { AGENCY_SCOPE } from "../../src/platform/auth/scope";
import { caseBody, createTestApp, type Login, TEST_NOW, type TestApp } from "../helpers/app";

// The back-office work queue: open cases ranked by expected value, filtered and paged by keyset.

let t: TestApp;
let agent: Login;
const ids: Record<string, string> = {};

type Item = {
  id: string;
  reference: string;
  balance: { amount: number };
  score: { expectedValue: { amount: number }; probability: number; ageDays: number };
};

async function make(
  ref: string,
  creditor: "a" | "b",
  over: { kind?: "person" | "company"; cents: number; due: string },
) {
  const debtor =
    over.kind === "person"
      ? { kind: "person", firstName: "Jeanne", lastName: `Durand ${ref}`, email: "j@example.org" }
      : { kind: "company", companyName: `Société ${ref}`, siren: "732829320" };
  const body = caseBody(ref, {
    debtor: { ...debtor, address: { line1: "1 rue A", postalCode: "69003", city: "Lyon", country: "FR" } },
    claims: [
      {
        number: `F-${ref}`,
        issueDate: "2025-01-01",
        dueDate: over.due,
        principal: { amount: over.cents, currency: "EUR" },
      },
    ],
  });
  const res = await createCase(
    t.database.db,
    t.creditors[creditor].id,
    createCaseSchema.parse(body),
    SYSTEM,
    TEST_NOW,
  );
  ids[ref] = res.caseId;
}

async function queue(query = ""): Promise<{ items: Item[]; nextCursor: string | null }> {
  const res = await t.request("GET", `/api/agency/work-queue${query}`, { auth: agent });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

beforeAll(async () => {
  t = await createTestApp();
  // TEST_NOW is 2026-11-23.
  await make("FRESH-BIG", "a", { cents: 500_000, due: "2026-11-01" }); // 22 days, company
  await make("OLD-BIG", "a", { cents: 500_000, due: "2025-06-01" }); // > 365 days
  await make("FRESH-SMALL", "b", { kind: "person", cents: 2_000, due: "2026-11-10" }); // EV below the call's cost
  await make("PERSON", "b", { kind: "person", cents: 300_000, due: "2026-09-01" });
  await make("CLOSED", "a", { cents: 900_000, due: "2026-11-01" });
  await make("DISPUTED", "a", { cents: 600_000, due: "2026-11-01" });
  await transitionCase(
    t.database.db,
    AGENCY_SCOPE,
    ids.CLOSED!,
    { type: "close", reason: "duplicate" },
    SYSTEM,
    TEST_NOW,
  );
  await transitionCase(
    t.database.db,
    AGENCY_SCOPE,
    ids.DISPUTED!,
    { type: "hold", reason: "dispute", until: null },
    SYSTEM,
    TEST_NOW,
  );
  agent = await t.login("agent@test.example");
});
afterAll(async () => t?.close());

describe("expected value heuristic", () => {
  it("prefers young debts, businesses and debtors who already paid, and zeroes legal bars", () => {
    const base = { ageDays: 20, debtorKind: "company" as const, paidBefore: false, holdReason: null };
    expect(paymentProbability(base)).toBeGreaterThan(paymentProbability({ ...base, ageDays: 400 }));
    expect(paymentProbability(base)).toBeGreaterThan(paymentProbability({ ...base, debtorKind: "person" }));
    expect(paymentProbability({ ...base, paidBefore: true })).toBeGreaterThan(paymentProbability(base));
    expect(paymentProbability({ ...base, holdReason: "insolvency" })).toBe(0);
    expect(
      expectedValueCents({ ...base, balanceCents: 100_000, commissionRateBp: 1500, phase: "amicable" }),
    ).toBe(Math.floor(0.55 * 1.1 * 100_000 * 0.15) - 300);
  });
});

describe("GET /api/agency/work-queue", () => {
  it("ranks open cases by expected value, the same figure the documented heuristic gives", async () => {
    const { items } = await queue();
    const refs = items.map((i) => i.reference);
    expect(items.map((i) => i.id)).not.toContain(ids.CLOSED);
    expect(items.map((i) => i.id)[0]).toBe(ids["FRESH-BIG"]);
    const values = items.map((i) => i.score.expectedValue.amount);
    expect([...values].sort((x, y) => y - x)).toEqual(values);
    expect(refs).toHaveLength(5);
    const fresh = items.find((i) => i.id === ids["FRESH-BIG"])!;
    expect(fresh.score.ageDays).toBe(22);
    const expected = expectedValueCents({
      ageDays: 22,
      debtorKind: "company",
      paidBefore: false,
      holdReason: null,
      // Business debtor: the 40 € indemnity is part of the balance.
      balanceCents: 504_000,
      commissionRateBp: 1500,
      phase: "amicable",
    });
    expect(Math.abs(fresh.score.expectedValue.amount - expected)).toBeLessThanOrEqual(1);
    const small = items.find((i) => i.id === ids["FRESH-SMALL"])!;
    expect(small.score.expectedValue.amount).toBeLessThan(0);
    // The dispute weighs the disputed case down below the undisputed one of the same age.
    expect(values[items.findIndex((i) => i.id === ids.DISPUTED)]!).toBeLessThan(
      fresh.score.expectedValue.amount,
    );
  });

  it("filters by creditor, hold, amount and age", async () => {
    const onlyB = await queue(`?creditorId=${t.creditors.b.id}`);
    expect(onlyB.items.map((i) => i.id).sort()).toEqual([ids["FRESH-SMALL"], ids.PERSON].sort());
    expect((await queue("?hold=dispute")).items.map((i) => i.id)).toEqual([ids.DISPUTED]);
    expect((await queue("?hold=none")).items.map((i) => i.id)).not.toContain(ids.DISPUTED);
    const big = await queue("?minBalance=400000&maxBalance=550000");
    expect(big.items.map((i) => i.id).sort()).toEqual([ids["FRESH-BIG"], ids["OLD-BIG"]].sort());
    const old = await queue("?minAgeDays=366");
    expect(old.items.map((i) => i.id)).toEqual([ids["OLD-BIG"]]);
    expect((await queue("?maxAgeDays=30&phase=amicable")).items.map((i) => i.id)).toContain(ids["FRESH-BIG"]);
  });

  it("filters by agent, including the caller's own cases", async () => {
    const me = (await t.request("GET", "/api/auth/me", { auth: agent })).json().user.id;
    const assigned = await t.request("POST", `/api/agency/cases/${ids.PERSON}/assign`, {
      auth: agent,
      body: { agentId: me },
    });
    expect(assigned.statusCode).toBe(204);
    expect((await queue("?agentId=me")).items.map((i) => i.id)).toEqual([ids.PERSON]);
    expect((await queue(`?agentId=${me}`)).items.map((i) => i.id)).toEqual([ids.PERSON]);
    expect((await queue("?agentId=unassigned")).items.map((i) => i.id)).not.toContain(ids.PERSON);
    // An agent takes cases for themselves, never hands them to someone else.
    const other = (await t.request("GET", "/api/agency/agents", { auth: agent }))
      .json()
      .items.find((u: { id: string }) => u.id !== me);
    const refused = await t.request("POST", `/api/agency/cases/${ids.PERSON}/assign`, {
      auth: agent,
      body: { agentId: other.id },
    });
    expect(refused.statusCode).toBe(403);
  });

  it("pages with a keyset cursor without repeating or losing a case", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await queue(`?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual((await queue()).items.map((i) => i.id));
    const bad = await t.request("GET", "/api/agency/work-queue?cursor=bm9wZQ", { auth: agent });
    expect(bad.statusCode).toBe(400);
  });

  it("is closed to creditors", async () => {
    const res = await t.request("GET", "/api/agency/work-queue", { auth: { key: t.creditors.a.key } });
    expect(res.statusCode).toBe(403);
  });
});
