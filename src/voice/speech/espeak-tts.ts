import { spawn } from "node:child_process";
import type { Locale } from "../../platform/i18n";
import type { TextToSpeech } from "./speech";
import { wavToMulaw } from "./wav";

// Offline synthesis with espeak-ng (Debian package, GPL-3.0-or-later, run as a subprocess so nothing
// links it). Robotic but intelligible, about 15 ms a sentence: the default when no TTS provider is set.

const VOICES: Record<Locale, string> = { fr: "fr", en: "en" };

export function espeakTts(options: { binary?: string; wordsPerMinute?: number } = {}): TextToSpeech {
  const binary = options.binary ?? "espeak-ng";
  const wpm = String(options.wordsPerMinute ?? 165);
  return {
    name: "espeak-ng",
    synthesize(text, locale) {
      return new Promise((resolve, reject) => {
        // The text goes on stdin, never on the command line: it could start with a dash.
        const child = spawn(binary, ["-v", VOICES[locale], "-s", wpm, "--stdout"], {
          stdio: ["pipe", "pipe", "ignore"],
        });
        const chunks: Buffer[] = [];
        child.stdout.on("data", (c: Buffer) => chunks.push(c));
        child.on("error", reject);
        child.on("close", (code) => {
          if (code !== 0) return reject(new Error(`espeak-ng exited with ${code}`));
          try {
            resolve(wavToMulaw(new Uint8Array(Buffer.concat(chunks))));
          } catch (error) {
            reject(error);
          }
        });
        child.stdin.end(text);
      });
    },
  };
}
