import { boolean, index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { creditors } from "../../cases/schema";
import { ts } from "../db/columns";

export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    role: text("role").notNull(),
    creditorId: uuid("creditor_id").references(() => creditors.id),
    locale: text("locale").$type<"fr" | "en">().notNull().default("fr"),
    phone: text("phone"),
    /** Presence: an agent with a phone who takes calls the voice agents transfer (cold, by call update). */
    availableForTransfers: boolean("available_for_transfers").notNull().default(false),
    /** The last call handed to this agent: transfers go to the agent who waited longest. */
    lastTransferAt: ts("last_transfer_at"),
    /** On a transferred call until then (cleared when the carrier reports the dialled leg ended). */
    transferBusyUntil: ts("transfer_busy_until"),
    disabledAt: ts("disabled_at"),
    lastLoginAt: ts("last_login_at"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("users_email_key").on(t.email)],
);

export const sessions = pgTable(
  "sessions",
  {
    /** SHA-256 of the cookie token: a database leak does not yield usable sessions. */
    tokenHash: text("token_hash").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    csrfToken: text("csrf_token").notNull(),
    createdAt: ts("created_at").notNull().defaultNow(),
    expiresAt: ts("expires_at").notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey(),
    creditorId: uuid("creditor_id")
      .notNull()
      .references(() => creditors.id),
    name: text("name").notNull(),
    /** First characters of the key, shown in lists so a key can be recognised without revealing it. */
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull(),
    createdBy: uuid("created_by"),
    createdAt: ts("created_at").notNull().defaultNow(),
    lastUsedAt: ts("last_used_at"),
    revokedAt: ts("revoked_at"),
  },
  (t) => [uniqueIndex("api_keys_hash_key").on(t.keyHash), index("api_keys_creditor_idx").on(t.creditorId)],
);
