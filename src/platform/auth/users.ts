import { randomUUID } from "node:crypto";
import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db, Executor } from "../db/client";
import { isUniqueViolation } from "../db/pg-errors";
import { AppError, notFound } from "../errors";
import { hashPassword, MIN_PASSWORD_LENGTH } from "./passwords";
import { isCreditorRole, ROLES, type Role } from "./roles";
import { users } from "./schema";

export const userInputSchema = z
  .object({
    email: z.email(),
    name: z.string().trim().min(1).max(100),
    password: z
      .string()
      .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
      .max(200),
    role: z.enum(ROLES),
    creditorId: z.uuid().nullable().default(null),
    locale: z.enum(["fr", "en"]).default("fr"),
    phone: z.string().max(40).optional(),
  })
  .refine((u) => isCreditorRole(u.role) === (u.creditorId !== null), {
    path: ["creditorId"],
    message: "is required for creditor roles and forbidden for agency roles",
  })
  .meta({
    examples: [
      {
        email: "julie.moreau@agence.example",
        name: "Julie Moreau",
        password: "un-mot-de-passe-solide",
        role: "agent",
        creditorId: null,
        locale: "fr",
      },
    ],
  });

export type UserInput = z.infer<typeof userInputSchema>;

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  creditorId: string | null;
  locale: "fr" | "en";
  disabled: boolean;
  lastLoginAt: string | null;
}

export function toUserView(u: typeof users.$inferSelect): UserView {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role as Role,
    creditorId: u.creditorId,
    locale: u.locale,
    disabled: u.disabledAt !== null,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
  };
}

export async function createUser(db: Db, input: UserInput, now: Date): Promise<UserView> {
  const passwordHash = await hashPassword(input.password);
  try {
    const [row] = await db
      .insert(users)
      .values({
        id: randomUUID(),
        email: input.email.toLowerCase(),
        name: input.name,
        passwordHash,
        role: input.role,
        creditorId: input.creditorId,
        locale: input.locale,
        phone: input.phone,
        createdAt: now,
      })
      .returning();
    if (!row) throw notFound("User");
    return toUserView(row);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError("conflict", "A user with this email already exists", {
        issues: [{ field: "email", message: "already exists" }],
      });
    }
    throw error;
  }
}

export async function findUserByEmail(db: Executor, email: string) {
  const [row] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
  return row;
}

export async function listUsers(db: Executor, creditorId?: string): Promise<UserView[]> {
  const rows = await db
    .select()
    .from(users)
    .where(creditorId ? eq(users.creditorId, creditorId) : sql`true`)
    .orderBy(asc(users.email));
  return rows.map(toUserView);
}

export async function setUserDisabled(
  db: Db,
  userId: string,
  disabled: boolean,
  now: Date,
): Promise<UserView> {
  const [row] = await db
    .update(users)
    .set({ disabledAt: disabled ? now : null })
    .where(eq(users.id, userId))
    .returning();
  if (!row) throw notFound("User");
  return toUserView(row);
}
