import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyRows, pgArray } from "../../src/platform/db/bulk";
import type { Database } from "../../src/platform/db/client";
import { orderedUuid } from "../../src/platform/db/ordered-id";
import { queryRows } from "../../src/platform/db/rows";
import { createTestDatabase, isPostgres } from "../helpers/db";

describe("copyRows", () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    await database.exec(
      "create table bulk_probe (id uuid primary key, label text, n bigint, ok boolean, data jsonb)",
    );
  });
  afterAll(() => database.close());

  it("loads text with tabs, line breaks, backslashes and accents, nulls, booleans and JSON unchanged", async () => {
    const rows = [
      {
        id: orderedUuid(),
        label: "a\tb\nc\r\nd \\N \\ e",
        n: 12345678901,
        ok: true,
        data: '{"k":"v\\\\w\\n"}',
      },
      { id: orderedUuid(), label: "Lefèvre & Fils « SARL » €", n: null, ok: false, data: null },
      { id: orderedUuid(), label: null, n: 0, ok: null, data: "[]" },
    ];
    await database.db.transaction((tx) =>
      copyRows(
        tx,
        "bulk_probe",
        { id: "uuid", label: "text", n: "bigint", ok: "boolean", data: "jsonb" },
        rows,
      ),
    );
    const back = await queryRows<{
      id: string;
      label: string | null;
      n: string | null;
      ok: boolean | null;
      data: unknown;
    }>(database.db, sql`select id::text, label, n::text, ok, data from bulk_probe order by id`);
    expect(back).toEqual(
      rows.map((r) => ({
        id: r.id,
        label: r.label,
        n: r.n === null ? null : String(r.n),
        ok: r.ok,
        data: r.data === null ? null : JSON.parse(r.data),
      })),
    );
  });

  // PGlite is one connection: there, the database itself can COPY.
  it.runIf(isPostgres())("needs the connection of a transaction on PostgreSQL", async () => {
    await expect(
      copyRows(database.db, "bulk_probe", { id: "uuid" }, [{ id: orderedUuid() }]),
    ).rejects.toThrow(/inside a transaction/);
  });
});

describe("pgArray", () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.close());

  it("gives the server back every value as sent: quotes, backslashes, commas, braces, blanks, NULL as text, nulls", async () => {
    const values = [
      'say "hi"',
      "back\\slash\\",
      "a,b",
      "{x}",
      " padded ",
      "",
      "NULL",
      "null",
      null,
      "Lefèvre €",
      '{"k":"v\\"w"}',
    ];
    const back = await queryRows<{ v: string | null }>(
      database.db,
      sql`select v from unnest(${pgArray(values)}::text[]) with ordinality as t(v, i) order by i`,
    );
    expect(back.map((r) => r.v)).toEqual(values);
    const numbers = await queryRows<{ n: number; ok: boolean }>(
      database.db,
      sql`select n, ok from unnest(${pgArray([7, -3, 0])}::int[], ${pgArray([true, false, null])}::boolean[]) as t(n, ok)`,
    );
    expect(numbers).toEqual([
      { n: 7, ok: true },
      { n: -3, ok: false },
      { n: 0, ok: null },
    ]);
  });
});

describe("orderedUuid", () => {
  it("gives version 7 ids that increase, even past 4,096 in one millisecond", () => {
    const ids = Array.from({ length: 10_000 }, () => orderedUuid(Date.UTC(2026, 10, 30)));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
    // The time prefix is the millisecond (moved ahead only by counter overflow).
    expect(Number.parseInt(ids[0]!.replace(/-/g, "").slice(0, 12), 16)).toBeGreaterThanOrEqual(
      Date.UTC(2026, 10, 30),
    );
  });
});
