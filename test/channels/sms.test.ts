import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailChannel } from "../../src/channels/email/email-channel";
import { sandboxEmailTransport } from "../../src/channels/email/transports";
import { signedPortalLinks } from "../../src/channels/portal-links";
import { isStopRequest } from "../../src/channels/sms/feedback";
import { smsChannel } from "../../src/channels/sms/sms-channel";
import { twilioSmsProvider } from "../../src/channels/sms/twilio";
import { countSegments, foldToGsm7 } from "../../src/channels/templates/gsm7";
import type { Channel, OutboundAction } from "../../src/collection/channel";
import { queryRows } from "../../src/platform/db/rows";
import { twilioSignature, verifyTwilioSignature } from "../../src/platform/twilio-signature";
import { createTestApp, type TestApp } from "../helpers/app";
import { freePort } from "../helpers/cli";
import { eventsOf, newCase, outboxOf, pass, prepareAgency } from "./helpers";
import { startTwilioDouble, type TwilioDouble } from "./twilio-double";

const SID = "AC0123456789abcdef0123456789abcdef";
const TOKEN = "twilio-auth-token-for-tests";
const SECRET = "x".repeat(40);

describe("SMS segments (GSM-7 / UCS-2)", () => {
  it("fits 160 GSM characters in one segment and splits longer text by 153", () => {
    expect(countSegments("a".repeat(160))).toEqual({ encoding: "GSM-7", segments: 1, units: 160 });
    expect(countSegments("a".repeat(161))).toEqual({ encoding: "GSM-7", segments: 2, units: 161 });
    expect(countSegments("a".repeat(306)).segments).toBe(2);
    expect(countSegments("a".repeat(307)).segments).toBe(3);
  });

  it("counts extension characters (€) as two septets, never split across segments", () => {
    expect(countSegments("€".repeat(80))).toEqual({ encoding: "GSM-7", segments: 1, units: 160 });
    expect(countSegments(`${"a".repeat(152)}€`).units).toBe(154);
    expect(countSegments(`${"a".repeat(152)}€${"a".repeat(10)}`).segments).toBe(2);
  });

  it("switches to UCS-2 for a character outside the alphabet: 70, then 67 per segment", () => {
    expect(countSegments(`ê${"a".repeat(69)}`)).toEqual({ encoding: "UCS-2", segments: 1, units: 70 });
    expect(countSegments(`ê${"a".repeat(70)}`).segments).toBe(2);
    expect(countSegments("😀".repeat(35))).toEqual({ encoding: "UCS-2", segments: 1, units: 70 });
    // 36 emoji: 72 units; 33 fill the first 67-unit segment (66 units), a pair is never split.
    expect(countSegments("😀".repeat(36)).segments).toBe(2);
    expect(countSegments("😀".repeat(67)).segments).toBe(3);
  });

  it("folds French accents outside GSM so that one letter does not double the cost", () => {
    expect(foldToGsm7("Échéance à régler, merci – Rhône")).toBe("Échéance à régler, merci - Rhone");
    expect(countSegments(foldToGsm7("prêt ça coûte")).encoding).toBe("GSM-7");
  });
});

