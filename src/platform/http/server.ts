import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fastifyCookie from "@fastify/cookie";
import fastifyHelmet from "@fastify/helmet";
import fastifyRateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyBaseLogger } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { registerAgencyCaseRoutes } from "../../cases/http/agency-routes";
import { registerBackofficeRoutes } from "../../cases/http/backoffice-routes";
import { registerCaseResourceRoutes } from "../../cases/http/case-resource-routes";
import { registerCreditorCaseRoutes } from "../../cases/http/creditor-routes";
import { registerMessageRoutes } from "../../cases/http/message-routes";
import { registerChannelRoutes } from "../../channels/http/routes";
import { registerSandboxRoutes } from "../../channels/http/sandbox-routes";
import { registerTemplateRoutes } from "../../channels/http/template-routes";
import { registerScenarioRoutes } from "../../collection/http/scenario-routes";
import { registerImportRoutes } from "../../intake/http/import-routes";
import { registerBankRoutes } from "../../payments/http/bank-routes";
import { registerCaseMoneyRoutes } from "../../payments/http/case-money-routes";
import { registerCreditorMoneyRoutes } from "../../payments/http/money-routes";
import { registerRemittanceRoutes } from "../../payments/http/remittance-routes";
import { registerSandboxPspRoutes } from "../../payments/http/sandbox-psp-routes";
import { registerStripeRoutes } from "../../payments/http/stripe-routes";
import { selectPsp } from "../../payments/select-psp";
import { registerDisputeRoutes } from "../../portal/http/dispute-routes";
import { registerPortalAppointmentRoutes } from "../../portal/http/portal-appointment-routes";
import { registerPortalLinkRoutes } from "../../portal/http/portal-link-routes";
import { registerPortalRoutes } from "../../portal/http/portal-routes";
import { registerDashboardRoutes } from "../../reporting/http/dashboard-routes";
import { registerCalendarRoutes } from "../../scheduling/http/calendar-routes";
import { registerLiveCallRoutes } from "../../voice/http/live-call-routes";
import { registerPersonaRoutes } from "../../voice/http/persona-routes";
import { registerTwilioVoiceRoutes } from "../../voice/http/twilio-routes";
import { registerVoiceAgencyRoutes } from "../../voice/http/voice-agency-routes";
import { registerWebhookRoutes } from "../../webhooks/http/routes";
import { registerAuthRoutes } from "../auth/routes";
import { AppError } from "../errors";
import { createLiveEvents } from "../live-events";
import { makeAuthHook } from "./auth-hook";
import { errorHandler } from "./error-handler";
import { type LiveRouteOptions, registerLiveRoutes } from "./live-routes";
import { registerMetrics } from "./metrics";
import type { App, AppDeps } from "./types";

export const WEB_DIST = fileURLToPath(new URL("../../../web/dist", import.meta.url));

export const API_TAGS = [
  { name: "Creditor API", description: "For creditors and their integrations (API key or creditor login)" },
  { name: "Agency", description: "For the agency's back office (agency roles)" },
  { name: "Auth", description: "Login sessions for the web app" },
];

export async function buildServer(given: AppDeps, options: { live?: LiveRouteOptions } = {}): Promise<App> {
  const live = given.live ?? createLiveEvents(given.database, given.logger);
  const deps = { ...given, live };
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    trustProxy: deps.config.trustProxy,
    bodyLimit: 10 * 1024 * 1024,
  }).withTypeProvider() as unknown as App;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.decorateRequest("principal", null);
  app.decorateRequest("sessionToken", null);
  if (!given.live) app.addHook("onClose", () => live.close());

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:", "blob:"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  await app.register(fastifyCookie, { secret: deps.config.secret });
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) =>
      new AppError("rate_limited", `Too many attempts; try again in ${Math.ceil(ctx.ttl / 1000)} s`),
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Relance API",
        version: "1.0.0",
        description:
          "Creditor API of the Relance collection platform. Authenticate with `Authorization: Bearer <API key>`. " +
          "Amounts are integer minor units (cents) with an ISO 4217 currency. Errors are `{ error: { code, message, details } }`.",
      },
      servers: [{ url: deps.config.publicUrl }],
      tags: API_TAGS,
      components: {
        securitySchemes: {
          apiKey: { type: "http", scheme: "bearer", description: "A creditor API key (rl_live_…)" },
          session: { type: "apiKey", in: "cookie", name: "relance_session" },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/api/docs", staticCSP: true });
  app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  registerMetrics(app);
  app.get("/health", { schema: { hide: true } }, async () => {
    await deps.database.exec("select 1");
    return { status: "ok", database: deps.database.kind };
  });

  app.addHook("onRequest", makeAuthHook(deps));
  await app.register(async (api) => {
    const scoped = api as unknown as App;
    registerAuthRoutes(scoped, deps);
    registerLiveRoutes(scoped, deps, options.live);
    registerCreditorCaseRoutes(scoped, deps);
    registerAgencyCaseRoutes(scoped, deps);
    registerCaseResourceRoutes(scoped, deps);
    registerBackofficeRoutes(scoped, deps);
    registerMessageRoutes(scoped, deps);
    registerSandboxRoutes(scoped, deps);
    registerScenarioRoutes(scoped, deps);
    registerDashboardRoutes(scoped, deps);
    registerPortalRoutes(scoped, { ...deps, psp: selectPsp(deps) });
    registerPortalAppointmentRoutes(scoped, deps);
    registerPortalLinkRoutes(scoped, deps);
    registerCalendarRoutes(scoped, deps);
    registerDisputeRoutes(scoped, deps);
    registerSandboxPspRoutes(scoped, deps);
    registerStripeRoutes(scoped, deps);
    await registerBankRoutes(scoped, deps);
    registerRemittanceRoutes(scoped, deps);
    registerCreditorMoneyRoutes(scoped, deps);
    registerCaseMoneyRoutes(scoped, deps);
    registerPersonaRoutes(scoped, deps);
    registerVoiceAgencyRoutes(scoped, deps);
    registerLiveCallRoutes(scoped, deps);
    registerChannelRoutes(scoped, deps);
    registerTemplateRoutes(scoped);
    registerWebhookRoutes(scoped, deps);
    await registerImportRoutes(scoped, deps);
    await registerTwilioVoiceRoutes(scoped, deps);
  });

  await registerWeb(app);
  return app;
}

async function registerWeb(app: App): Promise<void> {
  const hasWeb = existsSync(path.join(WEB_DIST, "index.html"));
  if (hasWeb) await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false });
  app.setNotFoundHandler((req, reply) => {
    const isApi = /^\/(api|webhooks|voice|metrics|health)(\/|$)/.test(req.url);
    if (hasWeb && req.method === "GET" && !isApi) {
      // Client-side routes (/backoffice/…, /creditor/…, /p/<token>) all load the single-page app.
      return reply.type("text/html").sendFile("index.html");
    }
    return reply
      .status(404)
      .send(new AppError("not_found", `No route ${req.method} ${req.url.split("?")[0]}`).toBody());
  });
}
