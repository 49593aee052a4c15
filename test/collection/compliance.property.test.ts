import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCase } from "../../src/cases/create-case";
import { createCaseSchema } from "../../src/cases/create-case.schema";
import { createCreditor } from "../../src/cases/creditors";
import { createMandateVersion } from "../../src/cases/mandates";
import { SYSTEM } from "../../src/cases/timeline";
import { transitionCase } from "../../src/cases/transition-case";
import { sandboxChannel } from "../../src/channels/sandbox-channel";
import { lawGate } from "../../src/collection/law-gate";
import { seedDefaultScenarios } from "../../src/collection/scenario-store";
import { runUntil } from "../../src/collection/worker";
import { type Channel, DEFAULT_FR_POLICY } from "../../src/law/contact-policy";
import { checkWindow } from "../../src/law/contact-window";
import { localDateOf } from "../../src/law/fr/business-days";
import type { LawRegion } from "../../src/law/region";
import { VirtualClock } from "../../src/platform/clock";
import { queryRows } from "../../src/platform/db/rows";
import { createTestApp, MANDATE, type TestApp } from "../helpers/app";

// Whole campaigns over random debtors — places across time zones and holiday calendars, any placement
// hour, missing contact points, prescribed claims, disputes — replayed by the real engine with the law
// kernel as gate. Every contact that went out is then checked against the rules independently.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedDefaultScenarios(t.database.db);
});
afterAll(async () => t?.close());

const PLACES = [
  ["75011", "Paris"],
  ["67000", "Strasbourg"],
  ["57000", "Metz"],
  ["97110", "Pointe-à-Pitre"],
  ["97400", "Saint-Denis"],
  ["98800", "Nouméa"],
] as const;

const debtorArb = fc.record({
  kind: fc.constantFrom("person" as const, "company" as const),
  place: fc.constantFrom(...PLACES),
  email: fc.boolean(),
  phone: fc.constantFrom("+33612345678", "+33478123456", null),
  postal: fc.boolean(),
  dueDaysAgo: fc.integer({ min: 10, max: 1000 }),
  placedHour: fc.integer({ min: 0, max: 23 }),
  placedDay: fc.integer({ min: 0, max: 13 }),
  disputed: fc.boolean(),
});

const LETTERS: Record<string, Channel> = {
  email: "email",
  sms: "sms",
  letter: "letter",
  registered_letter: "registered_letter",
};
let run = 0;

describe("collection under the law kernel (property)", () => {
  it("never contacts outside the window, on a holiday, over a cap, on a disputed case or on a prescribed claim", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(debtorArb, { minLength: 4, maxLength: 10 }), async (debtors) => {
        run++;
        const now = new Date("2026-11-02T00:00:00.000Z");
        const creditor = await createCreditor(
          t.database.db,
          { ref: `PROP-${run}`, legalName: "Prop SAS", siren: "732829320", contacts: [] },
          now,
        );
        await createMandateVersion(t.database.db, creditor.id, MANDATE);
        for (const [i, d] of debtors.entries()) {
          const placed = new Date(now.getTime() + d.placedDay * 86_400_000 + d.placedHour * 3_600_000);
          const due = new Date(placed.getTime() - d.dueDaysAgo * 86_400_000).toISOString().slice(0, 10);
          const body = createCaseSchema.parse({
            externalRef: `P${run}-${i}`,
            debtor: {
              kind: d.kind,
              lastName: "Martin",
              companyName: d.kind === "company" ? "Martin SARL" : undefined,
              email: d.email ? `m${i}@mail.example` : undefined,
              phone: d.phone ?? undefined,
              address: d.postal
                ? { line1: "1 rue Haute", postalCode: d.place[0], city: d.place[1], country: "FR" }
                : undefined,
            },
            claims: [
              {
                number: `P${run}-${i}`,
                issueDate: due,
                dueDate: due,
                principal: { amount: 5000, currency: "EUR" },
              },
            ],
          });
          const { caseId } = await createCase(t.database.db, creditor.id, body, SYSTEM, placed);
          if (d.disputed)
            await transitionCase(
              t.database.db,
              { kind: "agency" },
              caseId,
              { type: "hold", reason: "dispute", until: null },
              SYSTEM,
              placed,
            );
        }
        const clock = new VirtualClock(now);
        const channels = Object.fromEntries(
          Object.keys(LETTERS).map((c) => [c, sandboxChannel(t.database.db, "sandbox", () => clock.now())]),
        );
        await runUntil(
          { db: t.database.db, gate: lawGate(), channels },
          clock,
          new Date(now.getTime() + 60 * 86_400_000),
        );

        const sent = await queryRows<{
          caseId: string;
          channel: string;
          at: Date | string;
          zone: string;
          region: string;
          prescribed: string;
          status: string;
          hold: string | null;
        }>(
          t.database.db,
          sql`select o.case_id as "caseId", o.channel, o.sent_at as at, d.time_zone as zone, d.law_region as region,
                     (select min(out_of_statute_date)::text from claims where case_id = c.id) as prescribed, c.status, c.hold_reason as hold
              from outbox o join cases c on c.id = o.case_id join debtors d on d.id = c.debtor_id
              where o.creditor_id = ${creditor.id} and o.state in ('sent', 'delivered') and o.channel <> 'agent_task'
              order by o.sent_at`,
        );
        const violations: string[] = [];
        const byCase = new Map<string, { channel: Channel; at: Date }[]>();
        for (const s of sent) {
          const at = new Date(s.at);
          const channel = LETTERS[s.channel]!;
          const rule = DEFAULT_FR_POLICY.channels[channel];
          const window = checkWindow(rule, at, s.zone, s.region as LawRegion);
          if (!window.ok)
            violations.push(`${s.channel} at ${at.toISOString()} in ${s.zone}: ${window.reason}`);
          if (localDateOf(at, s.zone) >= s.prescribed)
            violations.push(`${s.channel} on a claim prescribed on ${s.prescribed}`);
          if (s.hold === "dispute") violations.push(`${s.channel} on a disputed case`);
          byCase.set(s.caseId, [...(byCase.get(s.caseId) ?? []), { channel, at }]);
        }
        for (const [caseId, contacts] of byCase) {
          for (const c of contacts) {
            const within = (days: number, same: boolean) =>
              contacts.filter(
                (o) =>
                  (!same || o.channel === c.channel) &&
                  o.at <= c.at &&
                  c.at.getTime() - o.at.getTime() < days * 86_400_000,
              ).length;
            const rule = DEFAULT_FR_POLICY.channels[c.channel];
            if (rule.maxPer7Days !== null && within(7, true) > rule.maxPer7Days)
              violations.push(`${caseId} ${c.channel} over 7-day cap`);
            if (rule.maxPer30Days !== null && within(30, true) > rule.maxPer30Days)
              violations.push(`${caseId} ${c.channel} over 30-day cap`);
            const total = DEFAULT_FR_POLICY.total;
            if (total.maxPer7Days !== null && within(7, false) > total.maxPer7Days)
              violations.push(`${caseId} over total 7-day cap`);
            if (total.maxPer30Days !== null && within(30, false) > total.maxPer30Days)
              violations.push(`${caseId} over total 30-day cap`);
          }
        }
        expect(violations).toEqual([]);
      }),
      { numRuns: 6, seed: 20_261_123 },
    );
    // The campaigns did contact people: the property is not vacuous.
    const [row] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from outbox where state in ('sent', 'delivered')`,
    );
    expect(row?.n).toBeGreaterThan(15);
  }, 300_000);
});
