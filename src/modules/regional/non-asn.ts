/**
 * Non-ASN staff of a government employer (Permenaker 1/2025 Pasal 3A): registered through the worker
 * import with a category column, the 30-working-day deadline tracked per registration, and the share
 * covered per region, which feeds the Inpres/Paritrana score's "non-ASN covered" criterion.
 */
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import { isoDate } from '../../platform/clock.ts';
import type { Database, DbHandle } from '../../platform/db.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { formatOf, readTabular } from '../../platform/tabular.ts';
import { recordAudit } from '../access/audit.ts';
import { type Actor, assertCan, can, ownEmployer, villageInScope } from '../access/policy.ts';
import { nonWorkingReason } from '../contributions/due.ts';
import { type ImportResult, importWorkers } from '../imports/actions.ts';
import { intAt, paramAt } from '../rules/params.ts';
import { NON_ASN_CATEGORIES, type NonAsnCategory } from './rules.ts';

const CATEGORY_COLUMNS = ['kategori_non_asn', 'non_asn_category', 'kategori'];
const CATS = new Set<string>(NON_ASN_CATEGORIES);

/** The date `n` working days after `date` (weekends, national holidays and cuti bersama skipped). */
export function addWorkingDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  let left = n;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (!nonWorkingReason(d.toISOString().slice(0, 10))) left--;
  }
  return d.toISOString().slice(0, 10);
}

/**
 * The Pasal 3A deadline of a staff member who started on `startedOn`: 30 working days (rule parameter)
 * from the later of the start and the regulation's first day (staff already working on 24 Feb 2025 count
 * from then; the starting day is not quoted, UNCONFIRMED, docs/decisions/0014).
 */
export function pasal3aDeadline(startedOn: string): { obligedFrom: string; deadline: string; days: number } {
  const first = paramAt('non_asn.registration_working_days', '9999-12-31')?.from ?? '2025-02-24';
  const obligedFrom = startedOn > first ? startedOn : first;
  const [days] = intAt('non_asn.registration_working_days', obligedFrom);
  return { obligedFrom, deadline: addWorkingDays(obligedFrom, days), days };
}

export async function governmentEmployer(db: Database, npp: string | undefined, actor: Actor) {
  const q = db.selectFrom('employers').select(['id', 'npp', 'name', 'legal_form', 'village_code']);
  // An employer registers its own staff; head office and branch officers name the employer.
  const own = ownEmployer(actor);
  const e =
    own !== null
      ? await q.where('id', '=', own).executeTakeFirst()
      : npp
        ? await q.where('npp', '=', npp).executeTakeFirst()
        : undefined;
  if (!e)
    throw new NotFoundError(`employer: pemberi kerja ${npp ?? ''} tidak ditemukan / employer not found`);
  if (own !== null) {
    if (npp && npp !== e.npp) throw new ForbiddenError();
  } else {
    // wages.report: head office and the system (everywhere), branch officers (inside their regions).
    if (!can(actor, 'wages.report')) throw new ForbiddenError();
    if (!villageInScope(actor, e.village_code))
      throw new ForbiddenError('Di luar wilayah Anda / outside your regions');
  }
  if (e.legal_form !== 'Instansi')
    throw new ValidationError(
      'employer: hanya instansi pemerintah yang mendaftarkan pegawai non-ASN / only a government employer registers non-ASN staff',
    );
  return e;
}

/** NIK, category and start date of each row, the categories checked before anything is imported. */
async function readCategories(file: string, fileName: string) {
  const rows: Array<{ nik: string; category: NonAsnCategory; started: string | null }> = [];
  const bad: Array<{ line: number; value: string }> = [];
  for await (const { line, cells } of readTabular(file, formatOf(fileName))) {
    const key = Object.keys(cells).find((k) => CATEGORY_COLUMNS.includes(k.trim().toLowerCase()));
    if (!key)
      throw new ValidationError(
        `file: kolom kategori_non_asn tidak ada / the kategori_non_asn column is missing (${NON_ASN_CATEGORIES.join(', ')})`,
      );
    const value = String(cells[key] ?? '')
      .trim()
      .toLowerCase();
    if (!CATS.has(value)) bad.push({ line, value });
    const nik = String(cells.nik ?? '').trim();
    const started = String(cells.tanggal_mulai ?? cells.start_date ?? '').trim();
    rows.push({
      nik,
      category: value as NonAsnCategory,
      started: /^\d{4}-\d{2}-\d{2}$/.test(started) ? started : null,
    });
  }
  if (bad.length)
    throw new ValidationError(
      `kategori_non_asn: kategori tidak dikenal pada baris ${bad
        .slice(0, 20)
        .map((b) => `${b.line} ("${b.value}")`)
        .join(', ')} / unknown category; allowed: ${NON_ASN_CATEGORIES.join(', ')}`,
      { lines: bad },
    );
  return rows;
}

