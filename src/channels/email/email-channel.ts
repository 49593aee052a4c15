import { markContactPointInvalid } from "../../cases/contact-feedback";
import type { Channel, OutboundAction, ProviderStatus, SendResult } from "../../collection/channel";
import {
  beginMessage,
  completeMessage,
  failMessage,
  notSendable,
  type OutboundDeps,
  prepareMessage,
  statusFromLog,
} from "../outbound";
import { renderEmail } from "../templates/render";
import { instrumentHtml } from "./tracking";
import type { EmailTransport } from "./transports";

// Email: the template's HTML and text parts, the portal link in each, opens and clicks tracked through
// the platform's own routes, a refused address marked invalid on the spot.

export interface EmailChannelOptions {
  from: string;
  replyTo?: string;
  /** Base URL the tracking routes answer on (PUBLIC_URL); null turns tracking off. */
  trackingBaseUrl: string | null;
  secret: string;
  concurrency?: number;
}

export function emailChannel(
  deps: OutboundDeps,
  transport: EmailTransport,
  options: EmailChannelOptions,
): Channel {
  const provider = transport.provider;
  return {
    provider,
    concurrency: options.concurrency ?? 4,
    async send(action: OutboundAction): Promise<SendResult> {
      let prepared: Awaited<ReturnType<typeof prepareMessage>>;
      try {
        prepared = await prepareMessage(deps, action, "email", "email", (t, v) => renderEmail(t, v).text);
      } catch (error) {
        return notSendable(provider, error);
      }
      const email = renderEmail(prepared.template, prepared.vars);
      const row = await beginMessage(deps, action, prepared, provider, { links: email.links });
      const html = options.trackingBaseUrl
        ? instrumentHtml(email.html, email.links, options.trackingBaseUrl, options.secret, row.id)
        : email.html;
      const delivery = await transport.deliver(action, {
        from: options.from,
        replyTo: options.replyTo,
        to: prepared.contact.value,
        subject: email.subject,
        text: email.text,
        html,
        messageId: row.id,
      });
      if (!delivery.ok) {
        await failMessage(deps, action.idempotencyKey, delivery.error);
        if (delivery.permanent) {
          if (delivery.bounce && prepared.contact.id) {
            const contactId = prepared.contact.id;
            await deps.db.transaction((tx) =>
              markContactPointInvalid(
                tx,
                contactId,
                `email bounced: ${delivery.error}`,
                { type: "provider", id: provider },
                deps.now(),
              ),
            );
          }
        }
        return { status: "failed", provider, error: delivery.error, retryable: !delivery.permanent };
      }
      const status = transport.real ? "sent" : "delivered";
      await completeMessage(
        deps.db,
        action.idempotencyKey,
        { providerRef: delivery.providerRef, status, outcome: status },
        deps.now(),
      );
      return { status: "sent", provider, providerRef: delivery.providerRef, outcome: status };
    },
    // "sending" or nothing in the log: only a transport that keeps what it received can tell; SMTP cannot,
    // so the dispatcher sends again and the timeline records the resend (message.resent).
    status: (idempotencyKey: string): Promise<ProviderStatus> =>
      statusFromLog(deps.db, idempotencyKey, () => transport.received(idempotencyKey), deps.now()),
  };
}
