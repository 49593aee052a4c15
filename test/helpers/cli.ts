import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const execFileP = promisify(execFile);
export const BIN = path.resolve("bin/relance.mjs");

type Environment = { env: NodeJS.ProcessEnv; cleanup: () => Promise<void> };

/** An isolated environment for CLI processes: its own data dir, and its own database on PostgreSQL runs. */
export async function cliEnvironment(): Promise<Environment> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "relance-cli-"));
  return withOwnDatabase(
    { ...process.env, RELANCE_DATA_DIR: dataDir, LOG_LEVEL: "warn", DATABASE_URL: "" },
    dataDir,
  );
}

/** A copy of an environment's data (data dir, or PostgreSQL database cloned as a template). */
export async function cloneEnvironment(source: NodeJS.ProcessEnv): Promise<Environment> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "relance-cli-"));
  cpSync(source.RELANCE_DATA_DIR!, dataDir, { recursive: true });
  rmSync(path.join(dataDir, "pglite.lock"), { force: true });
  const template = source.DATABASE_URL ? new URL(source.DATABASE_URL).pathname.slice(1) : undefined;
  return withOwnDatabase({ ...source, RELANCE_DATA_DIR: dataDir, DATABASE_URL: "" }, dataDir, template);
}

/** On PostgreSQL runs, gives the environment a fresh database (optionally cloned from a template). */
async function withOwnDatabase(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  template?: string,
): Promise<Environment> {
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  if (!process.env.DATABASE_URL) return { env, cleanup: async () => removeDir() };
  const url = new URL(process.env.DATABASE_URL);
  const name = `relance_cli_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ""}`);
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.toString();
  return {
    env,
    cleanup: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
      removeDir();
    },
  };
}

export async function relance(
  env: NodeJS.ProcessEnv,
  ...args: string[]
): Promise<{ stdout: string; stderr: string }> {
  return execFileP(process.execPath, [BIN, ...args], { env, timeout: 60_000 });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** Starts `relance <command>` and resolves once /health answers. */
export async function startServer(
  env: NodeJS.ProcessEnv,
  command = "serve",
): Promise<{ url: string; child: ChildProcess; output: () => string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, command], {
    env: { ...env, PORT: String(port), HOST: "127.0.0.1" },
  });
  let output = "";
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`relance ${command} exited: ${output}`);
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  return { url, child, output: () => output, stop };
}
