import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentStore } from "../../src/cases/documents";
import { letterChannel } from "../../src/channels/letters/letter-channel";
import { mailevaPostalProvider } from "../../src/channels/letters/maileva";
import { sandboxPostalProvider } from "../../src/channels/letters/sandbox-post";
import { signedPortalLinks } from "../../src/channels/portal-links";
import type { OutboundAction } from "../../src/collection/channel";
import { queryRows } from "../../src/platform/db/rows";
import { createTestApp, type TestApp } from "../helpers/app";
import { eventsOf, newCase, prepareAgency } from "./helpers";
import { type MailevaDouble, startMailevaDouble } from "./maileva-double";

const SECRET = "x".repeat(40);
let t: TestApp;
let maileva: MailevaDouble;
const dataDir = mkdtempSync(path.join(os.tmpdir(), "relance-letters-"));
const store = documentStore(dataDir);
const client = {
  id: "client-id",
  secret: "client-secret",
  user: "agency@relance.test",
  password: "pw-123456",
};

beforeAll(async () => {
  t = await createTestApp();
  await prepareAgency(t);
  maileva = await startMailevaDouble(client);
});
afterAll(async () => {
  await t?.close();
  await maileva?.close();
});

const deps = () => ({
  db: t.database.db,
  now: () => t.clock.now(),
  portal: signedPortalLinks("https://relance.test", SECRET),
});

let n = 0;
function action(caseId: string, template: string, channel: "letter" | "registered_letter"): OutboundAction {
  n++;
  return {
    outboxId: `00000000-0000-0000-0000-${String(n).padStart(12, "0")}`,
    idempotencyKey: `${caseId}:test:${template}:${n}`,
    creditorId: t.creditors.a.id,
    caseId,
    channel,
    template,
    persona: null,
    attempt: 1,
    payload: {},
  };
}

async function documentsOf(caseId: string) {
  return queryRows<{ kind: string; filename: string; storage_key: string; content_type: string }>(
    t.database.db,
    sql`select kind, filename, storage_key, content_type from documents where case_id = ${caseId} order by created_at, kind`,
  );
}

describe("letters through the sandbox postal provider", () => {
  it("posts the first letter as a PDF and keeps it with a proof of dispatch as case documents", async () => {
    const caseId = await newCase(t, "LT-1");
    const letter = letterChannel(
      deps(),
      sandboxPostalProvider(t.database.db, () => t.clock.now()),
      store,
      { registered: false },
    );
    const result = await letter.send(action(caseId, "first_notice_b2b", "letter"));
    expect(result).toMatchObject({ status: "sent", provider: "sandbox-post", outcome: "delivered" });
    const docs = await documentsOf(caseId);
    expect(docs.map((d) => d.kind).sort()).toEqual(["letter", "proof_of_delivery"]);
    for (const d of docs) {
      const file = path.join(store.root, d.storage_key);
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file).subarray(0, 5).toString()).toBe("%PDF-");
    }
    const pdf = await PDFDocument.load(
      readFileSync(path.join(store.root, docs.find((d) => d.kind === "letter")!.storage_key)),
    );
    expect(pdf.getTitle()).toMatch(/Demande de règlement pour le compte de CRED-A SAS/);
    const types = (await eventsOf(t, caseId)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["first_letter.sent", "document.attached"]));
    const [inbox] = await queryRows<{ content: { registered: boolean; trackingNumber: string } }>(
      t.database.db,
      sql`select content from sandbox_messages where case_id = ${caseId}`,
    );
    expect(inbox?.content).toMatchObject({
      registered: false,
      trackingNumber: expect.stringMatching(/^SB\d{11}$/),
    });
  });

  it("sends a registered formal notice once the first letter exists, with an LRAR tracking number", async () => {
    const caseId = await newCase(t, "LT-2", { siren: "552100554", companyName: "Registered SARL" });
    const post = sandboxPostalProvider(t.database.db, () => t.clock.now());
    const first = letterChannel(deps(), post, store, { registered: false });
    const registered = letterChannel(deps(), post, store, { registered: true });
    // Before the first letter, a formal notice may not go (R124-4, FR-05).
    expect(await registered.send(action(caseId, "formal_notice_b2b", "registered_letter"))).toMatchObject({
      status: "failed",
      retryable: false,
      error: expect.stringMatching(/no first letter/),
    });
    await first.send(action(caseId, "first_notice_b2b", "letter"));
    t.clock.advance(20 * 86_400_000);
    const sent = await registered.send(action(caseId, "formal_notice_b2b", "registered_letter"));
    expect(sent).toMatchObject({ status: "sent", providerRef: expect.stringMatching(/^1A\d{11}$/) });
    expect(
      (await documentsOf(caseId)).filter((d) => d.filename.startsWith("lrar-formal_notice_b2b")),
    ).toHaveLength(1);
  });

  it("refuses a letter when the debtor has no postal address", async () => {
    const caseId = await newCase(t, "LT-3", {
      siren: "443061841",
      companyName: "Nowhere SARL",
      address: undefined,
    });
    const letter = letterChannel(
      deps(),
      sandboxPostalProvider(t.database.db, () => t.clock.now()),
      store,
      { registered: false },
    );
    expect(await letter.send(action(caseId, "first_notice_b2b", "letter"))).toMatchObject({
      status: "failed",
      retryable: false,
      error: expect.stringMatching(/no reachable postal contact point/),
    });
  });
});

