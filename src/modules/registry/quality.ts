import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import { isoDate } from '../../platform/clock.ts';
import type { Database } from '../../platform/db.ts';
import { ValidationError } from '../../platform/errors.ts';
import { addMonths, periodOf } from '../../platform/period.ts';
import { neutraliseRow } from '../../platform/tabular.ts';
import { recordAudit } from '../access/audit.ts';
import {
  type Actor,
  aggregateScope,
  assertCan,
  presentNik,
  registryScope,
  SYSTEM,
  scopeRegions,
} from '../access/policy.ts';
import { employerScopeFilter } from '../employers/queries.ts';
import { participantScopeFilter } from '../workers/queries.ts';
import {
  EMPLOYER_SILENT_MONTHS,
  NO_CONTRIBUTION_MONTHS,
  QUALITY_KINDS,
  type QualityKind,
  qualityScore,
} from './rules.ts';

/**
 * Data quality of the registry, region by region. `refreshQuality` recomputes the issues of one
 * province per transaction (set-based statements), then the scores per province, regency and branch
 * office. A run remembers the provinces it finished; a rerun after a crash skips them.
 */

/** The branch office of a region: the regency's own office, else its province's first. */
const branchOf = (regency: string, province: string) => sql`coalesce(
  (select b.id from branch_offices b where b.regency_code = ${sql.ref(regency)} order by b.id limit 1),
  (select b.id from branch_offices b where b.province_code = ${sql.ref(province)} order by b.id limit 1))`;

function participantIssues(province: string, today: string) {
  const current = periodOf(today);
  const since = addMonths(current, -NO_CONTRIBUTION_MONTHS);
  const year = Number(today.slice(0, 4));
  const base = (kind: QualityKind, cond: ReturnType<typeof sql>, detail = sql`'{}'::jsonb`) => sql`
    insert into quality_issues (kind, entity, entity_id, province_code, regency_code, village_code, branch_office_id, detail)
    select ${kind}, 'participant', p.id, p.province_code, p.regency_code, p.village_code,
           ${branchOf('p.regency_code', 'p.province_code')}, ${detail}
    from participants p
    where p.province_code = ${province} and p.merged_into is null and p.status <> 'closed' and ${cond}`;
  return [
    base('missing_phone', sql`(p.phone is null or p.phone = '')`),
    base(
      'missing_bank_account',
      sql`not exists (select 1 from participant_bank_accounts b where b.participant_id = p.id)`,
    ),
    // NIK regency (digits 1–4) against the domicile regency.
    base(
      'nik_region_mismatch',
      sql`substr(p.nik, 1, 4) <> replace(p.regency_code, '.', '')`,
      sql`jsonb_build_object('nik_regency', substr(p.nik, 1, 2) || '.' || substr(p.nik, 3, 2), 'domicile_regency', p.regency_code)`,
    ),
    // Wage under the minimum of the province where the employer is (latest UMP up to this year).
    sql`
    insert into quality_issues (kind, entity, entity_id, province_code, regency_code, village_code, branch_office_id, detail)
    select distinct on (p.id) 'wage_below_minimum', 'participant', p.id, p.province_code, p.regency_code, p.village_code,
           ${branchOf('p.regency_code', 'p.province_code')},
           jsonb_build_object('wage', m.wage, 'ump', u.ump_rupiah, 'ump_year', u.year, 'employer_id', m.employer_id)
    from participants p
    join employments m on m.participant_id = p.id and m.ended_on is null
    join employers e on e.id = m.employer_id
    join lateral (select w.ump_rupiah, w.year from minimum_wages w where w.province_code = e.province_code and w.year <= ${year}
                  order by w.year desc limit 1) u on true
    where p.province_code = ${province} and p.merged_into is null and p.status <> 'closed' and p.segment = 'PU'
      and m.wage < u.ump_rupiah
    order by p.id, m.wage`,
    // Marked active, registered before the window, and nothing paid for any month of it.
    base(
      'active_no_contribution',
      sql`p.status = 'active' and p.registered_on < ${`${since}-01`}::date
          and not exists (select 1 from coverage_spans s where s.participant_id = p.id
                          and (s.to_period is null or s.to_period >= ${since}))`,
      sql`jsonb_build_object('months', ${NO_CONTRIBUTION_MONTHS}::int)`,
    ),
    base(
      'open_duplicate',
      sql`exists (select 1 from duplicate_candidates c where c.status = 'open' and (c.a_id = p.id or c.b_id = p.id))`,
    ),
  ];
}

