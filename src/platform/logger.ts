import pino, { type Logger } from "pino";

export type { Logger };

// Personal data never reaches a sink (STYLE.md point 10): known PII keys are dropped at any depth and
// strings that look like an email, a phone number or an IBAN are masked, in the message too.

const PII_KEYS = new Set([
  "email",
  "phone",
  "mobile",
  "name",
  "firstname",
  "lastname",
  "legalname",
  "companyname",
  "iban",
  "bic",
  "address",
  "line1",
  "line2",
  "postalcode",
  "birthdate",
  "password",
  "passwordhash",
  "token",
  "apikey",
  "authorization",
  "cookie",
  "set-cookie",
  "x-csrf-token",
  "csrftoken",
  "secret",
  "to",
  "from",
  "transcript",
]);

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g;
const PHONE = /(?:\+|00)\d[\d .-]{7,16}\d|\b0[1-9](?:[ .-]?\d{2}){4}\b/g;

export function scrubString(value: string): string {
  return value.replace(EMAIL, "[email]").replace(IBAN, "[iban]").replace(PHONE, "[phone]");
}

export function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrubString(value);
  if (value === null || typeof value !== "object" || depth > 6) return value;
  if (value instanceof Error) {
    return {
      type: value.name,
      message: scrubString(value.message),
      stack: value.stack && scrubString(value.stack),
    };
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = PII_KEYS.has(key.toLowerCase()) ? "[redacted]" : scrub(v, depth + 1);
  }
  return out;
}

export interface LoggerOptions {
  level: string;
  destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: "relance" },
      formatters: { log: (obj) => scrub(obj) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((a) => (typeof a === "string" ? scrubString(a) : a));
          return method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
      serializers: {
        err: (err: Error) => scrub(err),
        req: (req: { method?: string; routeOptions?: { url?: string }; id?: string }) => ({
          method: req.method,
          // The route pattern, never the raw URL: portal tokens and search terms stay out of logs.
          route: req.routeOptions?.url,
          id: req.id,
        }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
    },
    options.destination,
  );
}