describe("Twilio signatures", () => {
  it("matches Twilio's published example", () => {
    const params = {
      CallSid: "CA1234567890ABCDE",
      Caller: "+12349013030",
      Digits: "1234",
      From: "+12349013030",
      To: "+18005551212",
    };
    const url = "https://mycompany.com/myapp.php?foo=1&bar=2";
    expect(twilioSignature("12345", url, params)).toBe("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
    expect(verifyTwilioSignature("12345", "0/KCTR6DLpKmkAf8muzZqo1nDgQ=", url, params)).toBe(true);
    expect(
      verifyTwilioSignature("12345", "0/KCTR6DLpKmkAf8muzZqo1nDgQ=", url, { ...params, Digits: "1235" }),
    ).toBe(false);
  });

  it("recognises STOP in English and French", () => {
    for (const word of ["STOP", "stop", " Stop ", "ARRET", "Arrêt", "arrêt.", "STOPALL"])
      expect(isStopRequest(word), word).toBe(true);
    for (const word of ["stop calling at night please", "OK", "je paierai"])
      expect(isStopRequest(word), word).toBe(false);
  });
});

describe("SMS through the Twilio adapter", () => {
  let t: TestApp;
  let twilio: TwilioDouble;
  let publicUrl: string;
  let sms: Channel;
  let email: Channel;
  let caseId: string;

  beforeAll(async () => {
    twilio = await startTwilioDouble(SID, TOKEN);
    const port = await freePort();
    publicUrl = `http://127.0.0.1:${port}`;
    t = await createTestApp({ PUBLIC_URL: publicUrl, TWILIO_ACCOUNT_SID: SID, TWILIO_AUTH_TOKEN: TOKEN });
    await t.app.listen({ port, host: "127.0.0.1" });
    await prepareAgency(t);
    const deps = {
      db: t.database.db,
      now: () => t.clock.now(),
      portal: signedPortalLinks(publicUrl, SECRET),
    };
    sms = smsChannel(
      deps,
      twilioSmsProvider({ apiUrl: twilio.url, accountSid: SID, authToken: TOKEN, from: "+33700000000" }),
      {
        costPerSegmentCents: 8,
        callbackBaseUrl: publicUrl,
      },
    );
    email = emailChannel(
      deps,
      sandboxEmailTransport(t.database.db, () => t.clock.now()),
      {
        from: "r@relance.test",
        trackingBaseUrl: null,
        secret: SECRET,
      },
    );
  });
  afterAll(async () => {
    await t?.close();
    await twilio?.close();
  });

  it("sends the payment-link SMS after the first letter, with its recall, segments, cost and callback", async () => {
    caseId = await newCase(t, "SMS-1");
    await pass(t, { email, sms });
    t.clock.advance(24 * 3_600_000);
    await pass(t, { email, sms });
    expect(twilio.sent).toHaveLength(1);
    const { params } = twilio.sent[0]!;
    expect(params.To).toBe("+33612345678");
    expect(params.From).toBe("+33700000000");
    expect(params.Body).toMatch(
      /^Relance Recouvrement pour CRED-A SAS: solde a regler 1 290,50 € \(courrier REL-\d{4}-\d{6} du 23\/11\/2026\)/,
    );
    expect(params.Body).toContain(signedPortalLinks(publicUrl, SECRET).urlFor(caseId));
    expect(params.StatusCallback).toMatch(
      new RegExp(`^${publicUrl}/webhooks/twilio/sms/status\\?m=[0-9a-f-]{36}$`),
    );
    const [m] = await queryRows<{ segments: number; cost_cents: number; provider_ref: string }>(
      t.database.db,
      sql`select segments, cost_cents, provider_ref from channel_messages where case_id = ${caseId} and channel = 'sms'`,
    );
    const count = countSegments(params.Body!);
    expect(m).toEqual({
      segments: count.segments,
      cost_cents: count.segments * 8,
      provider_ref: twilio.sent[0]!.sid,
    });
    expect((await outboxOf(t, caseId)).find((r) => r.channel === "sms")).toMatchObject({
      state: "sent",
      outcome: "sent",
    });
  });

  it("takes the delivery report from a signed status callback", async () => {
    expect(await twilio.report(twilio.sent[0]!.sid, "sent")).toBe(204);
    expect(await twilio.report(twilio.sent[0]!.sid, "delivered")).toBe(204);
    expect((await outboxOf(t, caseId)).find((r) => r.channel === "sms")).toMatchObject({
      state: "delivered",
      outcome: "delivered",
    });
    expect((await eventsOf(t, caseId)).map((e) => e.type)).toContain("sms.delivered");
  });

  it("refuses a callback whose signature does not match", async () => {
    const res = await fetch(
      `${publicUrl}/webhooks/twilio/sms/status?m=00000000-0000-0000-0000-000000000000`,
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": "AAAA" },
        body: new URLSearchParams({ MessageSid: twilio.sent[0]!.sid, MessageStatus: "undelivered" }),
      },
    );
    expect(res.status).toBe(403);
    expect((await outboxOf(t, caseId)).find((r) => r.channel === "sms")?.outcome).toBe("delivered");
  });

  it("opts the number out of SMS on a French STOP, and sends it no more SMS", async () => {
    const status = await twilio.inbound(`${publicUrl}/webhooks/twilio/sms/inbound`, "+33612345678", "Arrêt");
    expect(status).toBe(200);
    const [point] = await queryRows<{ opt_outs: { channel: string; source: string }[] }>(
      t.database.db,
      sql`select p.opt_outs from contact_points p join cases c on c.debtor_id = p.debtor_id where c.id = ${caseId} and p.kind = 'phone'`,
    );
    expect(point?.opt_outs).toEqual([expect.objectContaining({ channel: "sms", source: "sms_stop" })]);
    expect((await eventsOf(t, caseId)).map((e) => e.type)).toContain("contact_point.opted_out");
    const [row] = await outboxOf(t, caseId);
    const action: OutboundAction = {
      outboxId: "00000000-0000-0000-0000-000000000001",
      idempotencyKey: `${row!.idempotency_key}:again`,
      creditorId: t.creditors.a.id,
      caseId,
      channel: "sms",
      template: "payment_link_sms",
      persona: null,
      attempt: 1,
      payload: {},
    };
    const result = await sms.send(action);
    expect(result).toMatchObject({
      status: "failed",
      retryable: false,
      error: expect.stringMatching(/no reachable phone/),
    });
    expect(twilio.sent).toHaveLength(1);
  });

  it("marks a number Twilio calls invalid as such, without retrying", async () => {
    const id = await newCase(t, "SMS-2", {
      phone: "+33600000000",
      siren: "552100554",
      companyName: "Wrong Number SARL",
      email: "wn@martin.example",
    });
    await pass(t, { email, sms });
    t.clock.advance(24 * 3_600_000);
    await pass(t, { email, sms });
    const row = (await outboxOf(t, id)).find((r) => r.channel === "sms");
    expect(row).toMatchObject({ state: "failed", outcome: "not_delivered" });
    expect(row?.last_error).toMatch(/21211/);
    const [point] = await queryRows<{ status: string }>(
      t.database.db,
      sql`select p.status from contact_points p join cases c on c.debtor_id = p.debtor_id where c.id = ${id} and p.kind = 'phone'`,
    );
    expect(point?.status).toBe("invalid");
  });
});
