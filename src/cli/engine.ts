import { writtenChannels } from "../channels/wiring";
import { lawGate } from "../collection/law-gate";
import type { EngineDeps } from "../collection/worker";
import type { Config } from "../platform/config";
import type { Db } from "../platform/db/client";

// The engine's composition: the law kernel as gate, and the providers for each channel. Email, SMS and
// letters are rendered from their templates and go to the providers the configuration names, or to the
// embedded sandbox when none is configured; voice calls have no provider yet, so call steps wait in the
// outbox until the voice capability picks them up.

export function engineDeps(db: Db, now: () => Date, config: Config): EngineDeps {
  return { db, gate: lawGate(), channels: writtenChannels(db, now, config), now };
}
