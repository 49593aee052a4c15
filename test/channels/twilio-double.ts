import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { twilioSignature } from "../../src/platform/twilio-signature";

// A local stand-in for Twilio's Messaging API: `POST /2010-04-01/Accounts/{Sid}/Messages.json`
// (form-encoded, basic auth), `GET …/Messages/{Sid}.json`, and status callbacks signed the way Twilio
// signs them (X-Twilio-Signature).

export interface SentSms {
  sid: string;
  params: Record<string, string>;
  status: string;
}

export interface TwilioDouble {
  url: string;
  sent: SentSms[];
  /** Posts a signed status callback for a message, as Twilio does when the carrier reports. */
  report(sid: string, status: string, errorCode?: string): Promise<number>;
  /** Posts a signed inbound message to a webhook URL. */
  inbound(url: string, from: string, body: string): Promise<number>;
  close(): Promise<void>;
}

export async function startTwilioDouble(accountSid: string, authToken: string): Promise<TwilioDouble> {
  const sent: SentSms[] = [];
  const auth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      if (req.headers.authorization !== auth)
        return json(401, { code: 20003, message: "Authenticate", status: 401 });
      const base = `/2010-04-01/Accounts/${accountSid}/Messages`;
      if (req.method === "POST" && req.url === `${base}.json`) {
        const params = Object.fromEntries(new URLSearchParams(raw));
        if (!params.To || !params.Body || !params.From)
          return json(400, { code: 21604, message: "missing", status: 400 });
        if (params.To === "+33600000000") {
          return json(400, {
            code: 21211,
            message: "The 'To' number is not a valid phone number.",
            status: 400,
          });
        }
        const sid = `SM${randomBytes(16).toString("hex")}`;
        sent.push({ sid, params, status: "queued" });
        return json(201, { sid, status: "queued", to: params.To, from: params.From, body: params.Body });
      }
      const m =
        req.method === "GET" ? new RegExp(`^${base}/(SM[0-9a-f]+)\\.json$`).exec(req.url ?? "") : null;
      const found = m ? sent.find((s) => s.sid === m[1]) : undefined;
      if (found) return json(200, { sid: found.sid, status: found.status });
      json(404, { code: 20404, message: "not found", status: 404 });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const post = async (target: string, params: Record<string, string>) => {
    const res = await fetch(target, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-twilio-signature": twilioSignature(authToken, target, params),
      },
      body: new URLSearchParams(params),
    });
    return res.status;
  };
  return {
    url,
    sent,
    async report(sid, status, errorCode) {
      const msg = sent.find((s) => s.sid === sid);
      if (!msg?.params.StatusCallback) throw new Error(`no callback for ${sid}`);
      msg.status = status;
      const params: Record<string, string> = {
        AccountSid: accountSid,
        ApiVersion: "2010-04-01",
        From: msg.params.From!,
        To: msg.params.To!,
        MessageSid: sid,
        SmsSid: sid,
        MessageStatus: status,
        SmsStatus: status,
      };
      if (errorCode) params.ErrorCode = errorCode;
      return post(msg.params.StatusCallback, params);
    },
    inbound: (target, from, body) =>
      post(target, {
        AccountSid: accountSid,
        ApiVersion: "2010-04-01",
        MessageSid: `SM${randomBytes(16).toString("hex")}`,
        From: from,
        To: "+33700000000",
        Body: body,
        NumSegments: "1",
      }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
