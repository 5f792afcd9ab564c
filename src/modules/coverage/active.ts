/**
 * THE definition of "active participant in month M" (docs/decisions/0004-coverage-rollups.md). Both the
 * rollup refresh and the raw queries that check it build on `effectiveSpans`, so they cannot disagree.
 *
 * - basis 'contributions': the months in `coverage_spans` (paid contributions, with grace), as soon as the
 *   contributions module has written any span.
 * - basis 'registrations' (until then): status 'active', registered by the end of M, and for PU an
 *   employment open at the end of M.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Database } from '../../platform/db.ts';

export type ActiveBasis = 'registrations' | 'contributions';

export const ACTIVE_BASIS_LABEL: Record<ActiveBasis, { id: string; en: string }> = {
  registrations: {
    id: 'Peserta aktif dihitung dari pendaftaran (status aktif, terdaftar, PU dengan hubungan kerja berjalan), belum dari pembayaran iuran',
    en: 'Active participants counted from registrations (active status, registered, PU with an open employment), not yet from paid contributions',
  },
  contributions: {
    id: 'Peserta aktif dihitung dari iuran yang dibayar (termasuk masa tenggang)',
    en: 'Active participants counted from paid contributions (grace period included)',
  },
};

/** Which basis applies now: contributions once coverage_spans exists and holds a span. */
export async function activeBasis(db: Database): Promise<ActiveBasis> {
  const r = await sql<{ spans: boolean }>`select case when to_regclass('coverage_spans') is null then false
    else (select exists (select 1 from coverage_spans)) end as spans`.execute(db);
  return r.rows[0]?.spans ? 'contributions' : 'registrations';
}

/** The first month coverage_spans knows of: earlier months cannot be told on the contributions basis. */
export async function contributionsSince(db: Database): Promise<string | null> {
  const r = await sql<{ p: string | null }>`select min(from_period) as p from coverage_spans`.execute(db);
  return r.rows[0]?.p ?? null;
}

/**
 * Raw spans (participant_id, segment, village_code, employer_id, from_period, to_excl): months
 * [from_period, to_excl) in which the participant counts as active; to_excl null = still open.
 * `where` filters participants (alias p).
 */
function rawSpans(basis: ActiveBasis, where: RawBuilder<boolean>): RawBuilder<unknown> {
  if (basis === 'contributions') {
    // coverage_spans.to_period is the last active month (inclusive). The employer is the latest one on file.
    return sql`select p.id as participant_id, p.segment, p.village_code,
        (select m.employer_id from employments m where m.participant_id = p.id
          order by m.started_on desc, m.employer_id limit 1) as employer_id,
        s.from_period,
        case when s.to_period is null then null
          else to_char(to_date(s.to_period, 'YYYY-MM') + interval '1 month', 'YYYY-MM') end as to_excl
      from coverage_spans s join participants p on p.id = s.participant_id
      where ${where}`;
  }
  // An employment ending on the last day of a month still covers that month: the span ends on the month
  // of the day after (ended_on + 1).
  return sql`select p.id as participant_id, p.segment, p.village_code, null::bigint as employer_id,
        to_char(p.registered_on, 'YYYY-MM') as from_period, null::text as to_excl
      from participants p
      where p.status = 'active' and p.segment <> 'PU' and ${where}
      union all
      select p.id, p.segment, p.village_code, m.employer_id,
        to_char(greatest(p.registered_on, m.started_on), 'YYYY-MM'),
        to_char(m.ended_on + 1, 'YYYY-MM')
      from participants p join employments m on m.participant_id = p.id
      where p.status = 'active' and p.segment = 'PU' and ${where}`;
}

/**
 * Spans made non-overlapping per participant, so a person counts once per month: a month covered by two
 * spans (two jobs at once) belongs to the span that started first (then the lower employer id), and the
 * later span starts where the earlier ones end. Columns as rawSpans plus employer_village.
 */
export function effectiveSpans(basis: ActiveBasis, where: RawBuilder<boolean>): RawBuilder<unknown> {
  return sql`select t.participant_id, t.segment, t.village_code, t.employer_id, e.village_code as employer_village,
      t.from_period, t.to_excl
    from (
      select s.participant_id, s.segment, s.village_code, s.employer_id, s.to_excl,
        greatest(s.from_period, coalesce(max(coalesce(s.to_excl, '9999-12')) over (
          partition by s.participant_id order by s.from_period, s.employer_id nulls first
          rows between unbounded preceding and 1 preceding), '0000-00')) as from_period
      from (${rawSpans(basis, where)}) as s
    ) as t
    left join employers e on e.id = t.employer_id
    where t.to_excl is null or t.from_period < t.to_excl`;
}

/**
 * Registrations (participant_id, segment, village_code, employer_village, period): everyone registered,
 * whatever the status, in the month of registration. The employer attribution of a PU participant is the
 * employer of the latest employment on file.
 */
export function registrations(where: RawBuilder<boolean>): RawBuilder<unknown> {
  return sql`select p.id as participant_id, p.segment, p.village_code, le.village_code as employer_village,
      to_char(p.registered_on, 'YYYY-MM') as period
    from participants p
    left join (
      select distinct on (m.participant_id) m.participant_id, e.village_code
      from employments m join employers e on e.id = m.employer_id
      join participants p on p.id = m.participant_id
      where p.segment = 'PU' and ${where}
      order by m.participant_id, m.started_on desc, m.employer_id desc
    ) as le on le.participant_id = p.id
    where ${where}`;
}

/** Code length of a region at level 1–4 (dotted Kemendagri codes). */
export const CODE_LENGTH = [0, 2, 5, 8, 13] as const;
