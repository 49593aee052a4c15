import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailChannel } from "../../src/channels/email/email-channel";
import { sandboxEmailTransport, smtpTransport } from "../../src/channels/email/transports";
import { signedPortalLinks } from "../../src/channels/portal-links";
import type { Channel } from "../../src/collection/channel";
import { queryRows } from "../../src/platform/db/rows";
import { createTestApp, type TestApp } from "../helpers/app";
import { eventsOf, newCase, outboxOf, pass, prepareAgency } from "./helpers";

// Email goes to a real SMTP server on loopback; what arrived is parsed back with mailparser.

const PUBLIC_URL = "https://relance.test";
const SECRET = "x".repeat(40);
const WEBHOOK_SECRET = "bounce-secret-0123456789";

interface Arrived {
  mail: ParsedMail;
  envelope: { mailFrom: string; rcptTo: string[]; envid: string | null };
}

let t: TestApp;
let server: SMTPServer;
let port: number;
const arrived: Arrived[] = [];
let email: Channel;

beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL, EMAIL_WEBHOOK_SECRET: WEBHOOK_SECRET });
  await prepareAgency(t);
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    hideDSN: false,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith("nobody@")) {
        const err = Object.assign(new Error("5.1.1 user unknown"), { responseCode: 550 });
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream).then((mail) => {
        const env = session.envelope as unknown as {
          mailFrom: { address: string };
          rcptTo: { address: string }[];
          dsn?: { envid: string | null };
        };
        arrived.push({
          mail,
          envelope: {
            mailFrom: env.mailFrom.address,
            rcptTo: env.rcptTo.map((r) => r.address),
            envid: env.dsn?.envid ?? null,
          },
        });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.server.address() as AddressInfo).port;
  email = emailChannel(
    { db: t.database.db, now: () => t.clock.now(), portal: signedPortalLinks(PUBLIC_URL, SECRET) },
    smtpTransport(`smtp://127.0.0.1:${port}`, "relance.test"),
    { from: "Relance <relances@relance.test>", trackingBaseUrl: PUBLIC_URL, secret: SECRET },
  );
});
afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await t?.close();
});

const path = (url: string) => url.replace(PUBLIC_URL, "");

