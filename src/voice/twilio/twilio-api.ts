// The few Twilio REST calls a voice call needs: create it, end it, hand it to a collector (cold transfer
// by call update), and delete its recording when the retention ends. Form-encoded bodies, HTTP Basic
// auth with the account SID and auth token, under a configurable API root (regional hosts, test doubles).

export interface TwilioAccount {
  apiUrl: string;
  accountSid: string;
  authToken: string;
}

export class TwilioApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | null,
    message: string,
  ) {
    super(message);
    this.name = "TwilioApiError";
  }
}

type Form = URLSearchParams | Record<string, string>;

async function post(
  account: TwilioAccount,
  path: string,
  form: Form | null,
  method = "POST",
): Promise<unknown> {
  const base = account.apiUrl.replace(/\/$/, "");
  const url = `${base}/2010-04-01/Accounts/${encodeURIComponent(account.accountSid)}${path}`;
  const response = await fetch(url, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${account.accountSid}:${account.authToken}`).toString("base64")}`,
      ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      accept: "application/json",
    },
    ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (!response.ok) {
    const code = typeof body.code === "number" ? body.code : null;
    throw new TwilioApiError(response.status, code, `Twilio ${response.status} ${code ?? ""}`.trim());
  }
  return body;
}

export async function createCall(account: TwilioAccount, form: Form): Promise<string> {
  const body = (await post(account, "/Calls.json", form)) as { sid?: unknown };
  if (typeof body.sid !== "string") throw new TwilioApiError(502, null, "Twilio answered without a call sid");
  return body.sid;
}

/** Ends a call in progress. A 20404 means the call has already ended, which is what we wanted. */
export async function hangupCall(account: TwilioAccount, callSid: string): Promise<void> {
  try {
    await post(account, `/Calls/${encodeURIComponent(callSid)}.json`, { Status: "completed" });
  } catch (error) {
    if (error instanceof TwilioApiError && (error.code === 20404 || error.status === 404)) return;
    throw error;
  }
}

/**
 * Cold transfer: the call switches at once to a `<Dial>` to the collector's number, which ends the media
 * stream. The caller ID stays the number Relance called from, so the collector sees the agency's line.
 * When the dialled leg ends (answered and hung up, busy, no answer), Twilio posts to `action`: the
 * collector is free again, and a debtor nobody answered hears why before the line closes.
 */
export async function transferCall(
  account: TwilioAccount,
  callSid: string,
  to: string,
  action: string,
): Promise<void> {
  const twiml = `<?xml version="1.0" encoding="UTF-8"?><Response><Dial action="${escapeXml(action)}" method="POST" timeout="25">${escapeXml(to)}</Dial></Response>`;
  await post(account, `/Calls/${encodeURIComponent(callSid)}.json`, { Twiml: twiml });
}

/** Deletes a recording; one already gone (404) is what we wanted. */
export async function deleteRecording(account: TwilioAccount, recordingSid: string): Promise<void> {
  try {
    await post(account, `/Recordings/${encodeURIComponent(recordingSid)}.json`, null, "DELETE");
  } catch (error) {
    if (error instanceof TwilioApiError && error.status === 404) return;
    throw error;
  }
}

export function escapeXml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}
