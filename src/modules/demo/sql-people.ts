/**
 * Participants, one chunk at a time: draw people into seed_batch, then copy them into participants,
 * employment_events and employments. Every draw is random() after a setseed(), in slot order, so a chunk
 * replays identically for the same seed.
 */
import { type RawBuilder, sql } from 'kysely';
import { pick } from './sql-setup.ts';
import {
  AT_UMP_SHARE,
  BELOW_UMP_SHARE,
  FEMALE_FIRST,
  FEMALE_LAST,
  MALE_FIRST,
  MALE_LAST,
  MANAGER_SHARE,
  NIK_ISSUED_ELSEWHERE_SHARE,
  PHONE_MISSING_SHARE,
  PHONE_OPERATORS,
  PHONE_SHARED_SHARE,
  PRIOR_JOB_SHARE,
  SAME_REGENCY_SHARE,
  SEGMENT_PROFILES,
  WAGE_CHANGE_SHARE,
} from './vocab.ts';

export interface ChunkParams {
  province: string;
  from: number;
  to: number;
  asOf: string;
  /** Birth dates: youngest (age 18) and the number of dates back to age 64. */
  youngest: string;
  spanDays: number;
  /** Weighted villages of the province, districts nationally, and the shared-phone pool size. */
  villages: number;
  districts: number;
  phonePool: number;
}

const PERSON_DRAWS = `random() as u_sex, random() as u_age, random() as u_same, random() as u_vil, random() as u_born,
  random() as u_bd, random() as u_fn, random() as u_ln, random() as u_mono, random() as u_ph, random() as u_ph2,
  random() as u_ph3`;

const FULL_NAME = `case when r.sex = 'M' then ${pick(MALE_FIRST, 'r.u_fn')} else ${pick(FEMALE_FIRST, 'r.u_fn')} end
  || case when r.u_mono < 0.15 then ''
     when r.sex = 'M' then ' ' || ${pick(MALE_LAST, 'r.u_ln')} else ' ' || ${pick(FEMALE_LAST, 'r.u_ln')} end`;

// A small pool of numbers shared by ~1% of people: agents and fraudsters reuse phones.
const PHONE = `case when r.u_ph < ${PHONE_MISSING_SHARE} then null
  when r.u_ph < ${PHONE_MISSING_SHARE + PHONE_SHARED_SHARE} then '0812' || lpad(floor(r.u_ph2 * $POOL)::int::text, 8, '0')
  else '08' || ${pick(PHONE_OPERATORS, 'r.u_ph2')} || lpad(floor(r.u_ph3 * 100000000)::bigint::text, 8, '0') end`;

/** First 12 NIK digits: district of issue (3% elsewhere), birth day (+40 for women), month, 2-digit year. */
const nikPrefix = (district: string) => `coalesce(bd.district6, ${district})
  || lpad((extract(day from r.birth_date)::int + case when r.sex = 'F' then 40 else 0 end)::text, 2, '0')
  || to_char(r.birth_date, 'MMYY')`;

const BORN_ELSEWHERE = `left join seed_districts bd on r.u_born < ${NIK_ISSUED_ELSEWHERE_SHARE}
  and bd.idx = floor(r.u_bd * $DISTRICTS)::int`;

const personSql = (p: ChunkParams, text: string): string =>
  text.replace('$POOL', String(p.phonePool)).replace('$DISTRICTS', String(p.districts));

/** Ages 18–64, skewed young like the insured workforce. */
const birth = (p: ChunkParams) =>
  sql`${p.youngest}::date - floor(power(d.u_age, 1.3) * ${p.spanDays}::int)::int`;

const below = `case e_size when 'micro' then ${BELOW_UMP_SHARE.micro} when 'small' then ${BELOW_UMP_SHARE.small}
  when 'medium' then ${BELOW_UMP_SHARE.medium} else ${BELOW_UMP_SHARE.large} end`;

/**
 * Current monthly wage around the provincial UMP, whole thousands: some below it (mostly small firms),
 * a third exactly at it, most above on a log-normal tail, a few managers at 3–15× UMP.
 */
const WAGE = `case
  when u_w < ${below} then floor(ump * (0.55 + 0.44 * u_w2) / 1000) * 1000
  when u_w < ${below} + ${MANAGER_SHARE} then round(ump * (3 + 12 * u_w2 * u_w2) / 1000) * 1000
  when u_w < ${below} + ${MANAGER_SHARE + AT_UMP_SHARE} then ceil(ump / 1000.0) * 1000
  else ceil(ump * exp(0.45 * abs(sqrt(-2 * ln(1 - u_z1)) * cos(2 * pi() * u_z2))) / 1000) * 1000 end`;

/**
 * Wage earners of the employers owning slots [from, to) of the province. Steps that later steps read
 * more than once are materialized: an inlined CTE copies its expressions into every reference, and the
 * hire date alone would be computed a dozen times per row.
 */