export interface NonAsnImportResult extends ImportResult {
  registered: number;
}

/**
 * Imports a government employer's non-ASN staff list: the worker import registers the people (its
 * checks, report and idempotence), then each accepted person gets a registration row with its category
 * and Pasal 3A deadline, set-based, in one transaction with the audit row. Re-importing changes nothing.
 */
export async function importNonAsn(
  h: DbHandle,
  o: { file: string; fileName?: string; employerNpp?: string },
  actor: Actor,
  clock: Clock,
): Promise<NonAsnImportResult> {
  const employer = await governmentEmployer(h.db, o.employerNpp, actor);
  const fileName = o.fileName ?? o.file;
  const rows = await readCategories(o.file, fileName);
  const result = await importWorkers(h, { file: o.file, fileName, employerNpp: employer.npp }, actor, clock);
  const today = isoDate(clock.now());
  const registered = await h.db.transaction().execute(async (trx) => {
    let n = 0;
    for (let i = 0; i < rows.length; i += 5000) {
      const chunk = rows.slice(i, i + 5000).filter((r) => /^\d{16}$/.test(r.nik));
      if (!chunk.length) continue;
      const values = chunk.map((r) => {
        const d = pasal3aDeadline(r.started ?? today);
        return sql`(${r.nik}::text, ${r.category}::text, ${d.obligedFrom}::date, ${d.deadline}::date)`;
      });
      const res = await sql`
        insert into non_asn_registrations (employer_id, participant_id, nik, category, region_code, obliged_from,
          deadline, submitted_on, member_since, import_id)
        select ${employer.id}, p.id, v.nik, v.category, ${employer.village_code}, v.obliged_from, v.deadline,
          ${today}::date, p.registered_on, ${result.importId}
        from (values ${sql.join(values)}) v(nik, category, obliged_from, deadline)
        join participants p on p.nik = v.nik
        where exists (select 1 from employments m where m.participant_id = p.id and m.employer_id = ${employer.id})
        on conflict (employer_id, nik) do nothing`.execute(trx);
      n += Number(res.numAffectedRows ?? 0n);
      await sql`update participants p set is_non_asn = true from (values ${sql.join(values)}) v(nik, category, a, b)
        where p.nik = v.nik and not p.is_non_asn
          and exists (select 1 from employments m where m.participant_id = p.id and m.employer_id = ${employer.id})`.execute(
        trx,
      );
    }
    await recordAudit(trx, actor, 'import_non_asn', 'employer', String(employer.id), null, {
      file: fileName,
      import_id: result.importId,
      registered: n,
    });
    return n;
  });
  return { ...result, registered };
}

/** An employer declares how many non-ASN staff it has per category in a year (the denominator). */
export async function declareHeadcount(
  db: Database,
  o: { employerNpp?: string; year: number; counts: Partial<Record<NonAsnCategory, number>> },
  actor: Actor,
) {
  const employer = await governmentEmployer(db, o.employerNpp, actor);
  const entries = Object.entries(o.counts).filter(([k]) => CATS.has(k));
  if (!entries.length) throw new ValidationError('counts: tidak ada kategori / no category given');
  await db.transaction().execute(async (trx) => {
    for (const [category, headcount] of entries)
      await sql`insert into non_asn_headcounts (employer_id, year, category, headcount, created_by)
        values (${employer.id}, ${o.year}, ${category}, ${headcount}, ${actor.userId})
        on conflict (employer_id, year, category) do update set headcount = excluded.headcount`.execute(trx);
    await recordAudit(trx, actor, 'declare_non_asn_headcount', 'employer', String(employer.id), null, o);
  });
  return { employer_id: employer.id, year: o.year };
}

export interface NonAsnRegionProgress {
  region_code: string;
  year: number;
  declared: number;
  registered: number;
  covered: number;
  on_time: number;
  late: number;
  not_registered: number;
  share: number | null;
  by_category: Array<{ category: string; declared: number; registered: number; covered: number }>;
}

/**
 * Per region (a province or regency code prefix): staff declared, registered, covered (an active
 * participant), registered on time / late against the Pasal 3A deadline. `covered / declared` is the
 * share the score uses. Aggregates only: no person is named.
 */