describe("email over SMTP", () => {
  let caseId: string;
  let mail: ParsedMail;

  it("sends the first notice with HTML and text parts, the portal link, and records the first letter", async () => {
    caseId = await newCase(t, "EM-1");
    const result = await pass(t, { email });
    expect(result.sent).toBe(1);
    expect(arrived).toHaveLength(1);
    const got = arrived[0]!;
    mail = got.mail;
    expect(got.envelope.rcptTo).toEqual(["compta@martin.example"]);
    expect(mail.subject).toMatch(
      /^Dossier REL-\d{4}-\d{6} – Demande de règlement pour le compte de CRED-A SAS$/,
    );
    const portal = signedPortalLinks(PUBLIC_URL, SECRET).urlFor(caseId);
    expect(mail.text).toContain(portal);
    expect(mail.text).toContain(
      "Les frais de recouvrement entrepris sans titre exécutoire restent à la charge du créancier",
    );
    expect(mail.html).toContain("/t/o/");
    expect(mail.html).toMatch(/href="https:\/\/relance\.test\/t\/c\/[^"]+"/);
    // The DSN envelope id names the message, so that a bounce finds it.
    const [message] = await queryRows<{ id: string }>(
      t.database.db,
      sql`select id from channel_messages where case_id = ${caseId}`,
    );
    expect(got.envelope.envid).toBe(message!.id);
    const [c] = await queryRows<{ first_letter_ref: string | null }>(
      t.database.db,
      sql`select first_letter_ref from cases where id = ${caseId}`,
    );
    expect(c?.first_letter_ref).toMatch(/^REL-/);
    expect((await eventsOf(t, caseId)).map((e) => e.type)).toContain("first_letter.sent");
    expect((await outboxOf(t, caseId))[0]).toMatchObject({
      channel: "email",
      state: "sent",
      outcome: "sent",
    });
  });

  it("records an open from the pixel and a click from the redirect, which feed the scenario", async () => {
    const pixel = /<img src="([^"]+\/t\/o\/[^"]+)"/.exec(mail.html as string)![1]!;
    const res = await t.request("GET", path(pixel));
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("image/gif");
    await t.request("GET", path(pixel));
    let row = (await outboxOf(t, caseId))[0]!;
    expect(row.outcome).toBe("opened");
    const click = /href="(https:\/\/relance\.test\/t\/c\/[^"]+)"/.exec(mail.html as string)![1]!;
    const redirect = await t.request("GET", path(click));
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers.location).toBe(signedPortalLinks(PUBLIC_URL, SECRET).urlFor(caseId));
    row = (await outboxOf(t, caseId))[0]!;
    expect(row.outcome).toBe("clicked");
    const types = (await eventsOf(t, caseId)).map((e) => e.type);
    expect(types.filter((x) => x === "email.opened")).toHaveLength(1);
    expect(types).toContain("email.clicked");
  });

  it("refuses forged tracking tokens", async () => {
    const click = /href="(https:\/\/relance\.test\/t\/c\/[^"]+)"/.exec(mail.html as string)![1]!;
    const forged = path(click).replace(/\.(\d+)\./, ".7.");
    expect((await t.request("GET", forged)).statusCode).toBe(404);
  });

  it("marks the address invalid when a DSN reports a permanent failure", async () => {
    const id = await newCase(t, "EM-2", {
      email: "gone@martin.example",
      siren: "552100554",
      companyName: "Gone SARL",
    });
    await pass(t, { email });
    const [message] = await queryRows<{ id: string }>(
      t.database.db,
      sql`select id from channel_messages where case_id = ${id}`,
    );
    const dsn = [
      "From: MAILER-DAEMON@mx.martin.example",
      "To: relances@relance.test",
      "Subject: Undelivered Mail Returned to Sender",
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
      "",
      "--b1",
      "Content-Type: text/plain",
      "",
      "Your message could not be delivered.",
      "",
      "--b1",
      "Content-Type: message/delivery-status",
      "",
      "Reporting-MTA: dns; mx.martin.example",
      `Original-Envelope-Id: ${message!.id}`,
      "",
      "Final-Recipient: rfc822; gone@martin.example",
      "Action: failed",
      "Status: 5.1.1",
      "Diagnostic-Code: smtp; 550 5.1.1 mailbox unknown",
      "",
      "--b1--",
      "",
    ].join("\r\n");
    const denied = await t.request("POST", "/webhooks/email/bounces", {
      body: dsn,
      headers: { "content-type": "multipart/report", "x-relance-webhook-secret": "wrong-secret-000000" },
    });
    expect(denied.statusCode).toBe(401);
    const res = await t.request("POST", "/webhooks/email/bounces", {
      body: dsn,
      headers: { "content-type": "multipart/report", "x-relance-webhook-secret": WEBHOOK_SECRET },
    });
    expect(res.json()).toEqual({ matched: true, hard: true, invalidated: true });
    const [point] = await queryRows<{ status: string }>(
      t.database.db,
      sql`select p.status from contact_points p join cases c on c.debtor_id = p.debtor_id where c.id = ${id} and p.kind = 'email'`,
    );
    expect(point?.status).toBe("invalid");
    expect((await outboxOf(t, id))[0]).toMatchObject({ state: "failed", outcome: "not_delivered" });
    expect((await eventsOf(t, id)).map((e) => e.type)).toEqual(
      expect.arrayContaining(["email.bounced", "contact_point.invalidated"]),
    );
  });

  it("marks the address invalid when the server refuses the recipient, and does not retry", async () => {
    const id = await newCase(t, "EM-3", {
      email: "nobody@martin.example",
      siren: "443061841",
      companyName: "Nobody SARL",
    });
    const before = arrived.length;
    await pass(t, { email });
    expect(arrived.length).toBe(before);
    const [row] = await outboxOf(t, id);
    expect(row).toMatchObject({ state: "failed", outcome: "not_delivered" });
    expect(row?.last_error).toMatch(/550|user unknown/i);
    const [point] = await queryRows<{ status: string }>(
      t.database.db,
      sql`select p.status from contact_points p join cases c on c.debtor_id = p.debtor_id where c.id = ${id} and p.kind = 'email'`,
    );
    expect(point?.status).toBe("invalid");
  });

  it("goes to the sandbox inbox, rendered, when no SMTP relay is configured", async () => {
    const id = await newCase(t, "EM-4", {
      email: "sandbox@martin.example",
      siren: "356000000",
      companyName: "Sandbox SARL",
    });
    const sandbox = emailChannel(
      { db: t.database.db, now: () => t.clock.now(), portal: signedPortalLinks(PUBLIC_URL, SECRET) },
      sandboxEmailTransport(t.database.db, () => t.clock.now()),
      { from: "Relance <relances@relance.test>", trackingBaseUrl: null, secret: SECRET },
    );
    await pass(t, { email: sandbox });
    const [m] = await queryRows<{ content: { to: string; subject: string; text: string; html: string } }>(
      t.database.db,
      sql`select content from sandbox_messages where case_id = ${id}`,
    );
    expect(m?.content.to).toBe("sandbox@martin.example");
    expect(m?.content.subject).toMatch(/Demande de règlement/);
    expect(m?.content.html).not.toContain("/t/o/");
    expect((await outboxOf(t, id))[0]).toMatchObject({ state: "sent", outcome: "delivered" });
  });
});
