import type { LightMyRequestResponse } from "fastify";
import { createCreditor } from "../../src/cases/creditors";
import { createMandateVersion, type MandateInput } from "../../src/cases/mandates";
import { createApiKey } from "../../src/platform/auth/api-keys";
import { createUser } from "../../src/platform/auth/users";
import { VirtualClock } from "../../src/platform/clock";
import { type Config, loadConfig } from "../../src/platform/config";
import type { Database } from "../../src/platform/db/client";
import { buildServer } from "../../src/platform/http/server";
import type { App } from "../../src/platform/http/types";
import { createLiveEvents, type LiveEvents } from "../../src/platform/live-events";
import { createLogger } from "../../src/platform/logger";
import { createTestDatabase } from "./db";

export const TEST_NOW = new Date("2026-11-23T09:00:00.000Z");

export const MANDATE: MandateInput = {
  claimBasis: "Factures impayées",
  insuranceReference: "RCP-TEST-1",
  commission: { rateBp: 1500, minimumCents: 0, tiers: [], vatRateBp: 2000 },
  remittance: { frequency: "monthly", maxDelayDays: 30 },
  planLimits: {
    maxInstalments: 6,
    minInstalmentCents: 3000,
    maxFirstPaymentDelayDays: 30,
    reminderDaysBefore: 3,
  },
  lateInterest: { b2bPenalties: false, legalInterest: false },
  signedAt: "2026-01-01",
  effectiveFrom: "2026-01-01",
};

export interface Login {
  cookie: string;
  csrf: string;
}

export interface TestApp {
  app: App;
  config: Config;
  database: Database;
  clock: VirtualClock;
  /** The server's live-event hub (publish to it as the voice session would). */
  live: LiveEvents;
  creditors: { a: { id: string; key: string }; b: { id: string; key: string } };
  passwords: Record<string, string>;
  login(email: string, password?: string): Promise<Login>;
  request(
    method: string,
    url: string,
    options?: { body?: unknown; auth?: Login | { key: string } | null; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** Two creditors (a, b) with mandates and keys, one user per role: enough for every access test. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const clock = new VirtualClock(TEST_NOW);
  const config = loadConfig({
    NODE_ENV: "test",
    RELANCE_SECRET: "x".repeat(40),
    LOG_LEVEL: "silent",
    ...env,
  });
  const logger = createLogger({ level: "silent" });
  const db = database.db;
  const now = clock.now();
  const makeCreditor = async (ref: string, siren: string) => {
    const c = await createCreditor(
      db,
      {
        ref,
        legalName: `${ref} SAS`,
        siren,
        // A first letter names the creditor with its address (R124-4).
        address: { line1: "4 place Bellecour", postalCode: "69002", city: "Lyon", country: "FR" },
        contacts: [],
      },
      now,
    );
    await createMandateVersion(db, c.id, MANDATE);
    const { key } = await createApiKey(db, c.id, "test", null, now);
    return { id: c.id, key };
  };
  const a = await makeCreditor("CRED-A", "732829320");
  const b = await makeCreditor("CRED-B", "552100554");
  const passwords: Record<string, string> = {};
  const users: [string, string, string | null][] = [
    ["admin@test.example", "admin", null],
    ["manager@test.example", "manager", null],
    ["agent@test.example", "agent", null],
    ["ca@a.example", "creditor_admin", a.id],
    ["cv@a.example", "creditor_viewer", a.id],
    ["ca@b.example", "creditor_admin", b.id],
  ];
  for (const [email, role, creditorId] of users) {
    passwords[email] = `password-for-${role}-123`;
    await createUser(
      db,
      { email, name: role, password: passwords[email]!, role: role as "admin", creditorId, locale: "fr" },
      now,
    );
  }
  const live = createLiveEvents(database, logger);
  const app = await buildServer({ config, database, clock, logger, live });
  await app.ready();

  const request: TestApp["request"] = (method, url, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    const auth = options.auth;
    if (auth && "key" in auth) headers.authorization = `Bearer ${auth.key}`;
    if (auth && "cookie" in auth) {
      headers.cookie = auth.cookie;
      headers["x-csrf-token"] ??= auth.csrf;
    }
    return app.inject({
      method: method as "GET",
      url,
      headers,
      ...(options.body !== undefined ? { payload: options.body as object } : {}),
    });
  };

  const login = async (email: string, password = passwords[email]!): Promise<Login> => {
    const res = await request("POST", "/api/auth/login", { body: { email, password } });
    if (res.statusCode !== 200) throw new Error(`login ${email} failed: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === "relance_session");
    return { cookie: `relance_session=${cookie?.value}`, csrf: res.json().csrfToken };
  };

  return {
    app,
    config,
    database,
    clock,
    live,
    creditors: { a, b },
    passwords,
    login,
    request,
    close: async () => {
      await app.close();
      await live.close();
      await database.close();
    },
  };
}

export function caseBody(externalRef: string, overrides: Record<string, unknown> = {}) {
  return {
    externalRef,
    debtor: {
      kind: "company",
      companyName: "Boulangerie Martin SARL",
      siren: "732829320",
      email: "compta@martin.example",
      phone: "06 12 34 56 78",
      address: { line1: "12 rue des Lilas", postalCode: "69003", city: "Lyon", country: "FR" },
    },
    claims: [
      {
        number: `INV-${externalRef}`,
        issueDate: "2026-06-01",
        dueDate: "2026-07-01",
        principal: { amount: 125_050, currency: "EUR" },
      },
    ],
    ...overrides,
  };
}
