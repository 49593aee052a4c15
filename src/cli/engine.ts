import { sandboxChannel } from "../channels/sandbox-channel";
import type { ChannelRegistry } from "../collection/channel";
import { lawGate } from "../collection/law-gate";
import type { EngineDeps } from "../collection/worker";
import { reviewCommitments } from "../payments/review-commitments";
import type { Db } from "../platform/db/client";

// The engine's composition: the law kernel as gate, and the providers for each channel. Email, SMS and
// letters go to the embedded sandbox until their real adapters are configured; voice calls have no
// provider yet, so call steps wait in the outbox until the voice capability picks them up.

export function sandboxChannels(db: Db, now: () => Date): ChannelRegistry {
  return {
    email: sandboxChannel(db, "sandbox-email", now),
    sms: sandboxChannel(db, "sandbox-sms", now),
    letter: sandboxChannel(db, "sandbox-post", now),
    registered_letter: sandboxChannel(db, "sandbox-post", now),
  };
}

export function engineDeps(db: Db, now: () => Date): EngineDeps {
  return {
    db,
    gate: lawGate(),
    channels: sandboxChannels(db, now),
    now,
    // Broken promises and missed instalments release their holds before the scheduler plans.
    beforePass: (at) => reviewCommitments(db, at),
  };
}
