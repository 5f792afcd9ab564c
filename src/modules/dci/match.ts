/**
 * Bulk match: a list of NIKs → per person whether registered (covered), active this month and in
 * which segment — the question every regional government asks. Nothing else is returned, and a
 * NIK outside the asker's scope (access policy `matchScope`) answers exactly like an unregistered one.
 *
 * A list can hold 50,000 NIKs, so the match is a job (`dci.match`, jobs.ts): the request stores the
 * list in `dci_matches` and answers 202; the job writes the results there; the asker (the same client
 * system, or the same staff user) reads them. The job row itself carries only the match id and the
 * summary, so nobody reading the jobs list sees NIKs or per-person answers.
 */
import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import type { Deps } from '../../platform/deps.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { enqueue, type JobRow } from '../../platform/jobs.ts';
import { recordAudit } from '../access/audit.ts';
import { type Actor, assertCan, matchScope } from '../access/policy.ts';
import { parseNik } from '../workers/nik.ts';
import { asOfDate, matchNiks } from './queries.ts';
import { type ClientScope, clientActor } from './rules.ts';

export const MAX_MATCH = 50_000;
export const MATCH_JOB = 'dci.match';

export type MatchAsker = { kind: 'client'; client: ClientScope } | { kind: 'staff'; actor: Actor };

export interface MatchResult {
  nik: string;
  /** registered: a participant in the asker's scope; not_found: not registered there; invalid: not a NIK */
  result: 'registered' | 'not_found' | 'invalid';
  covered: boolean;
  active: boolean;
  segment: string | null;
}

export interface MatchSummary {
  total: number;
  registered: number;
  active: number;
  not_found: number;
  invalid: number;
}

