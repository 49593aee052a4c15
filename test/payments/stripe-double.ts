import { createHmac, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// A local stand-in for Stripe on loopback: it speaks the REST call Relance makes
// (POST /v1/checkout/sessions, form-encoded, Bearer key, Idempotency-Key) and sends webhooks signed
// the way Stripe documents (Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of `${t}.${body}`>).

export interface DoubleSession {
  id: string;
  params: URLSearchParams;
  idempotencyKey: string | undefined;
  paymentIntent: string;
  chargeId: string;
  amount: number;
  currency: string;
}

export interface StripeDouble {
  url: string;
  sessions: Map<string, DoubleSession>;
  requests: { path: string; auth: string | undefined }[];
  webhookUrl: string;
  event(type: string, object: Record<string, unknown>): { id: string; body: string };
  deliver(
    body: string,
    options?: { secret?: string; timestamp?: number; header?: string },
  ): Promise<{ status: number; body: string }>;
  completed(sessionId: string, payerName?: string): { id: string; body: string };
  refunded(sessionId: string, totalRefunded: number): { id: string; body: string };
  disputed(sessionId: string, amount: number): { id: string; body: string };
  close(): Promise<void>;
}

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let data = "";
    req.on("data", (c) => {
      data += c;
    });
    req.on("end", () => resolve(data));
  });

export async function startStripeDouble(opts: {
  secretKey: string;
  webhookSecret: string;
  now: () => Date;
}): Promise<StripeDouble> {
  const sessions = new Map<string, DoubleSession>();
  const byKey = new Map<string, { params: string; response: string }>();
  const requests: StripeDouble["requests"] = [];
  const server: Server = createServer(async (req, res) => {
    const body = await read(req);
    requests.push({ path: req.url ?? "", auth: req.headers.authorization });
    const send = (status: number, value: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(typeof value === "string" ? value : JSON.stringify(value));
    };
    if (req.headers.authorization !== `Bearer ${opts.secretKey}`) {
      return send(401, { error: { type: "invalid_request_error", message: "Invalid API Key provided" } });
    }
    if (req.method !== "POST" || req.url !== "/v1/checkout/sessions") {
      return send(404, { error: { type: "invalid_request_error", message: "Unrecognized request URL" } });
    }
    if (!String(req.headers["content-type"]).startsWith("application/x-www-form-urlencoded")) {
      return send(400, { error: { type: "invalid_request_error", message: "form encoding expected" } });
    }
    const key = req.headers["idempotency-key"] as string | undefined;
    if (key && byKey.has(key)) {
      const prior = byKey.get(key)!;
      if (prior.params !== body)
        return send(400, { error: { type: "idempotency_error", message: "Keys for idempotent requests…" } });
      return send(200, prior.response);
    }
    const params = new URLSearchParams(body);
    const amount = Number(params.get("line_items[0][price_data][unit_amount]"));
    const currency = params.get("line_items[0][price_data][currency]") ?? "";
    if (params.get("mode") !== "payment" || !params.get("success_url") || !(amount > 0) || !currency) {
      return send(400, { error: { type: "invalid_request_error", message: "Missing required param" } });
    }
    const suffix = randomBytes(8).toString("hex");
    const session: DoubleSession = {
      id: `cs_test_${suffix}`,
      params,
      idempotencyKey: key,
      paymentIntent: `pi_${suffix}`,
      chargeId: `ch_${suffix}`,
      amount,
      currency,
    };
    sessions.set(session.id, session);
    const response = JSON.stringify({
      id: session.id,
      object: "checkout.session",
      mode: "payment",
      amount_total: amount,
      currency,
      status: "open",
      payment_status: "unpaid",
      url: `https://checkout.stripe.test/c/pay/${session.id}`,
      metadata: Object.fromEntries(
        [...params.entries()]
          .filter(([k]) => k.startsWith("metadata["))
          .map(([k, v]) => [k.slice("metadata[".length, -1), v]),
      ),
    });
    if (key) byKey.set(key, { params: body, response });
    return send(200, response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const double: StripeDouble = {
    url,
    sessions,
    requests,
    webhookUrl: "",
    event(type, object) {
      const id = `evt_${randomBytes(10).toString("hex")}`;
      const created = Math.floor(opts.now().getTime() / 1000);
      const body = JSON.stringify({
        id,
        object: "event",
        api_version: "2024-06-20",
        created,
        livemode: false,
        type,
        data: { object },
      });
      return { id, body };
    },
    async deliver(body, o = {}) {
      const t = o.timestamp ?? Math.floor(opts.now().getTime() / 1000);
      const v1 = createHmac("sha256", o.secret ?? opts.webhookSecret)
        .update(`${t}.${body}`)
        .digest("hex");
      const res = await fetch(double.webhookUrl, {
        method: "POST",
        headers: {
          "content-type": "application/json; charset=utf-8",
          "stripe-signature": o.header ?? `t=${t},v1=${v1}`,
        },
        body,
      });
      return { status: res.status, body: await res.text() };
    },
    completed(sessionId, payerName = "Jeanne Martin") {
      const s = sessions.get(sessionId)!;
      return double.event("checkout.session.completed", {
        id: s.id,
        object: "checkout.session",
        amount_total: s.amount,
        currency: s.currency,
        payment_intent: s.paymentIntent,
        payment_status: "paid",
        status: "complete",
        customer_details: { name: payerName, email: "jeanne@example.test" },
        metadata: Object.fromEntries(
          [...s.params.entries()]
            .filter(([k]) => k.startsWith("metadata["))
            .map(([k, v]) => [k.slice("metadata[".length, -1), v]),
        ),
      });
    },
    refunded(sessionId, totalRefunded) {
      const s = sessions.get(sessionId)!;
      return double.event("charge.refunded", {
        id: s.chargeId,
        object: "charge",
        amount: s.amount,
        amount_refunded: totalRefunded,
        refunded: totalRefunded === s.amount,
        payment_intent: s.paymentIntent,
        currency: s.currency,
      });
    },
    disputed(sessionId, amount) {
      const s = sessions.get(sessionId)!;
      return double.event("charge.dispute.created", {
        id: `dp_${randomBytes(6).toString("hex")}`,
        object: "dispute",
        amount,
        charge: s.chargeId,
        payment_intent: s.paymentIntent,
        currency: s.currency,
        reason: "fraudulent",
        status: "needs_response",
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return double;
}
