import { eq, sql } from "drizzle-orm";
import type { CaseTransition, ClosedReason, HoldReason } from "../cases/case-lifecycle";
import { createCase } from "../cases/create-case";
import type { CreateCaseInput } from "../cases/create-case.schema";
import { createCreditor } from "../cases/creditors";
import type { DocumentStore } from "../cases/documents";
import { createMandateVersion } from "../cases/mandates";
import { agency, cases } from "../cases/schema";
import { SYSTEM } from "../cases/timeline";
import { transitionCase } from "../cases/transition-case";
import { applyPayment } from "../payments/apply-payment";
import { runRemittance } from "../payments/run-remittance";
import { createApiKey } from "../platform/auth/api-keys";
import { createUser } from "../platform/auth/users";
import type { Db } from "../platform/db/client";
import { queryRows } from "../platform/db/rows";
import { issuePortalLink } from "../portal/links";
import { bookDemoAppointments } from "./demo-appointments";

// The demo agency that `npm start` loads into an empty database. Deterministic: the same seed gives
// the same portfolio, so screenshots and manual checks are reproducible.

export interface DemoLogins {
  users: { role: string; email: string; password: string; creditor?: string }[];
  apiKeys: { creditor: string; key: string }[];
  /** One debtor portal link per demo creditor, with what the identity check asks for. */
  portalLinks: { creditor: string; path: string; identity: Record<string, string> }[];
  cases: number;
}

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from users`);
  return (row?.n ?? 0) === 0;
}

const FIRST = [
  "Camille",
  "Léa",
  "Hugo",
  "Lucas",
  "Chloé",
  "Manon",
  "Nathan",
  "Inès",
  "Louis",
  "Emma",
  "Jules",
  "Sarah",
  "Théo",
  "Zoé",
  "Enzo",
  "Julie",
  "Mathis",
  "Anaïs",
  "Maxime",
  "Clara",
];
const LAST = [
  "Martin",
  "Bernard",
  "Dubois",
  "Thomas",
  "Robert",
  "Richard",
  "Petit",
  "Durand",
  "Leroy",
  "Moreau",
  "Simon",
  "Laurent",
  "Lefebvre",
  "Michel",
  "Garcia",
  "David",
  "Bertrand",
  "Roux",
  "Vincent",
  "Fournier",
  "Morel",
  "Girard",
  "Andre",
  "Mercier",
  "Blanc",
  "Guerin",
  "Boyer",
  "Garnier",
  "Chevalier",
  "Francois",
];
const COMPANY_KIND = [
  "Boulangerie",
  "Garage",
  "Pharmacie",
  "Menuiserie",
  "Restaurant",
  "Cabinet",
  "Transports",
  "Imprimerie",
  "Plomberie",
  "Fleurs",
  "Librairie",
  "Coiffure",
  "Électricité",
  "Traiteur",
  "Auto-école",
];
const COMPANY_FORM = ["SARL", "SAS", "EURL", "SASU", "SA"];
const CITIES: [string, string][] = [
  ["75011", "Paris"],
  ["69003", "Lyon"],
  ["13006", "Marseille"],
  ["31000", "Toulouse"],
  ["33000", "Bordeaux"],
  ["59000", "Lille"],
  ["67000", "Strasbourg"],
  ["57000", "Metz"],
  ["44000", "Nantes"],
  ["35000", "Rennes"],
  ["06000", "Nice"],
  ["34000", "Montpellier"],
  ["97110", "Pointe-à-Pitre"],
  ["97400", "Saint-Denis"],
  ["97200", "Fort-de-France"],
  ["21000", "Dijon"],
  ["63000", "Clermont-Ferrand"],
  ["29200", "Brest"],
  ["68100", "Mulhouse"],
  ["37000", "Tours"],
];
const STREETS = [
  "rue de la République",
  "avenue Jean Jaurès",
  "boulevard Victor Hugo",
  "rue Pasteur",
  "place de la Mairie",
  "rue des Écoles",
  "chemin des Vignes",
  "allée des Tilleuls",
];

/** Small deterministic PRNG (mulberry32): demo data must not change between runs. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}

/** SIREN with a valid Luhn key, built from 8 digits. */
export function sirenFrom(base8: number): string {
  const digits = String(base8).padStart(8, "0");
  for (let key = 0; key <= 9; key++) {
    const candidate = digits + key;
    const sum = [...candidate].reverse().reduce((s, ch, i) => {
      const d = Number(ch) * (i % 2 === 1 ? 2 : 1);
      return s + (d > 9 ? d - 9 : d);
    }, 0);
    if (sum % 10 === 0) return candidate;
  }
  throw new Error("unreachable: one Luhn key always exists");
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * `documents`: where receipts are kept; with it the demo also holds payments (with their receipts),
 * one remittance already paid over and funds still held, so the money screens show something.
 */
export async function seedDemo(
  db: Db,
  now: Date,
  caseCount = 500,
  documents?: DocumentStore,
): Promise<DemoLogins> {
  const rnd = prng(20_260_101);
  await db.insert(agency).values({
    name: "Relance Recouvrement",
    siren: sirenFrom(81_234_567),
    address: { line1: "18 rue de la Bourse", postalCode: "69002", city: "Lyon", country: "FR" },
    phone: "+33478000000",
    email: "contact@relance-recouvrement.example",
    insurer: "Mutuelle des Professions Juridiques",
    insurancePolicy: "RCP-2026-00417",
    insuranceValidUntil: "2027-12-31",
    trustIban: "FR7630004000031234567890143",
    prosecutorDeclarationDate: "2025-09-01",
    prosecutorCourt: "Tribunal judiciaire de Lyon",
  });

  const b2b = await createCreditor(
    db,
    {
      ref: "FOURNIPRO",
      legalName: "Fournitures Pro du Rhône SAS",
      siren: sirenFrom(51_200_001),
      address: { line1: "4 quai Perrache", postalCode: "69002", city: "Lyon", country: "FR" },
      remittanceIban: "FR7630006000011234567890189",
      contacts: [{ name: "Claire Dubois", email: "claire.dubois@fournipro.example", role: "Credit manager" }],
    },
    now,
  );
  const b2c = await createCreditor(
    db,
    {
      ref: "ENERGIEVERTE",
      legalName: "Énergie Verte Abonnements SA",
      siren: sirenFrom(49_300_002),
      address: { line1: "27 avenue de France", postalCode: "75013", city: "Paris", country: "FR" },
      remittanceIban: "FR7610107001011234567890129",
      contacts: [
        { name: "Marc Lefèvre", email: "marc.lefevre@energieverte.example", role: "Service recouvrement" },
      ],
    },
    now,
  );
  const mandate = (basis: string, rateBp: number) => ({
    claimBasis: basis,
    insuranceReference: "RCP-2026-00417, Mutuelle des Professions Juridiques",
    commission: {
      rateBp,
      minimumCents: 2500,
      tiers: [{ fromCents: 1_000_000, rateBp: rateBp - 500 }],
      vatRateBp: 2000,
    },
    remittance: { frequency: "monthly" as const, maxDelayDays: 30 },
    planLimits: {
      maxInstalments: 6,
      minInstalmentCents: 3000,
      maxFirstPaymentDelayDays: 30,
      reminderDaysBefore: 3,
    },
    lateInterest: { b2bPenalties: false, legalInterest: false },
    signedAt: "2026-01-10",
    effectiveFrom: "2026-01-15",
  });
  await createMandateVersion(
    db,
    b2b.id,
    mandate("Factures de fournitures professionnelles impayées (CGV 2025)", 1500),
  );
  await createMandateVersion(
    db,
    b2c.id,
    mandate("Factures d'abonnement énergie impayées de particuliers", 1800),
  );

  const users: DemoLogins["users"] = [
    { role: "admin", email: "admin@relance.example", password: "relance-admin-demo" },
    { role: "manager", email: "manager@relance.example", password: "relance-manager-demo" },
    { role: "agent", email: "agent@relance.example", password: "relance-agent-demo" },
    {
      role: "creditor_admin",
      email: "credit@fournipro.example",
      password: "fournipro-demo-2026",
      creditor: b2b.ref,
    },
    {
      role: "creditor_admin",
      email: "recouvrement@energieverte.example",
      password: "energieverte-demo-2026",
      creditor: b2c.ref,
    },
  ];
  const names: Record<string, string> = {
    admin: "Sophie Admin",
    manager: "Paul Manager",
    agent: "Julie Agent",
  };
  for (const u of users) {
    await createUser(
      db,
      {
        email: u.email,
        name: names[u.role] ?? (u.creditor === b2b.ref ? "Claire Dubois" : "Marc Lefèvre"),
        password: u.password,
        role: u.role as "admin",
        creditorId: u.creditor ? (u.creditor === b2b.ref ? b2b.id : b2c.id) : null,
        locale: "fr",
      },
      now,
    );
  }
  const apiKeys = [
    { creditor: b2b.ref, key: (await createApiKey(db, b2b.id, "Demo ERP connector", null, now)).key },
    { creditor: b2c.ref, key: (await createApiKey(db, b2c.id, "Demo billing system", null, now)).key },
  ];

  const portalLinks: DemoLogins["portalLinks"] = [];
  const open: { caseId: string; creditorId: string; createdAt: Date }[] = [];
  for (let i = 0; i < caseCount; i++) {
    const isB2b = i % 2 === 0;
    const createdAt = new Date(now.getTime() - rnd.int(0, 180) * 86_400_000 - rnd.int(0, 86_399) * 1000);
    const input = demoCase(rnd, i, isB2b, createdAt);
    const { caseId } = await createCase(db, isB2b ? b2b.id : b2c.id, input, SYSTEM, createdAt);
    const story = demoStory(rnd, createdAt);
    for (const t of story) {
      await transitionCase(db, { kind: "agency" }, caseId, t.transition, SYSTEM, t.at);
    }
    const creditorRef = isB2b ? b2b.ref : b2c.ref;
    if (story.every((s) => s.transition.type !== "close")) {
      open.push({ caseId, creditorId: isB2b ? b2b.id : b2c.id, createdAt });
    }
    // A link to try the debtor portal on a case that is still being collected, one per creditor.
    if (
      story.every((s) => s.transition.type !== "close") &&
      !portalLinks.some((l) => l.creditor === creditorRef)
    ) {
      const { path } = await issuePortalLink(db, caseId, SYSTEM, now);
      const identity: Record<string, string> =
        input.debtor.kind === "company"
          ? { siren: input.debtor.siren ?? "" }
          : { postalCode: input.debtor.address?.postalCode ?? "", invoiceNumber: input.claims[0]!.number };
      portalLinks.push({ creditor: creditorRef, path, identity });
    }
  }
  // A few appointments in the agents' calendars, never most of a small demo (its cases stay workable).
  await bookDemoAppointments(db, now, Math.min(6, Math.floor(caseCount / 8)));
  if (documents) await seedPayments(db, documents, open, b2b.id, now);
  return { users, apiKeys, portalLinks, cases: caseCount };
}

const DAY = 86_400_000;

/**
 * A few payments per creditor (days before `now`, amount in cents), then the B2B creditor's first
 * remittance; what came in after it, and the B2C creditor's money (one payment near its one-month
 * deadline), stays held.
 */
async function seedPayments(
  db: Db,
  documents: DocumentStore,
  open: { caseId: string; creditorId: string; createdAt: Date }[],
  b2bId: string,
  now: Date,
): Promise<void> {
  // [B2B?, days ago, cents]; the B2B creditor's remittance run happens 20 days ago, between them.
  const plan: [boolean, number, number][] = [
    [true, 40, 25_000],
    [true, 33, 48_000],
    [false, 27, 9_500],
    [false, 12, 6_000],
    [true, 3, 12_000],
  ];
  const used = new Set<string>();
  let remitted = false;
  for (const [isB2b, daysAgo, amount] of plan) {
    if (!remitted && daysAgo < 20) {
      const runAt = new Date(now.getTime() - 20 * DAY);
      await runRemittance(db, { creditorId: b2bId, dryRun: false, by: "demo" }, runAt);
      remitted = true;
    }
    const at = new Date(now.getTime() - daysAgo * DAY);
    const c = open.find((o) => (o.creditorId === b2bId) === isB2b && o.createdAt < at && !used.has(o.caseId));
    if (!c) continue;
    used.add(c.caseId);
    const [row] = await db.select({ balance: cases.balanceCents }).from(cases).where(eq(cases.id, c.caseId));
    const amountCents = Math.min(amount, row?.balance ?? 0);
    if (amountCents <= 0) continue;
    await applyPayment(
      { db, documents },
      {
        caseId: c.caseId,
        provider: "bank_transfer",
        providerRef: `DEMO-${c.caseId.slice(0, 8)}`,
        amountCents,
        currency: "EUR",
        encashedAt: at,
      },
      SYSTEM,
      at,
    );
  }
}

function demoCase(rnd: ReturnType<typeof prng>, i: number, isB2b: boolean, createdAt: Date): CreateCaseInput {
  const [postalCode, city] = rnd.pick(CITIES);
  const address = { line1: `${rnd.int(1, 120)} ${rnd.pick(STREETS)}`, postalCode, city, country: "FR" };
  const first = rnd.pick(FIRST);
  const last = rnd.pick(LAST);
  const invoices = rnd.int(1, isB2b ? 4 : 2);
  const claims = Array.from({ length: invoices }, (_, k) => {
    const due = new Date(createdAt.getTime() - rnd.int(20, isB2b ? 700 : 400) * 86_400_000);
    const issue = new Date(due.getTime() - (isB2b ? 30 : 15) * 86_400_000);
    const amount = isB2b ? rnd.int(15_000, 1_500_000) : rnd.int(2_500, 120_000);
    return {
      number: `${isB2b ? "FP" : "EV"}-${issue.getUTCFullYear()}-${String(i * 10 + k).padStart(6, "0")}`,
      issueDate: isoDay(issue),
      dueDate: isoDay(due),
      principal: { amount, currency: "EUR" },
      interest: { kind: isB2b ? ("commercial" as const) : ("none" as const) },
      b2bIndemnity: isB2b,
    };
  });
  const phone = `+336${String(rnd.int(10_000_000, 37_999_999))}`;
  const debtor = isB2b
    ? {
        kind: "company" as const,
        companyName: `${rnd.pick(COMPANY_KIND)} ${last} ${rnd.pick(COMPANY_FORM)}`,
        siren: sirenFrom(30_000_000 + i * 7),
        email: `compta.${i}@entreprise.example`,
        phone,
        address,
        locale: "fr" as const,
      }
    : {
        kind: "person" as const,
        firstName: first,
        lastName: last,
        email: `${first.toLowerCase()}.${last.toLowerCase()}.${i}@mail.example`
          .normalize("NFD")
          .replace(/[\u0300-\u036f]/g, ""),
        phone,
        address,
        locale: "fr" as const,
      };
  return { externalRef: `${isB2b ? "FP" : "EV"}-DOSSIER-${String(i).padStart(5, "0")}`, debtor, claims };
}

/** A plausible history for a demo case, so the portfolio shows every status. */
function demoStory(
  rnd: ReturnType<typeof prng>,
  createdAt: Date,
): { transition: CaseTransition; at: Date }[] {
  const at = (days: number) => new Date(createdAt.getTime() + days * 86_400_000);
  const roll = rnd.next();
  if (roll < 0.15) return [];
  const steps: { transition: CaseTransition; at: Date }[] = [{ transition: { type: "start" }, at: at(0) }];
  if (roll < 0.5) return steps;
  if (roll < 0.68) {
    const reason = rnd.pick<HoldReason>(["promise", "payment_plan", "dispute", "appointment", "opt_out"]);
    steps.push({
      transition: {
        type: "hold",
        reason,
        until: reason === "dispute" || reason === "opt_out" ? null : at(rnd.int(10, 40)),
      },
      at: at(rnd.int(2, 9)),
    });
    return steps;
  }
  if (roll < 0.8) {
    steps.push({ transition: { type: "escalate", to: "pre_litigation" }, at: at(rnd.int(30, 45)) });
    if (roll > 0.76)
      steps.push({ transition: { type: "escalate", to: "judicial" }, at: at(rnd.int(60, 75)) });
    return steps;
  }
  if (roll < 0.86) {
    steps.push({ transition: { type: "await_creditor" }, at: at(rnd.int(5, 20)) });
    return steps;
  }
  // Payments arrive with the payment capability; until then demo closures are the ones that need none.
  const reason = rnd.pick<ClosedReason>([
    "withdrawn_by_creditor",
    "uncollectable",
    "dispute_upheld",
    "duplicate",
  ]);
  steps.push({ transition: { type: "close", reason }, at: at(rnd.int(3, 25)) });
  return steps;
}

export function printLogins(logins: DemoLogins | null, publicUrl = ""): void {
  if (!logins) {
    console.log(
      "Database already holds data. Demo logins (if loaded earlier): admin@relance.example / relance-admin-demo",
    );
    return;
  }
  console.log(`\nDemo agency loaded: ${logins.cases} cases.\nLogins:`);
  for (const u of logins.users) {
    console.log(
      `  ${u.role.padEnd(15)} ${u.email.padEnd(36)} ${u.password}${u.creditor ? `  (creditor ${u.creditor})` : ""}`,
    );
  }
  console.log("Creditor API keys:");
  for (const k of logins.apiKeys) console.log(`  ${k.creditor.padEnd(15)} ${k.key}`);
  console.log("Debtor portal (one demo case per creditor; identity check answers in brackets):");
  for (const l of logins.portalLinks) {
    const answers = Object.entries(l.identity)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ");
    console.log(`  ${l.creditor.padEnd(15)} ${publicUrl}${l.path}  (${answers})`);
  }
  console.log("");
}