/** A CSV with a `nik` column (comma or semicolon separated), or one NIK per line without a header. */
export function parseNikCsv(text: string): string[] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (!lines.length) throw new ValidationError('file: berkas kosong / empty file');
  const sep = lines[0]!.includes(';') ? ';' : ',';
  const head = lines[0]!.split(sep).map((h) => h.trim().replace(/^"|"$/g, '').toLowerCase());
  const col = head.indexOf('nik');
  if (col < 0) {
    if (/^\d+$/.test(head[0] ?? '')) return lines.map((l) => l.split(sep)[0]!.replace(/"/g, '').trim());
    throw new ValidationError('file: kolom wajib tidak ada / missing column: nik');
  }
  return lines.slice(1).map((l) => (l.split(sep)[col] ?? '').replace(/"/g, '').trim());
}

function actorOfAsker(asker: MatchAsker): Actor {
  if (asker.kind === 'client') {
    if (!asker.client.operations.includes('match'))
      throw new ForbiddenError('Klien tidak berwenang untuk pencocokan / client is not allowed to match');
    if (!asker.client.fields.includes('coverage'))
      throw new ForbiddenError('Klien tidak berwenang melihat kepesertaan / client may not see coverage');
    return clientActor(asker.client);
  }
  return asker.actor;
}

/** Stores the list and queues the match job, in one transaction; the request audits that it asked. */
export async function requestMatch(
  deps: Pick<Deps, 'db'>,
  asker: MatchAsker,
  niks: string[],
): Promise<{ match: { id: number; total: number }; job: JobRow }> {
  if (niks.length === 0) throw new ValidationError('niks: daftar kosong / empty list');
  if (niks.length > MAX_MATCH)
    throw new ValidationError(
      `niks: paling banyak ${MAX_MATCH} per permintaan / at most ${MAX_MATCH} per request`,
    );
  const actor = actorOfAsker(asker);
  assertCan(actor, 'coverage.match');
  if (matchScope(actor).kind === 'none')
    throw new ForbiddenError('Pengguna tanpa wilayah / user has no region to match in');
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('dci_matches')
      .values({
        client_id: asker.kind === 'client' ? asker.client.id : null,
        user_id: asker.kind === 'staff' ? asker.actor.userId : null,
        niks,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const job = await enqueue(trx, MATCH_JOB, { matchId: Number(row.id) }, { ...actor });
    await trx.updateTable('dci_matches').set({ job_id: job.id }).where('id', '=', row.id).execute();
    await recordAudit(trx, actor, 'dci.match.request', 'dci_match', String(row.id), null, {
      total: niks.length,
      job_id: job.id,
    });
    return { match: { id: Number(row.id), total: niks.length }, job };
  });
}

/**
 * The job's work: one set-based query for the whole list, inside the asker's scope as the policy
 * says now (a client system is read again: revoked meanwhile, the match fails).
 */
export async function runMatch(
  deps: Pick<Deps, 'db' | 'clock'>,
  matchId: number,
  jobActor: Actor,
): Promise<MatchSummary> {
  const m = await deps.db.selectFrom('dci_matches').selectAll().where('id', '=', matchId).executeTakeFirst();
  if (!m) throw new NotFoundError(`match: #${matchId} tidak ada / not found`);
  let actor = jobActor;
  if (m.client_id !== null) {
    const c = await deps.db
      .selectFrom('dci_clients')
      .selectAll()
      .where('id', '=', m.client_id)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (!c) throw new ForbiddenError('Klien dicabut / client revoked');
    actor = clientActor({ id: c.id, name: c.name, masked: c.masked, regionCodes: c.region_codes });
  }
  const now = deps.clock.now();
  const asOf = asOfDate(now);
  const valid = m.niks.filter((n) => parseNik(n, asOf.today).valid);
  const found = await matchNiks(deps.db, [...new Set(valid)], matchScope(actor), asOf);
  const byNik = new Map(found.map((f) => [f.nik, f]));
  const results: MatchResult[] = m.niks.map((nik) => {
    const f = byNik.get(nik);
    if (!f) return { nik, result: 'invalid', covered: false, active: false, segment: null };
    return f.found
      ? { nik, result: 'registered', covered: true, active: f.active, segment: f.segment }
      : { nik, result: 'not_found', covered: false, active: false, segment: null };
  });
  const summary: MatchSummary = {
    total: results.length,
    registered: results.filter((r) => r.result === 'registered').length,
    active: results.filter((r) => r.active).length,
    not_found: results.filter((r) => r.result === 'not_found').length,
    invalid: results.filter((r) => r.result === 'invalid').length,
  };
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('dci_matches')
      .set({
        as_of: asOf.today,
        summary: JSON.stringify(summary),
        results: JSON.stringify(results),
        finished_at: now,
      })
      .where('id', '=', matchId)
      .execute();
    await recordAudit(trx, actor, 'dci.match', 'dci_match', String(matchId), null, summary);
  });
  return summary;
}

/** A match as its asker sees it (anyone else: 404, like a match that does not exist). */
export async function getMatch(db: Database, asker: MatchAsker, id: number) {
  const r = await sql<{
    id: number;
    status: string;
    as_of: string | null;
    summary: MatchSummary | null;
    results: MatchResult[] | null;
    job_id: number | null;
    error: string | null;
    created_at: Date;
  }>`select m.id::int as id, coalesce(j.status, 'queued') as status, m.as_of::text as as_of, m.summary,
      m.results, m.job_id::int as job_id, j.error, m.created_at
    from dci_matches m left join jobs j on j.id = m.job_id
    where m.id = ${id} and ${
      asker.kind === 'client'
        ? sql`m.client_id = ${asker.client.id}`
        : sql`m.client_id is null and m.user_id = ${asker.actor.userId ?? -1}`
    }`.execute(db);
  const m = r.rows[0];
  if (!m) throw new NotFoundError(`match: #${id} tidak ditemukan / not found`);
  return {
    id: m.id,
    status: m.status,
    job_id: m.job_id,
    as_of: m.as_of,
    summary: m.summary,
    results: m.results,
    error: m.status === 'failed' ? m.error : null,
    created_at: m.created_at.toISOString(),
  };
}
