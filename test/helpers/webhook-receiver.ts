import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface WebhookReceiver {
  /** Where to point a creditor's endpoint: a loopback URL. */
  url: string;
  /** Every request received, in arrival order, with its raw body for signature checks. */
  received: { headers: IncomingHttpHeaders; body: string }[];
  close(): Promise<void>;
}

/** A creditor's webhook receiver on loopback that answers 200 to everything and keeps what it got. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: WebhookReceiver["received"] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/relance`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
