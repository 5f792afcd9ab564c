import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { type Actor, inScope, registryScope } from '../access/policy.ts';

/**
 * Set-based checks over the staged rows of one import, in the database. Each marks the offending
 * rows rejected and writes one error per row, in both languages. Order matters: a row rejected by an
 * earlier check is not reported again by a later one.
 */
export async function runSetChecks(
  db: Database,
  importId: number,
  employerId: number | null,
  who: { actor: Actor; dryRun: boolean } | null = null,
): Promise<void> {
  // Duplicate NIK inside the file: every occurrence after the first.
  await reject(
    db,
    importId,
    'nik',
    'nik_duplicate_in_file',
    sql`select r.line, r.nik as value,
          'NIK sama dengan baris ' || f.first_line as message_id,
          'Same NIK as line ' || f.first_line as message_en
        from import_rows r
        join (select nik, min(line) as first_line from import_rows where import_id = ${importId} and status = 'pending' group by nik having count(*) > 1) f
          on f.nik = r.nik and r.line > f.first_line
        where r.import_id = ${importId} and r.status = 'pending'`,
  );
  await reject(
    db,
    importId,
    'kode_desa',
    'village_unknown',
    sql`select r.line, r.village_code as value,
          'Kode desa tidak dikenal: ' || r.village_code as message_id,
          'Unknown village code: ' || r.village_code as message_en
        from import_rows r left join regions g on g.code = r.village_code and g.level = 4
        where r.import_id = ${importId} and r.status = 'pending' and g.code is null`,
  );
  if (employerId !== null) {
    await sql`update import_rows set employer_id = ${employerId}
              where import_id = ${importId} and status = 'pending' and segment = 'PU'`.execute(db);
  } else {
    await sql`update import_rows r set employer_id = e.id from employers e
              where r.import_id = ${importId} and r.status = 'pending' and r.segment = 'PU' and e.npp = r.npp`.execute(
      db,
    );
    await reject(
      db,
      importId,
      'npp',
      'employer_unknown',
      sql`select line, npp as value, 'NPP tidak dikenal: ' || npp as message_id, 'Unknown employer NPP: ' || npp as message_en
          from import_rows where import_id = ${importId} and status = 'pending' and npp is not null and employer_id is null`,
    );
  }
  // Already registered: the same person at the same employer (or, without an employer, in the same
  // segment) is unchanged — that is what makes re-importing a file a no-op. Anywhere else it is an error.
  await sql`update import_rows r set status = 'unchanged', participant_id = p.id
            from participants p
            where r.import_id = ${importId} and r.status = 'pending' and p.nik = r.nik
              and lower(p.full_name) = lower(r.full_name) and p.segment = r.segment
              and (r.employer_id is null or exists (
                select 1 from employments m where m.participant_id = p.id and m.employer_id = r.employer_id and m.ended_on is null))`.execute(
    db,
  );
  // No existence oracle (docs/decisions/0010): for an uploader that may not read the registered person,
  // a dry run says nothing (as for a new NIK), and a real run sends the row to the branch office's review
  // queue. Nobody learns the KPJ from an import report.
  const scope = who ? registryScope(who.actor) : ({ kind: 'all' } as const);
  if (scope.kind !== 'all') {
    const outside = sql`from import_rows r join participants p on p.nik = r.nik
        where r.import_id = ${importId} and r.status = 'pending' and not ${inScope(scope, 'participant', 'p')}`;
    if (who?.dryRun) {
      await sql`update import_rows r set status = 'review' from participants p
        where r.import_id = ${importId} and r.status = 'pending' and p.nik = r.nik
          and not ${inScope(scope, 'participant', 'p')}`.execute(db);
    } else {
      await sql`insert into access_reviews (kind, region_code, nik, participant_id, employer_id, requested_by, detail)
        select 'registered_elsewhere', p.village_code, r.nik, p.id, r.employer_id, ${who?.actor.userId ?? null},
          jsonb_build_object('import_id', ${importId}::bigint, 'line', r.line, 'wage', r.wage, 'segment', r.segment)
        ${outside}`.execute(db);
      await reject(
        db,
        importId,
        'nik',
        'nik_review',
        sql`select r.line, r.nik as value,
            'Diteruskan ke kantor cabang untuk diperiksa' as message_id,
            'Sent to the branch office for review' as message_en
          ${outside}`,
      );
    }
  }
  await reject(
    db,
    importId,
    'nik',
    'nik_registered',
    sql`select r.line, r.nik as value,
          'NIK sudah terdaftar' as message_id,
          'NIK already registered' as message_en
        from import_rows r join participants p on p.nik = r.nik
        where r.import_id = ${importId} and r.status = 'pending'`,
  );
}

async function reject(
  db: Database,
  importId: number,
  column: string,
  code: string,
  select: ReturnType<typeof sql>,
) {
  await sql`with bad as (${select}),
            errs as (insert into import_errors (import_id, line, "column", code, message_id, message_en, value)
                     select ${importId}, line, ${column}, ${code}, message_id, message_en, value from bad)
            update import_rows r set status = 'rejected' from bad
            where r.import_id = ${importId} and r.line = bad.line`.execute(db);
}

/**
 * Registers the pending rows with lines in (fromLine, toLine]: participants, then the staging rows
 * marked accepted with their participant id, then hire events and open employments. Plain statements
 * joined through indexes (participants.nik, the staging primary key): CTEs carry no statistics, and a
 * nested loop over them was quadratic in the chunk size. ON CONFLICT keeps a resumed run from
 * registering anyone twice; the caller runs the four in one transaction.
 */
export async function commitChunk(
  db: Database,
  importId: number,
  fromLine: number,
  toLine: number,
  today: string,
) {
  const chunk = sql`r.import_id = ${importId} and r.line > ${fromLine} and r.line <= ${toLine}`;
  await sql`
    insert into participants (nik, kpj, full_name, birth_date, sex, village_code, regency_code, province_code,
                              phone, segment, programs, is_non_asn, is_vulnerable, registered_on, import_id)
    select r.nik, lpad(nextval('kpj_seq')::text, 11, '0'), r.full_name, r.birth_date, r.sex, r.village_code,
           left(r.village_code, 5), left(r.village_code, 2), r.phone, r.segment,
           enrolled_programs(r.segment, e.size_class, extract(year from age(r.start_date, r.birth_date))::int, r.is_non_asn, r.jht),
           r.is_non_asn, r.is_vulnerable, ${today}::date, ${importId}
    from import_rows r left join employers e on e.id = r.employer_id
    where ${chunk} and r.status = 'pending'
    order by r.line
    on conflict (nik) do nothing`.execute(db);
  await sql`
    update import_rows r set status = 'accepted', participant_id = p.id
    from participants p
    where ${chunk} and r.status = 'pending' and p.nik = r.nik and p.import_id = ${importId}`.execute(db);
  await sql`
    insert into employment_events (participant_id, employer_id, kind, effective_on, wage, import_id)
    select r.participant_id, r.employer_id, 'hire', r.start_date, r.wage, ${importId}
    from import_rows r
    where ${chunk} and r.status = 'accepted' and r.employer_id is not null and r.wage is not null`.execute(
    db,
  );
  await sql`
    insert into employments (participant_id, employer_id, started_on, wage)
    select r.participant_id, r.employer_id, r.start_date, r.wage
    from import_rows r
    where ${chunk} and r.status = 'accepted' and r.employer_id is not null and r.wage is not null
    on conflict do nothing`.execute(db);
}