function employerIssues(province: string, clock: Clock) {
  const cutoff = new Date(clock.now().getTime());
  cutoff.setUTCMonth(cutoff.getUTCMonth() - EMPLOYER_SILENT_MONTHS);
  return sql`
    insert into quality_issues (kind, entity, entity_id, province_code, regency_code, village_code, branch_office_id, detail)
    select 'employer_no_report', 'employer', e.id, e.province_code, e.regency_code, e.village_code,
           coalesce(e.branch_office_id, ${branchOf('e.regency_code', 'e.province_code')}),
           jsonb_build_object('months', ${EMPLOYER_SILENT_MONTHS}::int,
             'last_report', (select max(x.at)::date from (
                select max(ev.reported_at) as at from employment_events ev where ev.employer_id = e.id
                union all select max(w.created_at) from wage_reports w where w.employer_id = e.id) x))
    from employers e
    where e.province_code = ${province} and e.status = 'active'
      and e.registered_on < ${cutoff.toISOString().slice(0, 10)}::date
      and not exists (select 1 from employment_events ev where ev.employer_id = e.id and ev.reported_at >= ${cutoff})
      and not exists (select 1 from wage_reports w where w.employer_id = e.id and w.created_at >= ${cutoff})`;
}

const COUNTS = sql.raw(
  QUALITY_KINDS.map((k) => `'${k}', count(*) filter (where q.kind = '${k}')`).join(', '),
);

async function refreshScores(db: Database) {
  await sql`delete from quality_scores`.execute(db);
  for (const level of ['province', 'regency', 'branch'] as const) {
    const key =
      level === 'province'
        ? { q: sql`q.province_code`, p: sql`p.province_code`, e: sql`e.province_code` }
        : level === 'regency'
          ? { q: sql`q.regency_code`, p: sql`p.regency_code`, e: sql`e.regency_code` }
          : {
              q: sql`q.branch_office_id::text`,
              p: sql`(${branchOf('p.regency_code', 'p.province_code')})::text`,
              e: sql`coalesce(e.branch_office_id, ${branchOf('e.regency_code', 'e.province_code')})::text`,
            };
    const name =
      level === 'branch'
        ? sql`(select b.name from branch_offices b where b.id::text = k.code)`
        : sql`(select r.name from regions r where r.code = k.code)`;
    await sql`
      insert into quality_scores (level, code, name, participants, employers, counts, score)
      select ${level}, k.code, coalesce(${name}, k.code), coalesce(pc.n, 0), coalesce(ec.n, 0),
             coalesce(ic.counts, '{}'::jsonb), 0
      from (select ${key.p} as code from participants p where p.merged_into is null and p.status <> 'closed'
            union select ${key.e} from employers e where e.status = 'active') k
      left join (select ${key.p} as code, count(*) as n from participants p where p.merged_into is null and p.status <> 'closed' group by 1) pc on pc.code = k.code
      left join (select ${key.e} as code, count(*) as n from employers e where e.status = 'active' group by 1) ec on ec.code = k.code
      left join (select ${key.q} as code, jsonb_build_object(${COUNTS}) as counts from quality_issues q group by 1) ic on ic.code = k.code
      where k.code is not null`.execute(db);
  }
  const rows = await db
    .selectFrom('quality_scores')
    .select(['level', 'code', 'participants', 'employers', 'counts'])
    .execute();
  for (const r of rows) {
    const s = qualityScore(
      r.counts as Record<QualityKind, number>,
      Number(r.participants),
      Number(r.employers),
    );
    await db
      .updateTable('quality_scores')
      .set({ score: String(s) })
      .where('level', '=', r.level)
      .where('code', '=', r.code)
      .execute();
  }
}

