import { timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { AppError } from "../../platform/errors";
import type { App, AppDeps } from "../../platform/http/types";
import { verifyTwilioSignature } from "../../platform/twilio-signature";
import { parseDsn } from "../email/dsn";
import { recordBounce, recordClick, recordOpen } from "../email/engagement";
import { PIXEL_GIF, verifyClickToken, verifyOpenToken } from "../email/tracking";
import { recordInboundSms, recordSmsStatus } from "../sms/feedback";

// Routes the outside world calls about messages: the email open pixel and click redirect (readers),
// the bounce webhook (mail servers), Twilio's status callbacks and inbound SMS. None is in the public
// API description; each authenticates its caller its own way (signed token, shared secret, signature).

const formSchema = z.record(z.string(), z.string());

function sameSecret(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function registerChannelRoutes(app: App, deps: AppDeps): void {
  const { config, clock } = deps;
  const db = deps.database.db;

  app.get(
    "/t/o/:token",
    { schema: { hide: true, params: z.object({ token: z.string().max(200) }) } },
    async (req, reply) => {
      const id = verifyOpenToken(config.secret, req.params.token.replace(/\.gif$/, ""));
      if (id) await recordOpen(db, id, clock.now());
      // Always the pixel: a broken image tells nothing, and a forged token learns nothing.
      return reply.header("cache-control", "no-store").type("image/gif").send(PIXEL_GIF);
    },
  );

  app.get(
    "/t/c/:token",
    { schema: { hide: true, params: z.object({ token: z.string().max(200) }) } },
    async (req, reply) => {
      const parsed = verifyClickToken(config.secret, req.params.token);
      const url = parsed ? await recordClick(db, parsed.messageId, parsed.linkIndex, clock.now()) : null;
      if (!url) throw new AppError("not_found", "This link is not valid");
      return reply.header("cache-control", "no-store").redirect(url, 302);
    },
  );

  app.register(async (hooks) => {
    const scoped = hooks as unknown as App;
    for (const type of ["message/rfc822", "multipart/report", "message/delivery-status"]) {
      scoped.addContentTypeParser(type, { parseAs: "string" }, (_req, body, done) => done(null, body));
    }
    scoped.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string" },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
    );

    // A DSN forwarded by the mail system (the raw report as the body), authenticated by a shared secret.
    scoped.post("/webhooks/email/bounces", { schema: { hide: true } }, async (req, reply) => {
      const secret = config.providers.smtp.webhookSecret;
      if (!secret) throw new AppError("not_found", "Bounce webhook is not configured");
      // Not the Authorization header: that one carries creditor API keys on this server.
      const given = req.headers["x-relance-webhook-secret"];
      if (!sameSecret(typeof given === "string" ? given : undefined, secret))
        throw new AppError("unauthenticated", "Missing or wrong webhook secret");
      if (typeof req.body !== "string")
        throw new AppError("validation_failed", "Expected the raw DSN message");
      const result = await recordBounce(db, parseDsn(req.body), clock.now());
      return reply.send(result);
    });

    const twilioVerified = (req: { url: string; headers: Record<string, unknown>; body: unknown }) => {
      const token = config.providers.twilio.authToken;
      if (!token) throw new AppError("not_found", "Twilio is not configured");
      const params = formSchema.safeParse(req.body);
      if (
        !params.success ||
        !verifyTwilioSignature(
          token,
          req.headers["x-twilio-signature"] as string | undefined,
          `${config.publicUrl}${req.url}`,
          params.data,
        )
      ) {
        throw new AppError("forbidden", "Invalid Twilio signature");
      }
      return params.data;
    };

    scoped.post("/webhooks/twilio/sms/status", { schema: { hide: true } }, async (req, reply) => {
      const params = twilioVerified(req);
      const m = (req.query as Record<string, string>).m;
      if (m && params.MessageSid && params.MessageStatus) {
        await recordSmsStatus(
          db,
          m,
          { messageSid: params.MessageSid, status: params.MessageStatus, errorCode: params.ErrorCode },
          clock.now(),
        );
      }
      return reply.status(204).send();
    });

    scoped.post("/webhooks/twilio/sms/inbound", { schema: { hide: true } }, async (req, reply) => {
      const params = twilioVerified(req);
      if (params.From && params.Body !== undefined)
        await recordInboundSms(db, params.From, params.Body, clock.now());
      return reply.type("text/xml").send('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    });
  });
}
