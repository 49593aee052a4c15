import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { twilioSignature, verifyTwilioSignature } from "../../src/platform/twilio-signature";
import { decodeMulaw } from "../../src/voice/audio/mulaw";
import { espeakTts } from "../../src/voice/speech/espeak-tts";
import { openAiTts } from "../../src/voice/speech/openai-speech";
import { sentences } from "../../src/voice/speech/speech";
import { parseWav, wavFromPcm } from "../../src/voice/speech/wav";
import { signCallToken, verifyCallToken } from "../../src/voice/twilio/call-token";
import { streamTwiml } from "../../src/voice/twilio/twilio-voice-channel";

const hasEspeak = (() => {
  if (process.env.RELANCE_REQUIRE_ESPEAK === "1") return true;
  try {
    execFileSync("espeak-ng", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

describe("Twilio request signatures and call tokens", () => {
  it("computes Twilio's documented example signature and refuses any change", () => {
    const url = "https://mycompany.com/myapp.php?foo=1&bar=2";
    const params = {
      CallSid: "CA1234567890ABCDE",
      Caller: "+12349013030",
      Digits: "1234",
      From: "+12349013030",
      To: "+18005551212",
    };
    expect(twilioSignature("12345", url, params)).toBe("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
    expect(verifyTwilioSignature("12345", "0/KCTR6DLpKmkAf8muzZqo1nDgQ=", url, params)).toBe(true);
    expect(
      verifyTwilioSignature("12345", "0/KCTR6DLpKmkAf8muzZqo1nDgQ=", url, { ...params, Digits: "1235" }),
    ).toBe(false);
    expect(verifyTwilioSignature("12345", undefined, url, params)).toBe(false);
  });

  it("a call token names its call only when signed with our secret", () => {
    const secret = "s".repeat(40);
    const token = signCallToken(secret, "7f1c0a3e-0000-4000-8000-000000000001");
    expect(verifyCallToken(secret, token)).toBe("7f1c0a3e-0000-4000-8000-000000000001");
    expect(verifyCallToken("t".repeat(40), token)).toBeNull();
    expect(verifyCallToken(secret, token.replace("0001", "0002"))).toBeNull();
    expect(verifyCallToken(secret, undefined)).toBeNull();
  });

  it("the TwiML connects a stream without a query string and escapes its parameters", () => {
    const twiml = streamTwiml("https://relance.example", 'a"b<c', 2);
    expect(twiml).toContain('<Connect><Stream url="wss://relance.example/voice/twilio/stream">');
    expect(twiml).toContain('<Parameter name="token" value="a&quot;b&lt;c"/>');
    expect(twiml).toContain('<Parameter name="attempt" value="2"/>');
  });
});

describe("speech adapters", () => {
  it("splits a line into sentences so the first can be spoken early", () => {
    expect(sentences("Bonjour. Je suis Lucien, un assistant! Vous m'entendez ?")).toEqual([
      "Bonjour.",
      "Je suis Lucien, un assistant!",
      "Vous m'entendez ?",
    ]);
  });

  it("the OpenAI-compatible synthesis posts to /audio/speech and turns its WAV into 8 kHz μ-law", async () => {
    const seen: { url?: string; auth?: string; body?: Record<string, unknown> } = {};
    const server = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      seen.url = req.url;
      seen.auth = req.headers.authorization;
      seen.body = JSON.parse(Buffer.concat(chunks).toString());
      // 100 ms of a 24 kHz sine, as OpenAI's WAV would carry it.
      const pcm = new Int16Array(2400);
      for (let i = 0; i < pcm.length; i++)
        pcm[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / 24000));
      res.writeHead(200, { "content-type": "audio/wav" }).end(Buffer.from(wavFromPcm(pcm, 24000)));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    try {
      const tts = openAiTts({ baseUrl: base, apiKey: "k", model: "tts-1", voice: "nova" });
      const audio = await tts.synthesize("Bonjour.", "fr");
      expect(seen).toMatchObject({
        url: "/v1/audio/speech",
        auth: "Bearer k",
        body: { model: "tts-1", input: "Bonjour.", voice: "nova", response_format: "wav" },
      });
      expect(audio.length).toBe(800);
      const peak = Math.max(...decodeMulaw(audio).map(Math.abs));
      expect(peak).toBeGreaterThan(6000);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it("reads WAV written to a pipe, whose size fields are unknown", () => {
    const wav = wavFromPcm(new Int16Array([1, -2, 3, -4]), 22050);
    new DataView(wav.buffer).setUint32(40, 0x7ffffff0, true);
    expect(Array.from(parseWav(wav).samples)).toEqual([1, -2, 3, -4]);
  });

  it.skipIf(!hasEspeak)("espeak-ng speaks French as 8 kHz μ-law the phone line carries", async () => {
    const audio = await espeakTts().synthesize("Bonjour, je suis un assistant.", "fr");
    // About two seconds of speech, not silence.
    expect(audio.length).toBeGreaterThan(8000);
    const loud = decodeMulaw(audio).filter((s) => Math.abs(s) > 2000).length;
    expect(loud).toBeGreaterThan(1000);
  });
});
