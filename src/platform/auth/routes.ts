import { z } from "zod";
import { AppError } from "../errors";
import { SESSION_COOKIE } from "../http/auth-hook";
import { requireAgency, requirePrincipal } from "../http/guards";
import type { App, AppDeps } from "../http/types";
import { ROLES } from "./roles";
import { authenticateSession, login, logout } from "./sessions";
import { createUser, listUsers, setUserDisabled, userInputSchema } from "./users";

const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  creditorId: z.uuid().nullable(),
  locale: z.enum(["fr", "en"]),
  disabled: z.boolean(),
  lastLoginAt: z.string().nullable(),
});

const sessionSchema = z.object({ user: userSchema, csrfToken: z.string() });

const loginSchema = z
  .object({ email: z.string().trim().min(3).max(254), password: z.string().min(1).max(200) })
  .meta({ examples: [{ email: "admin@relance.example", password: "relance-admin-demo" }] });

export function registerAuthRoutes(app: App, deps: AppDeps): void {
  const { db } = deps.database;

  app.post(
    "/api/auth/login",
    {
      schema: {
        tags: ["Auth"],
        summary: "Log in (web app)",
        body: loginSchema,
        response: { 200: sessionSchema },
      },
      config: {
        rateLimit: {
          max: deps.config.loginRateLimit,
          timeWindow: "15 minutes",
          // Counted after body parsing so the key can include the email being tried.
          hook: "preHandler",
          // Per client address and per account: spraying one account from many places is slowed too.
          keyGenerator: (req) =>
            `${req.ip}|${String((req.body as { email?: string })?.email ?? "").toLowerCase()}`,
        },
      },
    },
    async (req, reply) => {
      const result = await login(
        db,
        req.body.email,
        req.body.password,
        deps.clock.now(),
        deps.config.sessionTtlHours,
      );
      reply.setCookie(SESSION_COOKIE, result.token, {
        httpOnly: true,
        sameSite: "lax",
        secure: deps.config.publicUrl.startsWith("https://"),
        path: "/",
        expires: result.expiresAt,
      });
      return { user: result.user, csrfToken: result.csrfToken };
    },
  );

  app.get(
    "/api/auth/me",
    { schema: { tags: ["Auth"], summary: "The logged-in user", response: { 200: sessionSchema } } },
    async (req) => {
      if (!req.sessionToken) throw new AppError("unauthenticated", "Not logged in");
      const session = await authenticateSession(db, req.sessionToken, deps.clock.now());
      if (session?.principal.kind !== "user") throw new AppError("unauthenticated", "Not logged in");
      return { user: session.user, csrfToken: session.principal.csrfToken };
    },
  );

  app.post("/api/auth/logout", { schema: { tags: ["Auth"], summary: "Log out" } }, async (req, reply) => {
    requirePrincipal(req);
    if (req.sessionToken) await logout(db, req.sessionToken);
    reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return reply.status(204).send();
  });

  app.get(
    "/api/agency/users",
    {
      schema: {
        tags: ["Agency"],
        summary: "List users",
        querystring: z.object({ creditorId: z.uuid().optional() }),
        response: { 200: z.object({ items: z.array(userSchema) }) },
      },
    },
    async (req) => {
      requireAgency(req, ["admin", "manager"]);
      return { items: await listUsers(db, req.query.creditorId) };
    },
  );

  app.post(
    "/api/agency/users",
    {
      schema: {
        tags: ["Agency"],
        summary: "Create a user",
        body: userInputSchema,
        response: { 201: userSchema },
      },
    },
    async (req, reply) => {
      requireAgency(req, ["admin"]);
      return reply.status(201).send(await createUser(db, req.body, deps.clock.now()));
    },
  );

  app.patch(
    "/api/agency/users/:userId",
    {
      schema: {
        tags: ["Agency"],
        summary: "Disable or re-enable a user",
        params: z.object({ userId: z.uuid() }),
        body: z.object({ disabled: z.boolean() }).meta({ examples: [{ disabled: true }] }),
        response: { 200: userSchema },
      },
    },
    async (req) => {
      requireAgency(req, ["admin"]);
      return setUserDisabled(db, req.params.userId, req.body.disabled, deps.clock.now());
    },
  );
}
