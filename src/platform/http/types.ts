import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Principal } from "../auth/roles";
import type { Clock } from "../clock";
import type { Config } from "../config";
import type { Database } from "../db/client";
import type { LiveEvents } from "../live-events";
import type { Logger } from "../logger";

/** What every route module receives from the composition root. */
export interface AppDeps {
  config: Config;
  database: Database;
  clock: Clock;
  logger: Logger;
  /** The live-event hub; the server makes its own (and closes it) when none is given. */
  live?: LiveEvents;
}

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module "fastify" {
  interface FastifyRequest {
    principal: Principal | null;
    /** The session token when the principal came from the cookie (needed to log out). */
    sessionToken: string | null;
  }
}
