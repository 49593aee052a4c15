import { randomUUID } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db, Executor } from "../db/client";
import { notFound } from "../errors";
import type { Principal } from "./roles";
import { apiKeys } from "./schema";
import { randomToken, sha256 } from "./tokens";

const KEY_PREFIX = "rl_live_";

export interface ApiKeyView {
  id: string;
  creditorId: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

function toView(k: typeof apiKeys.$inferSelect): ApiKeyView {
  return {
    id: k.id,
    creditorId: k.creditorId,
    name: k.name,
    prefix: k.prefix,
    createdAt: k.createdAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    revokedAt: k.revokedAt?.toISOString() ?? null,
  };
}

/** Creates a key for a creditor. The clear key is returned once and only its hash is stored. */
export async function createApiKey(
  db: Db,
  creditorId: string,
  name: string,
  createdBy: string | null,
  now: Date,
): Promise<{ key: string; apiKey: ApiKeyView }> {
  const key = KEY_PREFIX + randomToken();
  const [row] = await db
    .insert(apiKeys)
    .values({
      id: randomUUID(),
      creditorId,
      name,
      prefix: key.slice(0, KEY_PREFIX.length + 6),
      keyHash: sha256(key),
      createdBy,
      createdAt: now,
    })
    .returning();
  if (!row) throw notFound("API key");
  return { key, apiKey: toView(row) };
}

export async function listApiKeys(db: Executor, creditorId: string): Promise<ApiKeyView[]> {
  const rows = await db
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.creditorId, creditorId))
    .orderBy(desc(apiKeys.createdAt));
  return rows.map(toView);
}

export async function revokeApiKey(
  db: Executor,
  creditorId: string,
  keyId: string,
  now: Date,
): Promise<ApiKeyView> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: now })
    .where(and(eq(apiKeys.id, keyId), eq(apiKeys.creditorId, creditorId), isNull(apiKeys.revokedAt)))
    .returning();
  if (!row) throw notFound("API key");
  return toView(row);
}

export async function authenticateApiKey(db: Executor, key: string, now: Date): Promise<Principal | null> {
  if (!key.startsWith(KEY_PREFIX)) return null;
  const [row] = await db
    .select({ id: apiKeys.id, creditorId: apiKeys.creditorId, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, sha256(key)), isNull(apiKeys.revokedAt)));
  if (!row) return null;
  // "Last used" is for people reviewing their keys: minute precision spares a write on every request.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.id));
  }
  return { kind: "api_key", keyId: row.id, role: "creditor_admin", creditorId: row.creditorId };
}
