import type { PostalProvider, PostalResult, PostalSubmission } from "./postal-provider";
import { afnorLines } from "./postal-provider";

// Maileva (La Poste group) REST API, v2: OAuth2 password grant for a bearer token; a sending is created
// as a draft (`POST /mail/v2/sendings`, or `/registered_mail/v2/sendings` with acknowledgement of
// receipt), then gets its PDF (multipart `document` + `metadata`), its recipient, and is submitted.
// Its `custom_id` is our idempotency key. Status: DRAFT, PENDING, ACCEPTED, REJECTED, PROCESSED,
// PROCESSED_WITH_ERRORS.

export interface MailevaConfig {
  apiUrl: string;
  authUrl: string;
  clientId?: string;
  clientSecret?: string;
  username?: string;
  password?: string;
}

class MailevaError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function mailevaPostalProvider(config: MailevaConfig): PostalProvider {
  let token: { value: string; until: number } | null = null;
  const api = config.apiUrl.replace(/\/$/, "");

  async function accessToken(): Promise<string> {
    if (token && token.until > Date.now()) return token.value;
    const res = await fetch(config.authUrl, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from(`${config.clientId ?? ""}:${config.clientSecret ?? ""}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({
        grant_type: "password",
        username: config.username ?? "",
        password: config.password ?? "",
      }),
      signal: AbortSignal.timeout(15_000),
    });
    if (!res.ok) throw new MailevaError(res.status, `maileva auth ${res.status}`);
    const body = (await res.json()) as { access_token: string; expires_in?: number };
    token = {
      value: body.access_token,
      until: Date.now() + Math.max(30, (body.expires_in ?? 300) - 30) * 1000,
    };
    return token.value;
  }

  async function call<T>(method: string, path: string, body?: unknown, form?: FormData): Promise<T> {
    const headers: Record<string, string> = {
      authorization: `Bearer ${await accessToken()}`,
      accept: "application/json",
    };
    if (body !== undefined) headers["content-type"] = "application/json";
    const res = await fetch(`${api}${path}`, {
      method,
      headers,
      body: form ?? (body !== undefined ? JSON.stringify(body) : undefined),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    if (!res.ok)
      throw new MailevaError(
        res.status,
        `maileva ${method} ${path.replace(/\/[0-9a-f-]{8,}/gi, "/…")}: ${res.status} ${text.slice(0, 200)}`,
      );
    return (text ? JSON.parse(text) : {}) as T;
  }

  const base = (registered: boolean) => (registered ? "/registered_mail/v2" : "/mail/v2");
  const refOf = (registered: boolean, id: string) => `${registered ? "registered" : "simple"}:${id}`;
  const parseRef = (ref: string) => {
    const [kind, id] = ref.split(":");
    return { registered: kind === "registered", id: id ?? ref };
  };

  async function sendingStatus(ref: string): Promise<string | null> {
    const { registered, id } = parseRef(ref);
    try {
      return (await call<{ status: string }>("GET", `${base(registered)}/sendings/${id}`)).status;
    } catch (error) {
      if (error instanceof MailevaError && error.status === 404) return null;
      throw error;
    }
  }

  return {
    provider: "maileva",
    async submit(_action, letter: PostalSubmission, existingRef, onCreated): Promise<PostalResult> {
      try {
        if (existingRef) {
          const status = await sendingStatus(existingRef);
          // An earlier attempt submitted it: done. A draft left half-built is removed and built again.
          if (status && status !== "DRAFT")
            return { ok: true, providerRef: existingRef, status: "sent", proof: null };
          if (status === "DRAFT") {
            const { registered, id } = parseRef(existingRef);
            await call("DELETE", `${base(registered)}/sendings/${id}`);
          }
        }
        const root = base(letter.registered);
        const sending = await call<{ id: string }>("POST", `${root}/sendings`, {
          name: `${letter.reference}`.slice(0, 60),
          custom_id: letter.idempotencyKey,
          color_printing: false,
          duplex_printing: true,
          ...(letter.registered ? { acknowledgement_of_receipt: true } : {}),
        });
        const ref = refOf(letter.registered, sending.id);
        await onCreated(ref);
        const form = new FormData();
        form.set(
          "document",
          new Blob([new Uint8Array(letter.pdf)], { type: "application/pdf" }),
          `${letter.reference}.pdf`,
        );
        form.set("metadata", JSON.stringify({ priority: 1, name: `${letter.reference}.pdf` }));
        await call("POST", `${root}/sendings/${sending.id}/documents`, undefined, form);
        await call("POST", `${root}/sendings/${sending.id}/recipients`, {
          custom_id: letter.idempotencyKey,
          ...afnorLines(letter.recipient),
          country_code: letter.recipient.address.country || "FR",
        });
        await call("POST", `${root}/sendings/${sending.id}/submit`);
        return { ok: true, providerRef: ref, status: "sent", proof: null };
      } catch (error) {
        const status = error instanceof MailevaError ? error.status : 0;
        // 4xx: the request itself is wrong (bad address, bad PDF) and will stay wrong; others may pass later.
        return {
          ok: false,
          permanent: status >= 400 && status < 500 && status !== 401 && status !== 429,
          error: (error as Error).message,
        };
      }
    },
    async status(ref) {
      const status = await sendingStatus(ref);
      if (!status || status === "DRAFT") return null;
      if (status === "PROCESSED") return "delivered";
      if (status === "REJECTED" || status === "PROCESSED_WITH_ERRORS") return "failed";
      return "sent";
    },
    // Maileva lists sendings but does not search them by custom_id: an unrecorded draft is simply rebuilt.
    received: async () => null,
  };
}
