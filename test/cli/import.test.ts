import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliEnvironment, relance } from "../helpers/cli";
import { csvFile } from "../intake/fixtures/import-files";

let env: NodeJS.ProcessEnv;
let cleanup: () => Promise<void>;
let dir: string;

/** Runs the CLI and returns its exit code with its output, whatever the code. */
async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    return { code: 0, ...(await relance(env, ...args)) };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  ({ env, cleanup } = await cliEnvironment());
  dir = env.RELANCE_DATA_DIR!;
  await relance(env, "creditor", "create", "--ref", "ACME", "--name", "ACME SAS", "--siren", "552100554");
  await relance(
    env,
    "mandate",
    "create",
    "--creditor",
    "ACME",
    "--basis",
    "Factures",
    "--insurance",
    "RCP-1",
  );
  writeFileSync(path.join(dir, "impayes.csv"), csvFile());
  writeFileSync(path.join(dir, "vide.csv"), "Nom;Ville\nDupont;Lyon\n");
}, 120_000);
afterAll(async () => cleanup?.());

// Tests here start relance processes, each loading the whole server: slow on a busy machine.
describe("relance import", { timeout: 120_000 }, () => {
  it("exits 0 with rejected rows named, and the report as JSON; a second run creates nothing", async () => {
    const text = await run("import", path.join(dir, "impayes.csv"), "--creditor", "ACME");
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("created 4");
    expect(text.stdout).toContain('line 6  siren  "123456789"  invalid_siren');
    const csv = path.join(dir, "errors.csv");
    const json = await run(
      "import",
      path.join(dir, "impayes.csv"),
      "--creditor",
      "ACME",
      "--json",
      "--errors-csv",
      csv,
    );
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(Object.keys(report)).toEqual([
      "rows",
      "created",
      "updated",
      "skipped",
      "rejected",
      "debtors_created",
      "debtors_merged",
      "errors",
    ]);
    expect(report).toMatchObject({ rows: 10, created: 0, skipped: 5, rejected: 5 });
  });

  it("exits 1 with a clear message when the file cannot be read, 2 when all-or-nothing refuses it", async () => {
    const missing = await run("import", path.join(dir, "absent.csv"), "--creditor", "ACME");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no such file");
    const headerless = await run("import", path.join(dir, "vide.csv"), "--creditor", "ACME");
    expect(headerless.code).toBe(1);
    expect(headerless.stderr).toMatch(/No column for the invoice number/);
    const refused = await run(
      "import",
      path.join(dir, "impayes.csv"),
      "--creditor",
      "ACME",
      "--all-or-nothing",
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("all-or-nothing");
  });

  it("prints the portfolio audit by amount, age and segment", async () => {
    const out = await run("report", "portfolio", "--creditor", "ACME", "--json");
    expect(out.code).toBe(0);
    const audit = JSON.parse(out.stdout);
    expect(audit.total).toMatchObject({ count: 2, amountCents: 163_050 + 13_490 });
    expect(audit.bySegment.map((b: { band: string; count: number }) => [b.band, b.count])).toEqual([
      ["b2b", 1],
      ["b2c", 1],
    ]);
  });
});
