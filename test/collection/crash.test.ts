import { describe, expect, it } from "vitest";
import { crashCampaign } from "../helpers/crash-campaign";

// Kill -9 the engine at random moments while it replays a campaign, restart it each time, and check
// afterwards that every intended action exists exactly once and the sandbox providers received none
// twice and lost none, compared with the same campaign run without a crash. The same check at a larger
// scale is `npm run bench crash` (docs/benchmarks.md).
//
// PostgreSQL pass only: some forty engine restarts take minutes on the embedded store, and the property
// is the engine's, not the store's.

describe.skipIf(!process.env.DATABASE_URL)("crash safety", () => {
  it("survives kill -9 at random moments: every action once, nothing delivered twice, nothing lost", async () => {
    const outcome = await crashCampaign({
      cases: 40,
      from: "2026-11-23T08:00:00.000Z",
      until: "2027-01-20T08:00:00.000Z",
    });
    expect(outcome.kills).toBeGreaterThanOrEqual(20);
    expect(outcome.deliveredTwice).toBe(0);
    expect(outcome.unmatched).toBe(0);
    expect(outcome.unmatchedCalls).toBe(0);
    expect(outcome.inFlight).toBe(0);
    expect(outcome.reference.length).toBeGreaterThan(40);
    // The crashed run ends where the uninterrupted one does: the same actions, in the same states.
    expect(outcome.crashed).toEqual(outcome.reference);
  }, 900_000);
});