/** Recomputes the data-quality issues and scores. Long: a job (scheduled nightly); resumes by province. */
export async function refreshQuality(
  db: Database,
  clock: Clock,
  ctx: { progress?(done: number, total: number): void; actor?: Actor } = {},
) {
  const actor = ctx.actor ?? SYSTEM;
  const today = isoDate(clock.now());
  const provinces = (
    await db.selectFrom('regions').select('code').where('level', '=', 1).orderBy('code').execute()
  ).map((r) => r.code);
  let run = await db
    .selectFrom('quality_runs')
    .selectAll()
    .where('status', '=', 'running')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!run)
    run = await db
      .insertInto('quality_runs')
      .values({ started_by: actor.userId, started_by_name: actor.username })
      .returningAll()
      .executeTakeFirstOrThrow();
  const done = new Set(run.done_provinces);
  for (const [i, province] of provinces.entries()) {
    if (done.has(province)) continue;
    await db.transaction().execute(async (trx) => {
      await sql`delete from quality_issues where province_code = ${province}`.execute(trx);
      for (const s of participantIssues(province, today)) await s.execute(trx);
      await employerIssues(province, clock).execute(trx);
      await sql`update quality_runs set done_provinces = array_append(done_provinces, ${province}) where id = ${run.id}`.execute(
        trx,
      );
    });
    ctx.progress?.(i + 1, provinces.length);
  }
  await db.transaction().execute(async (trx) => {
    await refreshScores(trx);
    await trx
      .updateTable('quality_runs')
      .set({ status: 'done', finished_at: clock.now() })
      .where('id', '=', run.id)
      .execute();
    await recordAudit(trx, actor, 'refresh', 'quality_scores', String(run.id), null, {
      provinces: provinces.length,
    });
  });
  const issues = await sql<{ n: number }>`select count(*)::int as n from quality_issues`.execute(db);
  return { runId: run.id, issues: issues.rows[0]!.n };
}

/** Region codes an actor may see aggregates for ('all' for national roles): the policy's aggregate scope. */
function aggregateCodes(actor: Actor): string[] | 'all' {
  return scopeRegions(aggregateScope(actor)) ?? 'all';
}

export type QualityLevel = 'province' | 'regency' | 'branch';

/** The scored report: one row per province, regency (optionally of one province) or branch office. */
export async function qualityReport(
  db: Database,
  actor: Actor,
  f: { level: QualityLevel; province?: string },
) {
  assertCan(actor, 'aggregates.read');
  const codes = aggregateCodes(actor);
  let q = db.selectFrom('quality_scores as s').selectAll('s').where('s.level', '=', f.level);
  if (f.province) {
    if (!/^\d{2}$/.test(f.province))
      throw new ValidationError('province: kode provinsi 2 digit / 2-digit province code');
    if (f.level === 'regency') q = q.where('s.code', 'like', `${f.province}.%`);
    if (f.level === 'branch')
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('branch_offices as b')
            .select('b.id')
            .whereRef(sql`b.id::text`, '=', sql.ref('s.code'))
            .where('b.province_code', '=', f.province!),
        ),
      );
  }
  if (codes !== 'all') {
    if (!codes.length) return { rows: [], refreshedAt: null };
    if (f.level === 'branch')
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('branch_offices as b')
            .select('b.id')
            .whereRef(sql`b.id::text`, '=', sql.ref('s.code'))
            .where((w) =>
              w.or(
                codes.map((c) =>
                  w.or([
                    w('b.province_code', '=', c),
                    w('b.regency_code', '=', c),
                    w(sql`${c}`, 'like', sql`b.regency_code || '.%'`),
                  ]),
                ),
              ),
            ),
        ),
      );
    else
      q = q.where((eb) =>
        eb.or(
          codes.flatMap((c) => [
            eb('s.code', '=', c),
            eb('s.code', 'like', `${c}.%`),
            eb(sql`${c}`, 'like', sql`s.code || '.%'`),
          ]),
        ),
      );
  }
  const rows = await q.orderBy('s.score').orderBy('s.code').execute();
  const last = await db
    .selectFrom('quality_runs')
    .select('finished_at')
    .where('status', '=', 'done')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return {
    rows: rows.map((r) => ({
      ...r,
      score: Number(r.score),
      counts: r.counts as Record<QualityKind, number>,
    })),
    refreshedAt: last?.finished_at ?? null,
  };
}

