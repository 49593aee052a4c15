import nodemailer from "nodemailer";
import type { OutboundAction } from "../../collection/channel";
import type { Db } from "../../platform/db/client";
import { sandboxReceived, storeInSandbox } from "../sandbox-channel";

// Where an email goes: an SMTP relay (nodemailer) in production, the sandbox inbox by default.

export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Our message id, also the DSN envelope id, so bounces find the message. */
  messageId: string;
  replyTo?: string;
}

export type EmailDelivery =
  | { ok: true; providerRef: string }
  | { ok: false; permanent: boolean; bounce: boolean; error: string };

export interface EmailTransport {
  readonly provider: string;
  /** A real relay reports "sent"; the sandbox has delivered the moment it stored the message. */
  readonly real: boolean;
  deliver(action: OutboundAction, mail: OutgoingEmail): Promise<EmailDelivery>;
  /** Whether the transport has the message, for reconciliation; null when it cannot tell. */
  received(idempotencyKey: string): Promise<string | null>;
  close?(): void;
}

export const messageIdHeader = (id: string, domain: string) => `<${id}@${domain}>`;

export function smtpTransport(url: string, domain: string): EmailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    provider: "smtp",
    real: true,
    async deliver(action, mail) {
      try {
        const info = await transporter.sendMail({
          from: mail.from,
          to: mail.to,
          replyTo: mail.replyTo,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: messageIdHeader(mail.messageId, domain),
          headers: { "X-Relance-Case": action.caseId },
          // RFC 3461: ask for a DSN on failure, returning headers only, with our id as ENVID.
          dsn: { id: mail.messageId, return: "headers", notify: ["failure", "delay"], recipient: mail.from },
        });
        if (info.rejected.length > 0) {
          return { ok: false, permanent: true, bounce: true, error: `rejected: ${info.response}` };
        }
        return { ok: true, providerRef: info.messageId };
      } catch (error) {
        const e = error as { responseCode?: number; code?: string; message: string };
        const permanent = (e.responseCode ?? 0) >= 500;
        // A 5xx on RCPT (EENVELOPE) is the receiving server refusing the address: a synchronous bounce.
        return {
          ok: false,
          permanent,
          bounce: permanent && e.code === "EENVELOPE",
          error: e.message.slice(0, 300),
        };
      }
    },
    async received() {
      return null;
    },
    close: () => transporter.close(),
  };
}

export function sandboxEmailTransport(db: Db, now: () => Date): EmailTransport {
  return {
    provider: "sandbox-email",
    real: false,
    async deliver(action, mail) {
      const id = await storeInSandbox(db, action, { ...mail }, now());
      return { ok: true, providerRef: id };
    },
    received: async (key) => (await sandboxReceived(db, key))?.id ?? null,
  };
}
