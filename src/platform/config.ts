import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

// The only module that reads process.env (STYLE.md point 3). Everything else receives a Config.

const optionalUrl = z.url().optional();

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  RELANCE_DATA_DIR: z.string().min(1).default("./.relance"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  PUBLIC_URL: optionalUrl,
  RELANCE_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
  TRUST_PROXY: z.enum(["true", "false"]).default("false"),
  TWILIO_API_URL: z.url().default("https://api.twilio.com"),
  TWILIO_ACCOUNT_SID: z.string().optional(),
  TWILIO_AUTH_TOKEN: z.string().optional(),
  TWILIO_FROM: z.string().optional(),
  DEEPGRAM_API_URL: z.url().default("wss://api.deepgram.com"),
  DEEPGRAM_API_KEY: z.string().optional(),
  DEEPGRAM_MODEL: z.string().min(1).default("nova-3"),
  TTS_BASE_URL: optionalUrl,
  TTS_API_KEY: z.string().optional(),
  TTS_MODEL: z.string().optional(),
  TTS_VOICE: z.string().optional(),
  VOICE_PROVIDER: z.enum(["auto", "off"]).default("auto"),
  STT_BASE_URL: optionalUrl,
  STT_API_KEY: z.string().optional(),
  STT_MODEL: z.string().optional(),
  STT_SIMULATION_URL: optionalUrl,
  LLM_BASE_URL: optionalUrl,
  LLM_API_KEY: z.string().optional(),
  LLM_MODEL: z.string().optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL")
    .optional(),
  SMTP_FROM: z.string().min(3).default("Relance <relances@relance.localhost>"),
  SMTP_REPLY_TO: z.string().optional(),
  EMAIL_TRACKING: z.enum(["true", "false"]).default("true"),
  EMAIL_WEBHOOK_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
  SMS_COST_PER_SEGMENT_CENTS: z.coerce.number().int().min(0).default(8),
  POSTAL_PROVIDER: z.enum(["sandbox", "maileva"]).default("sandbox"),
  MAILEVA_API_URL: z.url().default("https://api.maileva.com"),
  MAILEVA_AUTH_URL: z
    .url()
    .default("https://connexion.maileva.com/auth/realms/services/protocol/openid-connect/token"),
  MAILEVA_CLIENT_ID: z.string().optional(),
  MAILEVA_CLIENT_SECRET: z.string().optional(),
  MAILEVA_USERNAME: z.string().optional(),
  MAILEVA_PASSWORD: z.string().optional(),
  STRIPE_API_URL: z.url().default("https://api.stripe.com"),
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  RELANCE_RECOVERY_RATES: z.string().min(1).optional(),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  env: Env["NODE_ENV"];
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  publicUrl: string;
  secret: string;
  logLevel: Env["LOG_LEVEL"];
  sessionTtlHours: number;
  loginRateLimit: number;
  /** Honour X-Forwarded-For: only behind a reverse proxy that sets it, or clients could pick their address. */
  trustProxy: boolean;
  /** JSON file with the expected-recovery table of the portfolio audit; the built-in table when unset. */
  recoveryRatesFile: string | undefined;
  providers: {
    twilio: { apiUrl: string; accountSid?: string; authToken?: string; from?: string };
    deepgram: { apiUrl: string; apiKey?: string; model: string };
    tts: { baseUrl?: string; apiKey?: string; model?: string; voice?: string };
    /** `simulationUrl`: a carrier double's transcript feed (offline runs, speech/simulated-stt.ts). */
    stt: { baseUrl?: string; apiKey?: string; model?: string; simulationUrl?: string };
    /** `off`: no voice provider, call steps wait in the outbox (an agency that does not call). */
    voice: "auto" | "off";
    llm: { baseUrl?: string; apiKey?: string; model?: string };
    smtp: { url?: string; from: string; replyTo?: string; tracking: boolean; webhookSecret?: string };
    sms: { costPerSegmentCents: number };
    postal: {
      provider: "sandbox" | "maileva";
      maileva: {
        apiUrl: string;
        authUrl: string;
        clientId?: string;
        clientSecret?: string;
        username?: string;
        password?: string;
      };
    };
    stripe: { apiUrl: string; secretKey?: string; webhookSecret?: string };
  };
}

export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  ${i.variable}: ${i.message}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses the environment once. A bad value stops start-up with a message naming the variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? "?"),
        message: issue.message,
      })),
    );
  }
  const e = parsed.data;
  if (e.POSTAL_PROVIDER === "maileva") {
    const missing = (
      ["MAILEVA_CLIENT_ID", "MAILEVA_CLIENT_SECRET", "MAILEVA_USERNAME", "MAILEVA_PASSWORD"] as const
    ).filter((k) => !e[k]);
    if (missing.length > 0) {
      throw new ConfigError(
        missing.map((variable) => ({ variable, message: "is required when POSTAL_PROVIDER=maileva" })),
      );
    }
  }
  const dataDir = path.resolve(e.RELANCE_DATA_DIR);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ""),
    secret: e.RELANCE_SECRET ?? readOrCreateSecret(dataDir),
    logLevel: e.LOG_LEVEL,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    trustProxy: e.TRUST_PROXY === "true",
    recoveryRatesFile: e.RELANCE_RECOVERY_RATES ? path.resolve(e.RELANCE_RECOVERY_RATES) : undefined,
    providers: {
      twilio: {
        apiUrl: e.TWILIO_API_URL,
        accountSid: e.TWILIO_ACCOUNT_SID,
        authToken: e.TWILIO_AUTH_TOKEN,
        from: e.TWILIO_FROM,
      },
      deepgram: { apiUrl: e.DEEPGRAM_API_URL, apiKey: e.DEEPGRAM_API_KEY, model: e.DEEPGRAM_MODEL },
      tts: { baseUrl: e.TTS_BASE_URL, apiKey: e.TTS_API_KEY, model: e.TTS_MODEL, voice: e.TTS_VOICE },
      stt: {
        baseUrl: e.STT_BASE_URL,
        apiKey: e.STT_API_KEY,
        model: e.STT_MODEL,
        simulationUrl: e.STT_SIMULATION_URL,
      },
      voice: e.VOICE_PROVIDER,
      llm: { baseUrl: e.LLM_BASE_URL, apiKey: e.LLM_API_KEY, model: e.LLM_MODEL },
      smtp: {
        url: e.SMTP_URL,
        from: e.SMTP_FROM,
        replyTo: e.SMTP_REPLY_TO,
        tracking: e.EMAIL_TRACKING === "true",
        webhookSecret: e.EMAIL_WEBHOOK_SECRET,
      },
      sms: { costPerSegmentCents: e.SMS_COST_PER_SEGMENT_CENTS },
      postal: {
        provider: e.POSTAL_PROVIDER,
        maileva: {
          apiUrl: e.MAILEVA_API_URL,
          authUrl: e.MAILEVA_AUTH_URL,
          clientId: e.MAILEVA_CLIENT_ID,
          clientSecret: e.MAILEVA_CLIENT_SECRET,
          username: e.MAILEVA_USERNAME,
          password: e.MAILEVA_PASSWORD,
        },
      },
      stripe: {
        apiUrl: e.STRIPE_API_URL,
        secretKey: e.STRIPE_SECRET_KEY,
        webhookSecret: e.STRIPE_WEBHOOK_SECRET,
      },
    },
  };
}

// When RELANCE_SECRET is unset, a random secret is generated once and kept in the data dir so that
// sessions and signed links survive restarts.
function readOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, "secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  return secret;
}