/** The report as a spreadsheet; headers in both languages. */
export async function qualityXlsx(rows: Awaited<ReturnType<typeof qualityReport>>['rows']): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Kualitas data');
  const labels: Record<QualityKind, string> = {
    missing_phone: 'Tanpa telepon / No phone',
    missing_bank_account: 'Tanpa rekening / No bank account',
    nik_region_mismatch: 'Wilayah NIK ≠ domisili / NIK region ≠ domicile',
    wage_below_minimum: 'Upah < UMP / Wage below minimum',
    employer_no_report: 'Pemberi kerja tanpa laporan / Employers not reporting',
    active_no_contribution: 'Aktif tanpa iuran 3 bln / Active, no contribution 3 months',
    open_duplicate: 'Calon duplikat / Open duplicate candidates',
  };
  ws.addRow([
    'Kode / Code',
    'Nama / Name',
    'Skor / Score',
    'Peserta / Participants',
    'Pemberi kerja / Employers',
    ...QUALITY_KINDS.map((k) => labels[k]),
  ]).font = { bold: true };
  for (const r of rows)
    ws.addRow(
      neutraliseRow([
        r.code,
        r.name,
        r.score,
        Number(r.participants),
        Number(r.employers),
        ...QUALITY_KINDS.map((k) => Number(r.counts[k] ?? 0)),
      ]),
    );
  ws.columns.forEach((c, i) => {
    c.width = i === 1 ? 36 : 16;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A branch officer's worklist: the issues of the people and employers in their scope. */
export async function worklist(
  db: Database,
  actor: Actor,
  f: { kind?: QualityKind; page: number; pageSize: number },
) {
  assertCan(actor, 'review.read');
  const scope = registryScope(actor);
  const kindFilter = f.kind ? sql<boolean>`q.kind = ${f.kind}` : sql<boolean>`true`;
  let pq = db
    .selectFrom('quality_issues as q')
    .innerJoin('participants as p', (j) =>
      j.onRef('p.id', '=', 'q.entity_id').on('q.entity', '=', 'participant'),
    )
    .where(participantScopeFilter(scope))
    .where(kindFilter);
  let eq = db
    .selectFrom('quality_issues as q')
    .innerJoin('employers as e', (j) => j.onRef('e.id', '=', 'q.entity_id').on('q.entity', '=', 'employer'))
    .where(employerScopeFilter(scope))
    .where(kindFilter);
  if (f.kind && f.kind !== 'employer_no_report') eq = eq.where(sql<boolean>`false`);
  if (f.kind === 'employer_no_report') pq = pq.where(sql<boolean>`false`);
  const np = Number((await pq.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const ne = Number((await eq.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const offset = (f.page - 1) * f.pageSize;
  const people = await pq
    .select([
      'q.kind',
      'q.entity',
      'q.entity_id',
      'q.detail',
      'p.nik',
      'p.kpj',
      'p.full_name as name',
      'p.village_code',
    ])
    .orderBy('q.kind')
    .orderBy('q.entity_id')
    .limit(f.pageSize)
    .offset(offset)
    .execute();
  const room = f.pageSize - people.length;
  const employers =
    room > 0
      ? await eq
          .select(['q.kind', 'q.entity', 'q.entity_id', 'q.detail', 'e.npp', 'e.name', 'e.village_code'])
          .orderBy('q.entity_id')
          .limit(room)
          .offset(Math.max(0, offset - np))
          .execute()
      : [];
  return {
    total: np + ne,
    items: [
      ...people.map((r) => presentNik(actor, r)),
      ...employers.map((e) => ({ ...e, nik: null, kpj: null })),
    ],
  };
}