export function fillWageEarners(p: ChunkParams, employers: number): RawBuilder<unknown> {
  const pu = SEGMENT_PROFILES.PU;
  const district = 'coalesce(vr.district6, vp.district6)';
  return sql`insert into seed_batch (id, kpj, province_code, regency_code, village_code, prefix, full_name, birth_date,
      sex, phone, segment, programs, is_non_asn, is_vulnerable, registered_on, employer_id, hire_on, wage0, change_on,
      wage1, prior_emp, prior_hire, prior_exit, prior_wage)
    with d as materialized (
      select nextval('participants_id_seq') as id, lpad(nextval('kpj_seq')::text, 11, '0') as kpj,
        e.id as emp_id, e.regency_code as emp_regency, e.reg_n, e.size_class as e_size, e.legal_form,
        e.registered_on as emp_since, e.ump, ${sql.raw(PERSON_DRAWS)}, random() as u_hire, random() as u_w,
        random() as u_w2, random() as u_z1, random() as u_z2, random() as u_chg, random() as u_chg2,
        random() as u_chg3, random() as u_pr, random() as u_pr2, random() as u_pr3, random() as u_pemp
      from seed_emp e cross join lateral generate_series(greatest(e.slot_from, ${p.from}::bigint),
        least(e.slot_to, ${p.to}::bigint) - 1) as s (slot)
      where e.province_code = ${p.province} and e.slot_to > ${p.from}::bigint and e.slot_from < ${p.to}::bigint
      order by s.slot
    ), x as materialized (
      select d.*, case when d.u_sex < ${pu.maleShare}::float8 then 'M' else 'F' end as sex, ${birth(p)} as birth_date,
        (${sql.raw(WAGE)})::bigint as wage1
      from d
    ), h as (
      select x.*, (x.birth_date + interval '18 years')::date as adult_on,
        greatest(x.emp_since, (x.birth_date + interval '18 years')::date) as hire_lo
      from x
    ), c as materialized (
      select h.*, h.hire_lo + floor(power(h.u_hire, 0.6) * (${p.asOf}::date - h.hire_lo))::int as hire_on from h
    ), q as (
      select c.*,
        case when c.u_chg < ${WAGE_CHANGE_SHARE}::float8 and ${p.asOf}::date - c.hire_on > 400
          then c.hire_on + 365 + floor(c.u_chg2 * (${p.asOf}::date - c.hire_on - 365))::int end as change_on,
        case when c.u_pr < ${PRIOR_JOB_SHARE}::float8 and c.hire_on - c.adult_on > 400
          then c.hire_on - 1 - floor(c.u_pr2 * 60)::int end as prior_exit
      from c
    ), r as (
      select q.*, pe.id as pe_id, greatest(q.adult_on, q.prior_exit - 180 - floor(q.u_pr3 * 1800)::int, pe.registered_on) as pe_hire,
        (ceil(pe.ump * (0.9 + 0.3 * q.u_pr3) / 1000) * 1000)::bigint as pe_wage
      from q left join seed_emp pe on q.prior_exit is not null and pe.province_code = ${p.province}
        and pe.eidx = floor(q.u_pemp * ${employers}::int)::int
    ), t as (
      select r.*, r.pe_hire < r.prior_exit as has_prior from r
    )
    select r.id, r.kpj, ${p.province}, coalesce(vr.regency_code, vp.regency_code), coalesce(vr.village_code, vp.village_code),
      ${sql.raw(nikPrefix(district))}, ${sql.raw(FULL_NAME)}, r.birth_date, r.sex, ${sql.raw(personSql(p, PHONE))}, 'PU',
      enrolled_programs('PU', r.e_size,
        date_part('year', age(case when r.has_prior then r.pe_hire else r.hire_on end, r.birth_date))::int,
        r.legal_form = 'Instansi', false),
      r.legal_form = 'Instansi', false, case when r.has_prior then r.pe_hire else r.hire_on end,
      r.emp_id, r.hire_on,
      case when r.change_on is null then r.wage1
        else greatest(1000, floor(r.wage1 / (1.03 + 0.07 * r.u_chg3) / 1000) * 1000)::bigint end,
      r.change_on, r.wage1,
      case when r.has_prior then r.pe_id end, case when r.has_prior then r.pe_hire end,
      case when r.has_prior then r.prior_exit end, case when r.has_prior then r.pe_wage end
    from t as r
    left join seed_villages vr on r.u_same < ${SAME_REGENCY_SHARE}::float8 and vr.regency_code = r.emp_regency
      and vr.ridx = floor(r.u_vil * r.reg_n)::int
    left join seed_villages vp on r.u_same >= ${SAME_REGENCY_SHARE}::float8 and vp.province_code = ${p.province}
      and vp.pidx = floor(r.u_vil * ${p.villages}::int)::int
    ${sql.raw(personSql(p, BORN_ELSEWHERE))}`;
}

type Profile = (typeof SEGMENT_PROFILES)['BPU'];
const segmentCase = (col: string, of: (s: Profile) => number): string =>
  `case ${col} when 'BPU' then ${of(SEGMENT_PROFILES.BPU)} when 'JAKON' then ${of(SEGMENT_PROFILES.JAKON)}
   else ${of(SEGMENT_PROFILES.PMI)} end`;

