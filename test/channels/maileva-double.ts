import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// A local stand-in for Maileva's REST API v2: OAuth2 password grant, sendings created as drafts, a PDF
// document (multipart), a recipient, submit, and the sending's status.

export interface Sending {
  id: string;
  kind: "mail" | "registered_mail";
  body: Record<string, unknown>;
  documents: { bytes: number; metadata: string }[];
  recipients: Record<string, unknown>[];
  status: string;
  deleted: boolean;
}

export interface MailevaDouble {
  url: string;
  authUrl: string;
  sendings: Sending[];
  failNextSubmit: boolean;
  close(): Promise<void>;
}

export async function startMailevaDouble(client: {
  id: string;
  secret: string;
  user: string;
  password: string;
}): Promise<MailevaDouble> {
  const state: MailevaDouble = {
    url: "",
    authUrl: "",
    sendings: [],
    failNextSubmit: false,
    close: async () => {},
  };
  const token = "maileva-access-token";
  let n = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const json = (status: number, body?: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(body === undefined ? "" : JSON.stringify(body));
      };
      if (req.method === "POST" && req.url === "/auth/token") {
        const form = new URLSearchParams(raw.toString());
        const basic = `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString("base64")}`;
        if (
          req.headers.authorization !== basic ||
          form.get("grant_type") !== "password" ||
          form.get("username") !== client.user ||
          form.get("password") !== client.password
        ) {
          return json(401, { error: "invalid_grant" });
        }
        return json(200, { access_token: token, token_type: "Bearer", expires_in: 900 });
      }
      if (req.headers.authorization !== `Bearer ${token}`) return json(401, { code: "unauthorized" });
      const m =
        /^\/(mail|registered_mail)\/v2\/sendings(?:\/([^/]+))?(?:\/(documents|recipients|submit))?$/.exec(
          req.url ?? "",
        );
      if (!m) return json(404, { code: "not_found" });
      const [, kind, id, sub] = m as unknown as [
        string,
        "mail" | "registered_mail",
        string | undefined,
        string | undefined,
      ];
      if (!id && req.method === "POST") {
        const sending: Sending = {
          id: `snd-${++n}-0000`,
          kind,
          body: JSON.parse(raw.toString()),
          documents: [],
          recipients: [],
          status: "DRAFT",
          deleted: false,
        };
        state.sendings.push(sending);
        return json(201, { id: sending.id, status: sending.status });
      }
      const sending = state.sendings.find((s) => s.id === id && s.kind === kind && !s.deleted);
      if (!sending) return json(404, { code: "not_found" });
      if (!sub && req.method === "GET") return json(200, { id: sending.id, status: sending.status });
      if (!sub && req.method === "DELETE") {
        if (sending.status !== "DRAFT") return json(400, { code: "not_draft" });
        sending.deleted = true;
        return json(204);
      }
      if (sub === "documents" && req.method === "POST") {
        const text = raw.toString("latin1");
        if (
          !/multipart\/form-data/.test(req.headers["content-type"] ?? "") ||
          !text.includes('name="document"') ||
          !text.includes("%PDF-")
        ) {
          return json(400, { code: "bad_document" });
        }
        const metadata = /name="metadata"\r\n(?:[^\r\n]+\r\n)*\r\n([^\r\n]+)/.exec(text)?.[1] ?? "";
        sending.documents.push({ bytes: raw.length, metadata });
        return json(201, { id: `doc-${sending.documents.length}` });
      }
      if (sub === "recipients" && req.method === "POST") {
        sending.recipients.push(JSON.parse(raw.toString()));
        return json(201, { id: `rcp-${sending.recipients.length}` });
      }
      if (sub === "submit" && req.method === "POST") {
        if (state.failNextSubmit) {
          state.failNextSubmit = false;
          return json(503, { code: "unavailable" });
        }
        if (sending.documents.length === 0 || sending.recipients.length === 0)
          return json(400, { code: "incomplete" });
        sending.status = "ACCEPTED";
        return json(200, { id: sending.id, status: sending.status });
      }
      json(405, { code: "method" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.authUrl = `${state.url}/auth/token`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
