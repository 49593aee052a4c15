import type { Command } from "commander";
import { loadContactPolicies } from "../cases/contact-rules";
import { lawGate } from "../collection/law-gate";
import { validationError } from "../platform/errors";
import { buildServer } from "../platform/http/server";
import { PERSONAS, type PersonaKey } from "../voice/personas/persona";
import { placeCallNow } from "../voice/place-call-now";
import { voiceChannel } from "./engine";
import { openRuntime } from "./runtime";

// `relance call <case>`: one call now through the configured voice provider (Twilio, or the sandbox's
// simulated debtor), judged by the law kernel like any planned call. Over Twilio the media stream comes
// back to this process, so it serves HTTP on PORT (reachable at PUBLIC_URL) until the call has ended.

interface CallOptions {
  persona: string;
  to?: string;
  json?: boolean;
}

export function registerCallCommand(program: Command, onError: (error: unknown) => never): void {
  program
    .command("call")
    .description("Place one call now (the law kernel still decides) and print its outcome")
    .argument("<case>", "case id or reference")
    .option("--persona <persona>", `voice agent: ${PERSONAS.join(", ")}`, "courteous")
    .option("--to <phone>", "one of the debtor's phone numbers (default: the first reachable one)")
    .option("--json", "machine-readable output")
    .action(async (caseRef: string, opts: CallOptions) => {
      if (!(PERSONAS as readonly string[]).includes(opts.persona))
        throw validationError([
          { field: "--persona", message: `must be one of ${PERSONAS.join(", ")}`, value: opts.persona },
        ]);
      const rt = await openRuntime({ logLevel: "warn" });
      const now = () => rt.clock.now();
      const channel = voiceChannel(rt.database.db, now, rt.config);
      const server =
        channel.provider === "twilio"
          ? await buildServer({
              config: rt.config,
              database: rt.database,
              clock: rt.clock,
              logger: rt.logger,
            })
          : null;
      try {
        await server?.listen({ port: rt.config.port, host: rt.config.host });
        const result = await placeCallNow(
          { db: rt.database.db, gate: lawGate(await loadContactPolicies(rt.database.db)), channel, now },
          { caseRef, persona: opts.persona as PersonaKey, to: opts.to },
        );
        console.log(
          opts.json
            ? JSON.stringify(result, null, 2)
            : result.placed
              ? `Call ${result.callId} (${result.provider}): ${result.outcome ?? result.status}`
              : `Not called: ${result.reason}${result.nextAllowedAt ? ` (next allowed ${result.nextAllowedAt})` : ""}`,
        );
        if (!result.placed) process.exitCode = 2;
      } catch (error) {
        await server?.close();
        await rt.close();
        onError(error);
      }
      await server?.close();
      await rt.close();
    });
}