/**
 * Non-wage segments of the province, slots [from, to) of BPU, then Jakon, then PMI. None has an employer:
 * BPU and PMI pay for themselves, and Jakon contributions are billed per construction project, not per
 * worker wage, so linking Jakon workers to employers would put them in PU billing.
 */
export function fillOthers(p: ChunkParams, bpu: number, jakon: number): RawBuilder<unknown> {
  return sql`insert into seed_batch (id, kpj, province_code, regency_code, village_code, prefix, full_name, birth_date,
      sex, phone, segment, programs, is_non_asn, is_vulnerable, registered_on)
    with d as materialized (
      select nextval('participants_id_seq') as id, lpad(nextval('kpj_seq')::text, 11, '0') as kpj,
        case when s.slot < ${bpu}::int then 'BPU' when s.slot < ${bpu + jakon}::int then 'JAKON' else 'PMI' end as segment,
        ${sql.raw(PERSON_DRAWS)}, random() as u_reg, random() as u_opt, random() as u_vul
      from generate_series(${p.from}::int, ${p.to}::int - 1) as s (slot) order by s.slot
    ), x as materialized (
      select d.*, ${birth(p)} as birth_date from d
    ), r as materialized (
      select x.*, case when x.u_sex < ${sql.raw(segmentCase('x.segment', (s) => s.maleShare))}
          then 'M' else 'F' end as sex,
        greatest((x.birth_date + interval '18 years')::date, ${p.asOf}::date
          - floor(power(x.u_reg, 1.5) * ${sql.raw(segmentCase('x.segment', (s) => s.registeredWithinDays))})::int) as reg_on
      from x
    )
    select r.id, r.kpj, ${p.province}, v.regency_code, v.village_code, ${sql.raw(nikPrefix('v.district6'))},
      ${sql.raw(FULL_NAME)}, r.birth_date, r.sex, ${sql.raw(personSql(p, PHONE))}, r.segment,
      enrolled_programs(r.segment, null, date_part('year', age(r.reg_on, r.birth_date))::int, false,
        r.u_opt < ${sql.raw(segmentCase('r.segment', (s) => s.optionalJhtShare))}),
      false, r.u_vul < ${sql.raw(segmentCase('r.segment', (s) => s.vulnerableShare))}, r.reg_on
    from r
    join seed_villages v on v.province_code = ${p.province} and v.pidx = floor(r.u_vil * ${p.villages}::int)::int
    ${sql.raw(personSql(p, BORN_ELSEWHERE))}`;
}

/**
 * NIK serial: 0001 upward among people sharing the first 12 digits, continuing after any NIK already
 * stored with that prefix (earlier chunks; one index range probe per prefix of the batch). The last
 * serials are a materialized set joined in, not a per-row lateral probe: on a Citus coordinator the
 * batch is a local table and participants are distributed, and Citus takes no lateral outer join
 * between the two.
 */
export const insertParticipants = sql`with pre as materialized (select distinct prefix from seed_batch),
  last as materialized (
    select pre.prefix, max(right(p.nik, 4)::int) as last
    from pre join participants p on p.nik between pre.prefix || '0000' and pre.prefix || '9999'
    group by pre.prefix
  )
  insert into participants (id, nik, kpj, full_name, birth_date, sex, village_code,
    regency_code, province_code, phone, segment, programs, is_non_asn, is_vulnerable, registered_on)
  select b.id, b.prefix || lpad((coalesce(l.last, 0) + row_number() over (partition by b.prefix order by b.id))::text, 4, '0'),
    b.kpj, b.full_name, b.birth_date, b.sex, b.village_code, b.regency_code, b.province_code, b.phone, b.segment,
    b.programs, b.is_non_asn, b.is_vulnerable, b.registered_on
  from seed_batch b
  left join last l on l.prefix = b.prefix
  order by b.id`;

/** The employment history as events (an earlier job: hire then exit; the current job: hire, maybe a raise). */
export const insertEvents = sql`insert into employment_events (participant_id, employer_id, kind, effective_on, wage, reported_at)
  select e.pid, e.emp, e.kind, e.on_date, e.wage, e.on_date + time '09:00'
  from (
    select id as pid, prior_emp as emp, 'hire' as kind, prior_hire as on_date, prior_wage as wage, 1 as ord
      from seed_batch where prior_emp is not null
    union all select id, prior_emp, 'exit', prior_exit, null, 2 from seed_batch where prior_emp is not null
    union all select id, employer_id, 'hire', hire_on, wage0, 3 from seed_batch where employer_id is not null
    union all select id, employer_id, 'wage_change', change_on, wage1, 4 from seed_batch where change_on is not null
  ) as e order by e.pid, e.ord`;

/** The same history as rows: the earlier job closed, the current one open at today's wage. */
export const insertEmployments = sql`insert into employments (participant_id, employer_id, started_on, ended_on, wage)
  select id, prior_emp, prior_hire, prior_exit, prior_wage from seed_batch where prior_emp is not null
  union all select id, employer_id, hire_on, null, wage1 from seed_batch where employer_id is not null
  order by 1, 3`;
