import type { OutboundAction } from "../../collection/channel";
import type { Db } from "../../platform/db/client";
import { sandboxReceived, storeInSandbox } from "../sandbox-channel";

// SMS providers. Twilio Programmable Messaging: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`,
// form-encoded, HTTP basic auth with the account SID and auth token; status callbacks and inbound
// messages are form posts signed in X-Twilio-Signature. The sandbox keeps messages in its inbox.

export interface SmsDeliveryOk {
  ok: true;
  providerRef: string;
  /** "sent" once queued at a carrier-facing provider, "delivered" for the sandbox. */
  status: "sent" | "delivered";
}

export interface SmsDeliveryFailed {
  ok: false;
  permanent: boolean;
  /** The number itself is wrong (unknown, not a mobile): the contact point becomes invalid. */
  invalidNumber: boolean;
  /** The provider holds an opt-out for this number (the debtor sent STOP to it). */
  optedOut: boolean;
  error: string;
}

export interface SmsProvider {
  readonly provider: string;
  send(
    action: OutboundAction,
    sms: { to: string; body: string; statusCallback: string | null },
  ): Promise<SmsDeliveryOk | SmsDeliveryFailed>;
  /** The provider's latest word on a message, for reconciliation. */
  fetch(providerRef: string): Promise<"sent" | "delivered" | "failed" | null>;
  received(idempotencyKey: string): Promise<string | null>;
}

/**
 * Twilio's request signature: HMAC-SHA1 keyed with the auth token over the full URL it called followed by
 * every POST parameter, sorted by name, as name then value with no separator; base64.
 */
export interface TwilioConfig {
  apiUrl: string;
  accountSid: string;
  authToken: string;
  from: string;
}

// Error codes (Twilio docs): 21211 invalid 'To', 21614 not a mobile number, 21610 recipient unsubscribed.
const INVALID_NUMBER = new Set([21211, 21614, 21217]);
const OPTED_OUT = 21610;

export function twilioSmsProvider(config: TwilioConfig): SmsProvider {
  const base = `${config.apiUrl.replace(/\/$/, "")}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}`;
  const auth = `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString("base64")}`;
  return {
    provider: "twilio",
    async send(_action, sms) {
      const form = new URLSearchParams({ To: sms.to, From: config.from, Body: sms.body });
      if (sms.statusCallback) form.set("StatusCallback", sms.statusCallback);
      let res: Response;
      try {
        res = await fetch(`${base}/Messages.json`, {
          method: "POST",
          headers: { authorization: auth, "content-type": "application/x-www-form-urlencoded" },
          body: form,
          signal: AbortSignal.timeout(15_000),
        });
      } catch (error) {
        return {
          ok: false,
          permanent: false,
          invalidNumber: false,
          optedOut: false,
          error: (error as Error).message,
        };
      }
      const body = (await res.json().catch(() => ({}))) as {
        sid?: string;
        code?: number;
        message?: string;
        status?: string;
      };
      if (res.ok && body.sid) return { ok: true, providerRef: body.sid, status: "sent" };
      const code = body.code ?? 0;
      const permanent = res.status >= 400 && res.status < 500 && res.status !== 429;
      return {
        ok: false,
        permanent,
        invalidNumber: INVALID_NUMBER.has(code),
        optedOut: code === OPTED_OUT,
        error: `twilio ${res.status} ${code}: ${body.message ?? "no message"}`.slice(0, 300),
      };
    },
    async fetch(providerRef) {
      const res = await fetch(`${base}/Messages/${encodeURIComponent(providerRef)}.json`, {
        headers: { authorization: auth },
        signal: AbortSignal.timeout(15_000),
      });
      if (res.status === 404) return null;
      if (!res.ok) throw new Error(`twilio ${res.status}`);
      return twilioStatus(((await res.json()) as { status: string }).status);
    },
    // Twilio offers no lookup by our key: a message whose SID was never recorded is sent again.
    received: async () => null,
  };
}

/** Twilio's message statuses, as the outbox knows them. */
export function twilioStatus(status: string): "sent" | "delivered" | "failed" {
  if (status === "delivered" || status === "read") return "delivered";
  if (status === "failed" || status === "undelivered" || status === "canceled") return "failed";
  return "sent";
}

export function sandboxSmsProvider(db: Db, now: () => Date): SmsProvider {
  return {
    provider: "sandbox-sms",
    async send(action, sms) {
      const id = await storeInSandbox(db, action, { to: sms.to, body: sms.body }, now());
      return { ok: true, providerRef: id, status: "delivered" };
    },
    fetch: async () => "delivered",
    received: async (key) => (await sandboxReceived(db, key))?.id ?? null,
  };
}
