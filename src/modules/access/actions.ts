import { hashPassword, hashToken, newSessionToken, verifyPassword } from '../../platform/auth.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db.ts';
import { ConfigError, ConflictError, UnauthorizedError, ValidationError } from '../../platform/errors.ts';
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

/** Hashed once: an unknown or inactive user costs the same argon2 verification as a real one. */
let dummyHash: Promise<string> | null = null;
const dummy = () => {
  dummyHash ??= hashPassword('lindung-no-such-user-password');
  return dummyHash;
};

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
  // Same message and the same work whether the user exists or not: no username probing by timing.
  const ok = await verifyPassword(u?.password_hash ?? (await dummy()), input.password);
  if (!u?.active || !ok) {
    throw new UnauthorizedError('Nama pengguna atau kata sandi salah / Wrong username or password');
  }
  const { token, tokenHash } = newSessionToken();
  const expiresAt = new Date(ctx.clock.now().getTime() + ctx.sessionHours * 3600_000);
  await db
    .insertInto('sessions')
    .values({ token_hash: tokenHash, user_id: u.id, expires_at: expiresAt, last_seen_at: ctx.clock.now() })
    .execute();
  const user = toSessionUser(u);
  await recordAudit(db, actorOf(user), 'login', 'session', null, null, null);
  return { token, user, expiresAt };
}

export async function logout(db: Database, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
}

/**
 * The user behind a session token, or null when unknown, expired, idle for longer than `idleMinutes`, or
 * the user is inactive. Using a session moves its idle clock (written at most once a minute).
 */
export async function userForToken(
  db: Database,
  token: string,
  clock: Clock,
  idleMinutes = 30,
): Promise<SessionUser | null> {
  const now = clock.now();
  const hash = hashToken(token);
  const u = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select('sessions.last_seen_at')
    .where('sessions.token_hash', '=', hash)
    .where('sessions.expires_at', '>', now)
    .where('sessions.last_seen_at', '>', new Date(now.getTime() - idleMinutes * 60_000))
    .where('users.active', '=', true)
    .executeTakeFirst();
  if (!u) return null;
  if (now.getTime() - new Date(u.last_seen_at).getTime() > 60_000)
    await db.updateTable('sessions').set({ last_seen_at: now }).where('token_hash', '=', hash).execute();
  return toSessionUser(u);
}

/**
 * Deletes sessions that can no longer be used: expired, or idle past the timeout. Returns how many.
 * Scheduled as a recurring job by the server (the lead wires it into the job engine).
 */
export async function deleteExpiredSessions(
  db: Database,
  opts: { clock?: Clock; idleMinutes?: number } = {},
): Promise<number> {
  const now = opts.clock?.now() ?? new Date();
  const idle = new Date(now.getTime() - (opts.idleMinutes ?? 30) * 60_000);
  const r = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', idle)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * Refuses to listen on anything but loopback while a demo login still has its published password
 * (docs/decisions/0010-access-policy.md). Called by server.ts before listen().
 */
export async function assertSafeToListen(
  db: Database,
  host: string,
  demoLogins: Array<{ username: string; password: string }>,
): Promise<void> {
  if (LOOPBACK.has(host) || host.startsWith('127.') || !demoLogins.length) return;
  const users = await db
    .selectFrom('users')
    .select(['username', 'password_hash'])
    .where('active', '=', true)
    .where(
      'username',
      'in',
      demoLogins.map((d) => d.username),
    )
    .execute();
  const open: string[] = [];
  for (const u of users) {
    const d = demoLogins.find((l) => l.username === u.username);
    if (d && (await verifyPassword(u.password_hash, d.password))) open.push(u.username);
  }
  if (open.length)
    throw new ConfigError(
      `HOST=${host}: login demo dengan kata sandi publik masih ada (${open.join(', ')}); ganti kata sandinya atau nonaktifkan dulu / ` +
        `demo logins with their published passwords still exist (${open.join(', ')}); change or deactivate them before listening on ${host}`,
    );
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