export async function nonAsnProgress(db: Database, region: string, year: number, _today: string) {
  const r = await sql<{
    category: string;
    declared: number;
    registered: number;
    covered: number;
    on_time: number;
    late: number;
  }>`
    with decl as (
      select h.category, sum(h.headcount)::int as declared from non_asn_headcounts h join employers e on e.id = h.employer_id
      where h.year = ${year} and (e.village_code = ${region} or e.village_code like ${region} || '.%') group by 1
    ), reg as (
      select r.category, count(*)::int as registered,
        count(*) filter (where p.status = 'active')::int as covered,
        count(*) filter (where r.submitted_on <= r.deadline)::int as on_time,
        count(*) filter (where r.submitted_on > r.deadline)::int as late
      from non_asn_registrations r left join participants p on p.id = r.participant_id
      where (r.region_code = ${region} or r.region_code like ${region} || '.%')
        and extract(year from r.submitted_on) <= ${year}
      group by 1
    )
    select c.category, coalesce(d.declared, 0) as declared, coalesce(g.registered, 0) as registered,
      coalesce(g.covered, 0) as covered, coalesce(g.on_time, 0) as on_time, coalesce(g.late, 0) as late
    from unnest(${[...NON_ASN_CATEGORIES]}::text[]) c(category)
    left join decl d on d.category = c.category left join reg g on g.category = c.category`.execute(db);
  const sum = (k: 'declared' | 'registered' | 'covered' | 'on_time' | 'late') =>
    r.rows.reduce((s, x) => s + x[k], 0);
  const declared = sum('declared');
  return {
    region_code: region,
    year,
    declared,
    registered: sum('registered'),
    covered: sum('covered'),
    on_time: sum('on_time'),
    late: sum('late'),
    not_registered: Math.max(0, declared - sum('registered')),
    share: declared > 0 ? Math.min(1, sum('covered') / declared) : null,
    by_category: r.rows.map(({ category, declared, registered, covered }) => ({
      category,
      declared,
      registered,
      covered,
    })),
  } satisfies NonAsnRegionProgress;
}

/** Links a government employer to the Inpres addressee whose own staff it employs (admin, branch officer). */
export async function linkGovernmentEmployer(
  db: Database,
  o: { employerNpp: string; addresseeId: number },
  actor: Actor,
) {
  assertCan(actor, 'agreements.manage');
  const e = await governmentEmployer(db, o.employerNpp, actor);
  const a = await db
    .selectFrom('gov_addressees')
    .select(['id'])
    .where('id', '=', o.addresseeId)
    .executeTakeFirst();
  if (!a)
    throw new NotFoundError(
      `addressee: penerima Inpres ${o.addresseeId} tidak ditemukan / addressee not found`,
    );
  await db.transaction().execute(async (trx) => {
    await sql`insert into gov_employer_links (employer_id, addressee_id, created_by) values (${e.id}, ${a.id}, ${actor.userId})
      on conflict (employer_id) do update set addressee_id = excluded.addressee_id`.execute(trx);
    await recordAudit(trx, actor, 'link_government_employer', 'employer', String(e.id), null, o);
  });
  return { employer_id: e.id, addressee_id: a.id };
}

/**
 * The registry's own "non-ASN covered" evidence per addressee, from its linked employers: for the latest
 * year with a declared headcount, covered = registered staff who are active participants, eligible = the
 * declared headcount. Returned in the score's Evidence shape (id < 0: not a stored commitment).
 */
export async function nonAsnEvidence(db: Database, addresseeIds: number[]) {
  const out = new Map<number, { year: number; covered: number; eligible: number }>();
  if (!addresseeIds.length) return out;
  const r = await sql<{ addressee_id: number; year: number; eligible: number; covered: number }>`
    with y as (
      select l.addressee_id, max(h.year) as year from gov_employer_links l
      join non_asn_headcounts h on h.employer_id = l.employer_id
      where l.addressee_id in (${sql.join(addresseeIds)}) group by 1
    )
    select y.addressee_id, y.year,
      (select coalesce(sum(h.headcount), 0) from non_asn_headcounts h join gov_employer_links l on l.employer_id = h.employer_id
        where l.addressee_id = y.addressee_id and h.year = y.year)::int as eligible,
      (select count(*) from non_asn_registrations r join gov_employer_links l on l.employer_id = r.employer_id
        join participants p on p.id = r.participant_id and p.status = 'active'
        where l.addressee_id = y.addressee_id and extract(year from r.submitted_on) <= y.year)::int as covered
    from y`.execute(db);
  for (const x of r.rows) out.set(x.addressee_id, { year: x.year, covered: x.covered, eligible: x.eligible });
  return out;
}
