import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDefaultScenarios } from "../../src/collection/scenario-store";
import { queryRows } from "../../src/platform/db/rows";
import { createTestApp, type TestApp } from "../helpers/app";

const run = promisify(execFile);

// Several worker processes on one PostgreSQL: SKIP LOCKED must hand each case to exactly one of them.
describe.runIf(process.env.DATABASE_URL)("scheduler workers on one PostgreSQL", () => {
  let t: TestApp;
  let url: string;
  beforeAll(async () => {
    t = await createTestApp();
    await seedDefaultScenarios(t.database.db);
    const [row] = await queryRows<{ db: string }>(t.database.db, sql`select current_database() as db`);
    const u = new URL(process.env.DATABASE_URL!);
    u.pathname = `/${row!.db}`;
    url = u.toString();
    const [m] = await queryRows<{ id: string }>(
      t.database.db,
      sql`select id from mandates where creditor_id = ${t.creditors.a.id}`,
    );
    await t.database.exec(`
      insert into debtors (id, creditor_id, kind, display_name, time_zone, law_region, jurisdiction)
        select md5('wd' || g)::uuid, '${t.creditors.a.id}', 'person', 'D' || g, 'Europe/Paris', 'metropole', 'FR'
        from generate_series(1, 3000) g;
      insert into contact_points (id, creditor_id, debtor_id, kind, value)
        select md5('wp' || g)::uuid, '${t.creditors.a.id}', md5('wd' || g)::uuid, 'email', 'd' || g || '@mail.example'
        from generate_series(1, 3000) g;
      insert into cases (id, creditor_id, debtor_id, mandate_id, reference, phase, status, currency, balance_cents, next_action_at, created_at, updated_at)
        select md5('wc' || g)::uuid, '${t.creditors.a.id}', md5('wd' || g)::uuid, '${m!.id}', 'REL-W-' || g, 'amicable', 'new', 'EUR', 5000,
               '2026-11-24T08:00:00Z', '2026-11-24T08:00:00Z', '2026-11-24T08:00:00Z'
        from generate_series(1, 3000) g;
      insert into claims (id, creditor_id, case_id, number, issue_date, due_date, principal_cents, currency, interest_terms, b2b_indemnity, out_of_statute_date)
        select md5('wcl' || g)::uuid, '${t.creditors.a.id}', md5('wc' || g)::uuid, 'W-' || g, '2026-09-01', '2026-10-01', 5000, 'EUR', '{"kind":"none"}', false, '2028-10-01'
        from generate_series(1, 3000) g;`);
  });
  afterAll(async () => t?.close());

  it("plans each of 3,000 due cases exactly once with 4 workers racing", async () => {
    const worker = path.resolve("bench/helpers/schedule-worker.ts");
    const outs = await Promise.all(
      [1, 2, 3, 4].map(() =>
        run(process.execPath, ["--import", "tsx", worker, url, "2026-11-24T10:00:00.000Z", "100"]),
      ),
    );
    const planned = outs.map((o) => JSON.parse(o.stdout).planned as number);
    expect(planned.reduce((a, b) => a + b, 0)).toBe(3000);
    expect(planned.filter((n) => n > 0).length).toBeGreaterThan(1);
    const [counts] = await queryRows<{ rows: number; cases: number }>(
      t.database.db,
      sql`select count(*)::int as rows, count(distinct case_id)::int as cases from outbox`,
    );
    expect(counts).toEqual({ rows: 3000, cases: 3000 });
    // Each case started once: its first action.planned event carries the start.
    const [events] = await queryRows<{ n: number; cases: number }>(
      t.database.db,
      sql`select count(*)::int as n, count(distinct case_id)::int as cases from timeline_events
          where type in ('case.start', 'action.planned') and data->'from'->>'status' = 'new'`,
    );
    expect(events).toEqual({ n: 3000, cases: 3000 });
  }, 120_000);
});
