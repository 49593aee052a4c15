import type { ScenarioChannel, StepOutcome } from "./scenario";

// Collection knows the channels only through this interface (DESIGN.md "How data flows"): email, SMS,
// letters and voice implement it and are wired together in the composition root.

export interface OutboundAction {
  outboxId: string;
  idempotencyKey: string;
  creditorId: string;
  caseId: string;
  channel: ScenarioChannel;
  template: string;
  persona: string | null;
  attempt: number;
  payload: Record<string, unknown>;
}

export type SendResult =
  | { status: "sent"; provider: string; providerRef: string; outcome?: StepOutcome }
  | { status: "failed"; provider: string; error: string; retryable: boolean };

/** What the provider knows of an action, looked up by its idempotency key after a crash. */
export type ProviderStatus =
  | {
      status: "sent" | "delivered";
      providerRef: string;
      outcome?: StepOutcome;
      /** When the provider took the action, as far as it is known; reconciliation records it as sent then. */
      sentAt?: Date;
    }
  | { status: "failed"; error: string }
  | { status: "not_found" };

export interface Channel {
  readonly provider: string;
  /** At most this many sends in flight at once for this provider. */
  readonly concurrency: number;
  send(action: OutboundAction): Promise<SendResult>;
  status(idempotencyKey: string): Promise<ProviderStatus>;
}

export type ChannelRegistry = Partial<Record<ScenarioChannel, Channel>>;

/** Embedded providers (sandbox-email, sandbox-sms, sandbox-post, sandbox-voice) reach no one for real. */
export function isSandbox(channel: Channel): boolean {
  return channel.provider.startsWith("sandbox");
}
