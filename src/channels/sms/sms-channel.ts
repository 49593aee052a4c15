import { markContactPointInvalid, optOutContactPoint } from "../../cases/contact-feedback";
import type { Channel, OutboundAction, ProviderStatus, SendResult } from "../../collection/channel";
import {
  beginMessage,
  completeMessage,
  failMessage,
  findMessage,
  notSendable,
  type OutboundDeps,
  prepareMessage,
  statusFromLog,
} from "../outbound";
import { countSegments } from "../templates/gsm7";
import { renderSms } from "../templates/render";
import type { SmsProvider } from "./twilio";

// SMS: the template's short form in the GSM alphabet where possible, its segments counted and costed,
// delivery reported by the provider's status callback, a wrong number marked invalid.

export interface SmsChannelOptions {
  costPerSegmentCents: number;
  /** Public base URL for status callbacks; null when the provider needs none (sandbox). */
  callbackBaseUrl: string | null;
  concurrency?: number;
}

export function smsChannel(deps: OutboundDeps, provider: SmsProvider, options: SmsChannelOptions): Channel {
  const name = provider.provider;
  return {
    provider: name,
    concurrency: options.concurrency ?? 4,
    async send(action: OutboundAction): Promise<SendResult> {
      let prepared: Awaited<ReturnType<typeof prepareMessage>>;
      try {
        prepared = await prepareMessage(deps, action, "phone", "sms", (t, v) => renderSms(t, v).text);
      } catch (error) {
        return notSendable(name, error);
      }
      const body = renderSms(prepared.template, prepared.vars).text;
      const count = countSegments(body);
      const row = await beginMessage(deps, action, prepared, name, {
        segments: count.segments,
        costCents: count.segments * options.costPerSegmentCents,
      });
      const statusCallback = options.callbackBaseUrl
        ? `${options.callbackBaseUrl}/webhooks/twilio/sms/status?m=${row.id}`
        : null;
      const delivery = await provider.send(action, { to: prepared.contact.value, body, statusCallback });
      if (!delivery.ok) {
        await failMessage(deps, action.idempotencyKey, delivery.error);
        const contactId = prepared.contact.id;
        if (contactId && (delivery.invalidNumber || delivery.optedOut)) {
          const actor = { type: "provider" as const, id: name };
          await deps.db.transaction((tx) =>
            delivery.optedOut
              ? optOutContactPoint(tx, contactId, "sms", "provider_opt_out", actor, deps.now())
              : markContactPointInvalid(tx, contactId, `sms refused: ${delivery.error}`, actor, deps.now()),
          );
        }
        return { status: "failed", provider: name, error: delivery.error, retryable: !delivery.permanent };
      }
      await completeMessage(
        deps.db,
        action.idempotencyKey,
        { providerRef: delivery.providerRef, status: delivery.status, outcome: delivery.status },
        deps.now(),
      );
      return { status: "sent", provider: name, providerRef: delivery.providerRef, outcome: delivery.status };
    },
    async status(idempotencyKey: string): Promise<ProviderStatus> {
      const row = await findMessage(deps.db, idempotencyKey);
      if (row?.providerRef && row.status === "sent") {
        // The log may lag the provider (a callback lost): ask the provider itself.
        const now = await provider.fetch(row.providerRef).catch(() => null);
        if (now === "failed") return { status: "failed", error: "provider reports the message failed" };
        if (now === "delivered")
          return {
            status: "delivered",
            providerRef: row.providerRef,
            outcome: "delivered",
            sentAt: row.updatedAt,
          };
      }
      return statusFromLog(deps.db, idempotencyKey, () => provider.received(idempotencyKey), deps.now());
    },
  };
}
