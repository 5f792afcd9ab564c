import { hashPassword, hashToken, newSessionToken, verifyPassword } from '../../platform/auth.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db.ts';
import { ConflictError, UnauthorizedError, ValidationError } from '../../platform/errors.ts';
import { recordAudit } from './audit.ts';
import type { Actor, Role } from './policy.ts';
import { ROLES } from './policy.ts';

export interface NewUser {
  username: string;
  password: string;
  full_name: string;
  role: Role;
  region_codes?: string[];
  employer_id?: number | null;
  partner_id?: number | null;
  locale?: 'id' | 'en';
}

export async function createUser(db: Database, u: NewUser, actor?: Actor): Promise<{ id: number }> {
  if (!ROLES.includes(u.role))
    throw new ValidationError(`role: peran tidak dikenal / unknown role "${u.role}"`);
  if (u.password.length < 8)
    throw new ValidationError('password: minimal 8 karakter / at least 8 characters');
  const existing = await db
    .selectFrom('users')
    .select('id')
    .where('username', '=', u.username)
    .executeTakeFirst();
  if (existing) throw new ConflictError(`username: "${u.username}" sudah dipakai / already taken`);
  const row = await db
    .insertInto('users')
    .values({
      username: u.username,
      password_hash: await hashPassword(u.password),
      full_name: u.full_name,
      role: u.role,
      region_codes: u.region_codes ?? [],
      employer_id: u.employer_id ?? null,
      partner_id: u.partner_id ?? null,
      locale: u.locale ?? 'id',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const { password: _omit, ...after } = u;
  if (actor) await recordAudit(db, actor, 'create', 'user', String(row.id), null, after);
  return row;
}

export interface SessionUser {
  id: number;
  username: string;
  full_name: string;
  role: Role;
  locale: string;
  region_codes: string[];
  employer_id: number | null;
  partner_id: number | null;
}

export async function login(
  db: Database,
  input: { username: string; password: string },
  ctx: { clock: Clock; sessionHours: number },
): Promise<{ token: string; user: SessionUser; expiresAt: Date }> {
  const u = await db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', input.username)
    .executeTakeFirst();
  // Same message whether the user exists or not: no username probing.
  if (!u || !u.active || !(await verifyPassword(u.password_hash, input.password))) {
    throw new UnauthorizedError('Nama pengguna atau kata sandi salah / Wrong username or password');
  }
  const { token, tokenHash } = newSessionToken();
  const expiresAt = new Date(ctx.clock.now().getTime() + ctx.sessionHours * 3600_000);
  await db
    .insertInto('sessions')
    .values({ token_hash: tokenHash, user_id: u.id, expires_at: expiresAt })
    .execute();
  const user = toSessionUser(u);
  await recordAudit(db, actorOf(user), 'login', 'session', null, null, null);
  return { token, user, expiresAt };
}

export async function logout(db: Database, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
}

/** The user behind a session token, or null when unknown or expired. */
export async function userForToken(db: Database, token: string, clock: Clock): Promise<SessionUser | null> {
  const u = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .where('sessions.token_hash', '=', hashToken(token))
    .where('sessions.expires_at', '>', clock.now())
    .where('users.active', '=', true)
    .executeTakeFirst();
  return u ? toSessionUser(u) : null;
}

function toSessionUser(u: {
  id: number;
  username: string;
  full_name: string;
  role: string;
  locale: string;
  region_codes: string[];
  employer_id: number | null;
  partner_id: number | null;
}): SessionUser {
  return {
    id: u.id,
    username: u.username,
    full_name: u.full_name,
    role: u.role as Role,
    locale: u.locale,
    region_codes: u.region_codes,
    employer_id: u.employer_id,
    partner_id: u.partner_id,
  };
}

export function actorOf(u: SessionUser): Actor {
  return {
    userId: u.id,
    username: u.username,
    role: u.role,
    regionCodes: u.region_codes,
    employerId: u.employer_id,
    partnerId: u.partner_id,
  };
}
