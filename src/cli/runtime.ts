import { seedDefaultScenarios } from "../collection/scenario-store";
import { type Clock, systemClock } from "../platform/clock";
import { type Config, ConfigError, loadConfig } from "../platform/config";
import { type Database, openDatabase } from "../platform/db/client";
import { migrateDatabase } from "../platform/db/migrate";
import { AppError } from "../platform/errors";
import { createLiveEvents, type LiveEvents } from "../platform/live-events";
import { createLogger, type Logger } from "../platform/logger";
import { seedDefaultPersonas } from "../voice/personas/persona-store";

export interface Runtime {
  config: Config;
  database: Database;
  clock: Clock;
  logger: Logger;
  /** Shared by the server and the engine of one process; listens to the database only once subscribed. */
  live: LiveEvents;
  close(): Promise<void>;
}

export async function openRuntime(options: { migrate?: boolean; logLevel?: string } = {}): Promise<Runtime> {
  const config = loadConfig();
  const logger = createLogger({ level: options.logLevel ?? config.logLevel });
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  if (options.migrate !== false) {
    await migrateDatabase(database);
    await seedDefaultScenarios(database.db);
    await seedDefaultPersonas(database.db, systemClock.now());
  }
  const live = createLiveEvents(database, logger);
  const close = async () => {
    await live.close();
    await database.close();
  };
  return { config, database, clock: systemClock, logger, live, close };
}

/** Prints a clear message for the errors a user can act on, and exits non-zero. */
export function exitWithError(error: unknown): never {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else if (error instanceof AppError) {
    console.error(`relance: ${error.safeMessage}`);
    for (const issue of error.details?.issues ?? []) console.error(`  ${issue.field}: ${issue.message}`);
  } else {
    console.error(error);
  }
  process.exit(1);
}