describe("letters through the Maileva adapter", () => {
  const provider = () =>
    mailevaPostalProvider({
      apiUrl: maileva.url,
      authUrl: maileva.authUrl,
      clientId: client.id,
      clientSecret: client.secret,
      username: client.user,
      password: client.password,
    });

  it("creates, fills and submits a registered sending with acknowledgement of receipt", async () => {
    const caseId = await newCase(t, "MV-1", { siren: "356000000", companyName: "Maileva Client SARL" });
    const letter = letterChannel(deps(), provider(), store, { registered: true });
    const a = action(caseId, "first_notice_b2b", "registered_letter");
    const result = await letter.send(a);
    expect(result).toMatchObject({ status: "sent", provider: "maileva", outcome: "sent" });
    const sending = maileva.sendings.at(-1)!;
    expect(sending).toMatchObject({ kind: "registered_mail", status: "ACCEPTED" });
    expect(sending.body).toMatchObject({ custom_id: a.idempotencyKey, acknowledgement_of_receipt: true });
    expect(sending.documents).toHaveLength(1);
    expect(JSON.parse(sending.documents[0]!.metadata)).toMatchObject({ priority: 1 });
    expect(sending.recipients).toEqual([
      {
        custom_id: a.idempotencyKey,
        address_line_1: "Maileva Client SARL",
        address_line_4: "12 rue des Lilas",
        address_line_6: "69003 Lyon",
        country_code: "FR",
      },
    ]);
    expect((await documentsOf(caseId)).map((d) => d.kind)).toEqual(["letter"]);
    // Reconciliation asks Maileva: once processed, the letter counts as delivered to the post.
    sending.status = "PROCESSED";
    expect(await letter.status(a.idempotencyKey)).toMatchObject({
      status: "delivered",
      providerRef: `registered:${sending.id}`,
    });
  });

  it("rebuilds a draft left by a failed submit instead of posting twice", async () => {
    const caseId = await newCase(t, "MV-2", { siren: "732829320", companyName: "Retry SARL" });
    const letter = letterChannel(deps(), provider(), store, { registered: false });
    const a = action(caseId, "first_notice_b2b", "letter");
    maileva.failNextSubmit = true;
    expect(await letter.send(a)).toMatchObject({ status: "failed", retryable: true });
    const draft = maileva.sendings.at(-1)!;
    expect(draft.status).toBe("DRAFT");
    expect(await letter.send(a)).toMatchObject({ status: "sent" });
    const mine = maileva.sendings.filter((s) => s.body.custom_id === a.idempotencyKey);
    expect(mine.map((s) => [s.status, s.deleted])).toEqual([
      ["DRAFT", true],
      ["ACCEPTED", false],
    ]);
    // The failure was known (Maileva answered 503): the retry is no unexplained resend.
    expect((await eventsOf(t, caseId)).map((e) => e.type)).not.toContain("message.resent");
  });
});
