import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/platform/db/rows";
import { createTestApp, type TestApp } from "../helpers/app";
import { CSV_ROWS, csvFile } from "./fixtures/import-files";
import { multipart } from "./multipart";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

async function upload(
  key: string,
  file: { name: string; bytes: Buffer } | null,
  fields: Record<string, string> = {},
) {
  const { payload, headers } = multipart(file, fields);
  return t.app.inject({
    method: "POST",
    url: "/api/v1/imports",
    payload,
    headers: { ...headers, authorization: `Bearer ${key}` },
  });
}

async function settled(key: string, id: string) {
  for (let i = 0; i < 200; i++) {
    const res = await t.request("GET", `/api/v1/imports/${id}`, { auth: { key } });
    const body = res.json();
    if (body.status === "done" || body.status === "failed") return body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("import did not finish");
}

describe("imports API", () => {
  it("accepts a multipart upload with 202, imports it in the background and serves the report and errors CSV", async () => {
    const key = t.creditors.a.key;
    const res = await upload(key, { name: "impayes.csv", bytes: csvFile() }, { updatePolicy: "skip" });
    expect(res.statusCode).toBe(202);
    const { id, status } = res.json();
    expect(status).toBe("queued");
    const done = await settled(key, id);
    expect(done).toMatchObject({
      fileName: "impayes.csv",
      format: "csv",
      status: "done",
      failureReason: null,
    });
    expect(done.report).toMatchObject({ rows: 10, created: 4, skipped: 1, rejected: 5 });
    const csv = await t.request("GET", `/api/v1/imports/${id}/errors.csv`, { auth: { key } });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.body.split("\r\n")).toContain("6;siren;123456789;invalid_siren");
    const list = await t.request("GET", "/api/v1/imports", { auth: { key } });
    expect(list.json().items.map((i: { id: string }) => i.id)).toContain(id);
    const audit = await t.request("GET", "/api/v1/portfolio", { auth: { key } });
    expect(audit.statusCode).toBe(200);
    expect(audit.json().total.count).toBeGreaterThanOrEqual(2);
  });

  it("takes the options as fields: a dry run writes no case, all-or-nothing refuses the file", async () => {
    const key = t.creditors.a.key;
    const dry = await upload(
      key,
      { name: "lot2.csv", bytes: csvFile(CSV_ROWS.map((r) => r.replace("FA-", "LOT2-"))) },
      { dryRun: "true" },
    );
    const report = (await settled(key, dry.json().id)).report;
    expect(report).toMatchObject({ created: 4 });
    const [claims] = await queryRows<{ n: number }>(
      t.database.db,
      sql`select count(*)::int as n from claims where number like 'LOT2-%'`,
    );
    expect(claims!.n).toBe(0);
    const refused = await upload(key, { name: "lot3.csv", bytes: csvFile() }, { allOrNothing: "true" });
    const body = await settled(key, refused.json().id);
    expect(body.status).toBe("failed");
    expect(body.failureReason).toContain("all-or-nothing");
  });

  it("refuses a request without a file, bad options, a viewer, and hides another creditor's import", async () => {
    const key = t.creditors.a.key;
    expect((await upload(key, null)).statusCode).toBe(400);
    expect(
      (await upload(key, { name: "a.csv", bytes: csvFile() }, { updatePolicy: "merge" })).statusCode,
    ).toBe(400);
    expect(
      (await t.request("POST", "/api/v1/imports", { auth: { key }, body: { file: "x" } })).statusCode,
    ).toBe(415);
    const viewer = await t.login("cv@a.example");
    const asViewer = await t.app.inject({
      method: "POST",
      url: "/api/v1/imports",
      ...multipart({ name: "a.csv", bytes: csvFile() }),
      headers: {
        ...multipart({ name: "a.csv", bytes: csvFile() }).headers,
        cookie: viewer.cookie,
        "x-csrf-token": viewer.csrf,
      },
    });
    expect(asViewer.statusCode).toBe(403);
    const bImport = await upload(t.creditors.b.key, { name: "b.csv", bytes: csvFile() });
    const bId = bImport.json().id;
    await settled(t.creditors.b.key, bId);
    expect((await t.request("GET", `/api/v1/imports/${bId}`, { auth: { key } })).statusCode).toBe(404);
    expect((await t.request("GET", `/api/v1/imports/${bId}/errors.csv`, { auth: { key } })).statusCode).toBe(
      404,
    );
  });
});
