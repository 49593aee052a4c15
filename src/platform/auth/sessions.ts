import { and, eq, gt, lt } from "drizzle-orm";
import type { Db, Executor } from "../db/client";
import { AppError } from "../errors";
import { dummyVerify, verifyPassword } from "./passwords";
import { isAgencyRole, type Principal } from "./roles";
import { sessions, users } from "./schema";
import { randomToken, sha256 } from "./tokens";
import { findUserByEmail, toUserView, type UserView } from "./users";

export interface LoginResult {
  token: string;
  csrfToken: string;
  user: UserView;
  expiresAt: Date;
}

export async function login(
  db: Db,
  email: string,
  password: string,
  now: Date,
  ttlHours: number,
): Promise<LoginResult> {
  const user = await findUserByEmail(db, email);
  const ok = user ? await verifyPassword(user.passwordHash, password) : await dummyVerify(password);
  if (!user || !ok || user.disabledAt) {
    throw new AppError("invalid_credentials", "Email or password is incorrect");
  }
  const token = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(now.getTime() + ttlHours * 3_600_000);
  await db.transaction(async (tx) => {
    await tx
      .insert(sessions)
      .values({ tokenHash: sha256(token), userId: user.id, csrfToken, createdAt: now, expiresAt });
    await tx.update(users).set({ lastLoginAt: now }).where(eq(users.id, user.id));
    // Expired sessions are swept on login rather than by a separate job.
    await tx.delete(sessions).where(lt(sessions.expiresAt, now));
  });
  return { token, csrfToken, user: toUserView({ ...user, lastLoginAt: now }), expiresAt };
}

export async function authenticateSession(
  db: Executor,
  token: string,
  now: Date,
): Promise<{ principal: Principal; user: UserView } | null> {
  const [row] = await db
    .select({ s: sessions, u: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, sha256(token)), gt(sessions.expiresAt, now)));
  if (!row || row.u.disabledAt) return null;
  const { u, s } = row;
  const principal: Principal = isAgencyRole(u.role)
    ? { kind: "user", userId: u.id, role: u.role, creditorId: null, csrfToken: s.csrfToken }
    : {
        kind: "user",
        userId: u.id,
        role: u.role as "creditor_admin" | "creditor_viewer",
        creditorId: u.creditorId!,
        csrfToken: s.csrfToken,
      };
  return { principal, user: toUserView(u) };
}

export async function logout(db: Executor, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, sha256(token)));
}
