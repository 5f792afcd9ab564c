/**
 * Bulk match: a list of NIKs → per person whether registered (covered), active this month and in
 * which segment — the question every regional government asks. Nothing else is returned, and a
 * NIK outside the asker's regions answers exactly like an unregistered one.
 */
import type { Deps } from '../../app.ts';
import { isoDate } from '../../platform/clock.ts';
import { ForbiddenError, ValidationError } from '../../platform/errors.ts';
import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/policy.ts';
import { parseNik } from '../workers/nik.ts';
import { clientActor } from './clients.ts';
import { asOfDate, matchNiks } from './queries.ts';
import type { ClientScope } from './rules.ts';

export const MAX_MATCH = 50_000;

export type MatchAsker = { kind: 'client'; client: ClientScope } | { kind: 'staff'; actor: Actor };

export interface MatchResult {
  nik: string;
  /** registered: a participant in the asker's scope; not_found: not registered there; invalid: not a NIK */
  result: 'registered' | 'not_found' | 'invalid';
  covered: boolean;
  active: boolean;
  segment: string | null;
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

function regionsOf(asker: MatchAsker): string[] {
  if (asker.kind === 'client') {
    if (!asker.client.fields.includes('coverage'))
      throw new ForbiddenError('Klien tidak berwenang melihat kepesertaan / client may not see coverage');
    return asker.client.regionCodes;
  }
  const a = asker.actor;
  if (a.role === 'admin' || a.role === 'auditor' || a.role === 'system') return [];
  if (a.role === 'branch_officer' || a.role === 'regional_government') {
    if (!a.regionCodes.length) throw new ForbiddenError('Pengguna tanpa wilayah / user has no region');
    return a.regionCodes;
  }
  throw new ForbiddenError();
}

export async function matchList(deps: Pick<Deps, 'db' | 'clock'>, asker: MatchAsker, niks: string[]) {
  if (niks.length === 0) throw new ValidationError('niks: daftar kosong / empty list');
  if (niks.length > MAX_MATCH)
    throw new ValidationError(
      `niks: paling banyak ${MAX_MATCH} per permintaan / at most ${MAX_MATCH} per request`,
    );
  const regions = regionsOf(asker);
  const now = deps.clock.now();
  const today = isoDate(now);
  const valid = niks.filter((n) => parseNik(n, today).valid);
  const found = await matchNiks(deps.db, [...new Set(valid)], regions, asOfDate(now));
  const byNik = new Map(found.map((f) => [f.nik, f]));
  const results: MatchResult[] = niks.map((nik) => {
    const f = byNik.get(nik);
    if (!f) return { nik, result: 'invalid', covered: false, active: false, segment: null };
    return f.found
      ? { nik, result: 'registered', covered: true, active: f.active, segment: f.segment }
      : { nik, result: 'not_found', covered: false, active: false, segment: null };
  });
  const summary = {
    total: results.length,
    registered: results.filter((r) => r.result === 'registered').length,
    active: results.filter((r) => r.active).length,
    not_found: results.filter((r) => r.result === 'not_found').length,
    invalid: results.filter((r) => r.result === 'invalid').length,
  };
  const actor = asker.kind === 'client' ? clientActor(asker.client) : asker.actor;
  await recordAudit(deps.db, actor, 'dci.match', 'dci_match', null, null, { ...summary, regions });
  return { as_of: today, summary, results };
}
