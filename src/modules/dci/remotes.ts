/**
 * External DCI registries that Lindung queries as a client (client.ts). A remote's token stays out of
 * the database: `token_env` names the environment variable holding it, read when the job runs.
 */
import type { Database } from '../../platform/db.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { recordAudit } from '../access/audit.ts';
import { type Actor, assertCan } from '../access/policy.ts';
import { DciClient } from './client.ts';

export interface NewRemote {
  name: string;
  baseUrl: string;
  senderId: string;
  receiverId?: string | null;
  tokenEnv: string;
}

export async function addRemote(db: Database, r: NewRemote, actor: Actor): Promise<{ id: number }> {
  assertCan(actor, 'headoffice.operate');
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,98}$/.test(r.name))
    throw new ValidationError('name: huruf, angka, . _ - (maks. 99) / letters, digits, . _ - (max 99)');
  let url: URL;
  try {
    url = new URL(r.baseUrl);
  } catch {
    throw new ValidationError(`url: URL tidak valid / invalid URL: ${r.baseUrl}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ValidationError('url: hanya http(s) / http(s) only');
  if (!/^[A-Z][A-Z0-9_]{0,99}$/.test(r.tokenEnv))
    throw new ValidationError(
      'token-env: nama variabel lingkungan (A-Z, 0-9, _) / an environment variable name (A-Z, 0-9, _)',
    );
  if (!r.senderId.trim()) throw new ValidationError('sender-id: wajib / required');
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom('dci_remotes')
      .select('id')
      .where('name', '=', r.name)
      .executeTakeFirst();
    if (existing)
      throw new ConflictError(`name: registri ${r.name} sudah ada / remote registry already exists`);
    const row = await trx
      .insertInto('dci_remotes')
      .values({
        name: r.name,
        base_url: r.baseUrl,
        sender_id: r.senderId.trim(),
        receiver_id: r.receiverId ?? null,
        token_env: r.tokenEnv,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, 'create', 'dci_remote', String(row.id), null, {
      name: r.name,
      base_url: r.baseUrl,
      sender_id: r.senderId,
      token_env: r.tokenEnv,
    });
    return { id: row.id };
  });
}

export async function listRemotes(db: Database) {
  return db.selectFrom('dci_remotes').selectAll().orderBy('name').execute();
}

/** A client for a registered remote; its token from the environment of this process. */
export async function remoteClient(
  db: Database,
  name: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ client: DciClient; baseUrl: string }> {
  const r = await db.selectFrom('dci_remotes').selectAll().where('name', '=', name).executeTakeFirst();
  if (!r)
    throw new NotFoundError(`remote: registri ${name} tidak terdaftar / remote registry not registered`);
  const token = env[r.token_env];
  if (!token)
    throw new ValidationError(
      `remote: variabel ${r.token_env} (token untuk ${name}) tidak diisi pada proses ini / ` +
        `${r.token_env} (the token for ${name}) is not set in this process`,
    );
  return {
    client: new DciClient({
      baseUrl: r.base_url,
      token,
      senderId: r.sender_id,
      receiverId: r.receiver_id ?? undefined,
    }),
    baseUrl: r.base_url,
  };
}
