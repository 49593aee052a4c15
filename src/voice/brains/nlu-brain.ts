import { understand } from "../nlu/understand";
import type { Brain } from "./brain";

/** The built-in French understanding: rules, no network, well under a millisecond a turn. */
export const nluBrain: Brain = {
  name: "builtin-nlu",
  async interpret(turn) {
    return { understanding: understand(turn.text, turn.now, turn.timeZone) };
  },
};
