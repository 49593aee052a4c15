import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, cliEnvironment } from "../helpers/cli";
import { validatePain001 } from "../payments/pain001-xsd";

// Each call starts a process that opens the database and migrates it: slow on a loaded machine.
const relance = (env: NodeJS.ProcessEnv, ...args: string[]) =>
  promisify(execFile)(process.execPath, [BIN, ...args], { env, timeout: 180_000 });

let env: NodeJS.ProcessEnv;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ env, cleanup } = await cliEnvironment());
  await relance(env, "demo", "--cases", "16", "--json");
}, 240_000);
afterAll(async () => cleanup?.());

// Tests here start relance processes, each loading the whole server: slow on a busy machine.
describe("relance remit", { timeout: 120_000 }, () => {
  it("lists the demo's held funds near their deadline, previews, then writes the transfer file and statements", async () => {
    const atRisk = JSON.parse((await relance(env, "remit", "at-risk", "--json")).stdout);
    // The demo's B2C payment was encashed 27 days ago: three days left.
    expect(
      atRisk.items.map((i: { creditorRef: string; daysLeft: number }) => [i.creditorRef, i.daysLeft]),
    ).toEqual([["ENERGIEVERTE", 2]]);

    const preview = JSON.parse((await relance(env, "remit", "--dry-run", "--json")).stdout);
    expect(preview.run).toBeNull();
    const due = preview.candidates.filter((c: { decision: { due: boolean } }) => c.decision.due);
    expect(due.map((c: { creditorRef: string }) => c.creditorRef)).toEqual(["ENERGIEVERTE"]);

    const out = mkdtempSync(path.join(os.tmpdir(), "relance-remit-"));
    const result = JSON.parse((await relance(env, "remit", "--out", out, "--json")).stdout);
    expect(result.run.transferCount).toBe(1);
    const files = readdirSync(out).sort();
    expect(files.filter((f) => f.endsWith(".pain.001.001.09.xml"))).toHaveLength(1);
    expect(files.filter((f) => f.endsWith(".pdf"))).toHaveLength(1);
    expect(files.filter((f) => f.endsWith(".csv"))).toHaveLength(1);
    const xml = readFileSync(path.join(out, files.find((f) => f.endsWith(".xml"))!), "utf8");
    expect((await validatePain001(xml)).valid).toBe(true);

    const after = JSON.parse((await relance(env, "remit", "at-risk", "--json")).stdout);
    expect(after.items).toEqual([]);

    // The bank's answers, by the run's reference (what the bank portal shows) and the remittance's.
    const sent = await relance(env, "remit", "mark-sent", result.run.reference);
    expect(sent.stdout).toMatch(/^REM-\S+: prepared → sent$/m);
    const reference = result.remitted[0].reference;
    const paid = JSON.parse(
      (await relance(env, "remit", "mark-paid", reference, "--date", "2020-01-02", "--json")).stdout,
    );
    expect(paid.items).toEqual([expect.objectContaining({ reference, from: "sent", to: "paid" })]);
    const backwards = await relance(env, "remit", "mark-sent", reference).catch((e) => e);
    expect(backwards.code).not.toBe(0);
    expect(String(backwards.stderr)).toContain("can no longer be marked sent");
  }, 600_000);

  it("names an unknown remittance and a missing reason", async () => {
    const unknown = await relance(env, "remit", "mark-paid", "REM-NOPE", "--date", "2020-01-02").catch(
      (e) => e,
    );
    expect(String(unknown.stderr)).toContain("Remittance or run not found");
    const noReason = await relance(env, "remit", "mark-rejected", "REM-NOPE").catch((e) => e);
    expect(String(noReason.stderr)).toContain("--reason");
  }, 180_000);

  it("names an unknown creditor reference", async () => {
    const failed = await relance(env, "remit", "--creditor", "NOPE", "--dry-run").catch((e) => e);
    expect(String(failed.stderr)).toContain("--creditor");
    expect(String(failed.stderr)).toContain("no creditor has this reference");
  }, 180_000);
});
