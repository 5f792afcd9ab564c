/**
 * Session-scoped helper tables for the demo seed (temporary: they live on the one connection the seed
 * holds, are never WAL-logged, and vanish with it) and the per-province employer statements.
 */
import { type RawBuilder, sql } from 'kysely';
import { ASSOCIATION_SECTORS } from '../partnerships/rules.ts';
import { SIZE_ORDER } from './rules.ts';
import {
  AGENCIES,
  COMPANY_WORD_1,
  COMPANY_WORD_2,
  EMPLOYERS_SINCE,
  FOREIGN_INVESTED_ACRONYM,
  FOREIGN_INVESTED_SHARE,
  GOVERNMENT_SECTOR,
  HEADCOUNT_SQL,
  LEGAL_FORMS,
  SECTORS,
  SHOP_WORDS,
} from './vocab.ts';

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;
/** A text[] literal from a fixed word list (never user input). */
export const textArray = (list: readonly string[]): string => `(array[${list.map(quote).join(',')}]::text[])`;
/** `arr[1 + floor(u * n)]`: a uniform pick from a literal list. */
export const pick = (list: readonly string[], u: string): string =>
  `${textArray(list)}[1 + floor(${u} * ${list.length})::int]`;

export const TEMP_TABLES = [
  'seed_villages',
  'seed_reg_n',
  'seed_districts',
  'seed_emp',
  'seed_batch',
  'seed_forms',
  'seed_sectors',
  'seed_assoc',
  'seed_branch',
];

/** Cumulative [lo, hi) bands from weights; the last band ends above 1 so no draw falls through. */
function bands<T>(items: T[], weight: (t: T) => number): Array<{ item: T; lo: number; hi: number }> {
  const total = items.reduce((s, t) => s + weight(t), 0);
  let acc = 0;
  return items.map((item, i) => {
    const lo = acc / total;
    acc += weight(item);
    return { item, lo, hi: i === items.length - 1 ? 2 : acc / total };
  });
}

export function setupStatements(): RawBuilder<unknown>[] {
  const forms = SIZE_ORDER.flatMap((size) =>
    bands(LEGAL_FORMS[size], ([, w]) => w).map(
      ({ item: [form], lo, hi }) => `(${quote(size)}, ${lo}, ${hi}, ${quote(form)})`,
    ),
  );
  const sectors = bands(SECTORS, (s) => s.weight).map(
    ({ item, lo, hi }) => `(${lo}, ${hi}, ${quote(item.name)}, ${item.risk[0]}, ${item.risk[1]})`,
  );
  const assoc = ASSOCIATION_SECTORS.map((a) => `(${quote(a.acronym)}, ${quote(a.sector)}, ${a.rate})`);
  return [
    sql`drop table if exists ${sql.raw(TEMP_TABLES.join(', '))}`,
    // Kelurahan (urban) are listed three times: towns hold more workers than rural desa.
    sql`create temp table seed_villages as
      select left(v.code, 2) as province_code, left(v.code, 5) as regency_code, v.code as village_code,
        replace(left(v.code, 8), '.', '') as district6,
        (row_number() over (partition by left(v.code, 2) order by v.code, k) - 1)::int as pidx,
        (row_number() over (partition by left(v.code, 5) order by v.code, k) - 1)::int as ridx
      from regions v cross join lateral generate_series(1, case when v.kind = 'kelurahan' then 3 else 1 end) as k
      where v.level = 4`,
    sql`create index on seed_villages (province_code, pidx)`,
    sql`create index on seed_villages (regency_code, ridx)`,
    sql`analyze seed_villages`,
    sql`create temp table seed_reg_n as select regency_code, count(*)::int as n from seed_villages group by regency_code`,
    sql`create temp table seed_districts as
      select (row_number() over (order by code) - 1)::int as idx, replace(code, '.', '') as district6
      from regions where level = 3`,
    sql`create temp table seed_emp (id bigint primary key, eidx int not null, province_code text not null,
      regency_code text not null, village_code text not null, reg_n int not null, size_class text not null,
      legal_form text not null, sector text not null, risk_class smallint not null, registered_on date not null,
      ump bigint not null, weight bigint not null, slot_from bigint, slot_to bigint, u_assoc float8 not null,
      u_pick float8 not null, u_since float8 not null, name text not null)`,
    sql`create index on seed_emp (province_code, eidx)`,
    sql`create temp table seed_batch (id bigint, kpj text, province_code text, regency_code text, village_code text,
      prefix text, full_name text, birth_date date, sex text, phone text, segment text, programs text[],
      is_non_asn boolean, is_vulnerable boolean, registered_on date, employer_id bigint, hire_on date, wage0 bigint,
      change_on date, wage1 bigint, prior_emp bigint, prior_hire date, prior_exit date, prior_wage bigint)`,
    sql`create temp table seed_forms (form_size text, lo float8, hi float8, legal_form text)`,
    sql`insert into seed_forms values ${sql.raw(forms.join(', '))}`,
    sql`create temp table seed_sectors (lo float8, hi float8, sector text, risk_lo int, risk_hi int)`,
    sql`insert into seed_sectors values ${sql.raw(sectors.join(', '))}`,
    // One association per firm: k picks among the associations of the firm's sector.
    sql`create temp table seed_assoc as
      select p.id as partner_id, a.sector, a.rate,
        (row_number() over (partition by a.sector order by p.id) - 1)::int as k,
        (count(*) over (partition by a.sector))::int as n
      from (values ${sql.raw(assoc.join(', '))}) as a (acronym, sector, rate)
      join partners p on p.acronym = a.acronym`,
  ];
}

/**
 * Branch offices (kantor cabang) are real infrastructure, not sampled: one per province in its first
 * city (or largest regency), more in provinces with many participants. Existing offices are kept.
 */
export function branchOfficeStatement(province: string, count: number): RawBuilder<unknown> {
  return sql`insert into branch_offices (code, name, province_code, regency_code)
    select 'KC' || replace(r.code, '.', ''),
      'Kantor Cabang ' || replace(replace(r.name, 'Kabupaten ', ''), 'Kota ', ''), ${province}, r.code
    from regions r left join seed_reg_n n on n.regency_code = r.code
    where r.level = 2 and r.parent_code = ${province}
    order by (r.kind = 'kota') desc, n.n desc nulls last, r.code
    limit ${count}::int
    on conflict (code) do nothing`;
}

/** Each regency's office: its own, else its province's first. */
export const seedBranchStatement = sql`create temp table seed_branch as
  select r.code as regency_code, coalesce(
    (select b.id from branch_offices b where b.regency_code = r.code order by b.id limit 1),
    (select b.id from branch_offices b where b.province_code = r.parent_code order by b.id limit 1)) as branch_id
  from regions r where r.level = 2`;

export interface EmployerParams {
  province: string;
  count: number;
  villages: number;
  ump: number;
  asOf: string;
  /** Cumulative size shares: below c[0] micro, c[1] small, c[2] medium, else large. */
  sizeCuts: [number, number, number];
}

const W1 = (u: string) => pick(COMPANY_WORD_1, u);
const W2 = (u: string) => pick(COMPANY_WORD_2, u);
const EMPLOYER_NAME = `case f.legal_form
    when 'PT' then 'PT ' || ${W1('s.u_n1')} || ' ' || ${W2('s.u_n2')}
    when 'CV' then 'CV ' || ${W1('s.u_n1')} || ' ' || ${W2('s.u_n2')}
    when 'Koperasi' then 'Koperasi ' || ${pick(['Serba Usaha', 'Karyawan', 'Produsen', 'Simpan Pinjam'], 's.u_n3')} || ' ' || ${W1('s.u_n1')}
    when 'Yayasan' then 'Yayasan ' || ${W1('s.u_n1')} || ' ' || ${W2('s.u_n2')}
    when 'Perorangan' then ${pick(SHOP_WORDS, 's.u_n3')} || ' ' || ${W1('s.u_n1')} || ' ' || ${W2('s.u_n2')}
    when 'BUMN' then 'PT ' || ${W1('s.u_n1')} || ' ' || ${W2('s.u_n2')} || ' (Persero)'
    when 'BUMD' then 'Perumda ' || ${W1('s.u_n1')} || ' ' || replace(replace(rr.name, 'Kabupaten ', ''), 'Kota ', '')
    else ${pick(AGENCIES, 's.u_n3')} || ' ' || rr.name end`;

/** A province's employers into seed_emp: size, legal form by size, sector with its risk class, village. */
export function employerDrawStatement(p: EmployerParams): RawBuilder<unknown> {
  return sql`insert into seed_emp (id, eidx, province_code, regency_code, village_code, reg_n, size_class, legal_form,
      sector, risk_class, registered_on, ump, weight, u_assoc, u_pick, u_since, name)
    with d as materialized (
      select nextval('employers_id_seq') as id, g as eidx, random() as u_size, random() as u_form, random() as u_sec,
        random() as u_risk, random() as u_vil, random() as u_reg, random() as u_w, random() as u_n1, random() as u_n2,
        random() as u_n3, random() as u_assoc, random() as u_pick, random() as u_since
      from generate_series(0, ${p.count}::int - 1) as g order by g
    ), s as (
      select d.*, case when u_size < ${p.sizeCuts[0]}::float8 then 'micro' when u_size < ${p.sizeCuts[1]}::float8 then 'small'
        when u_size < ${p.sizeCuts[2]}::float8 then 'medium' else 'large' end as size_class
      from d
    )
    select s.id, s.eidx, ${p.province}, v.regency_code, v.village_code, rn.n, s.size_class, f.legal_form,
      case when f.legal_form = 'Instansi' then ${GOVERNMENT_SECTOR} else sec.sector end,
      case when f.legal_form = 'Instansi' then 1 else sec.risk_lo + floor(s.u_risk * (sec.risk_hi - sec.risk_lo + 1))::int end,
      ${p.asOf}::date - floor(power(s.u_reg, case s.size_class when 'large' then 0.7 when 'medium' then 0.9 else 1.6 end)
        * (${p.asOf}::date - ${EMPLOYERS_SINCE}::date))::int,
      ${p.ump}::bigint, (${sql.raw(HEADCOUNT_SQL)})::bigint, s.u_assoc, s.u_pick, s.u_since, ${sql.raw(EMPLOYER_NAME)}
    from s
    join seed_forms f on f.form_size = s.size_class and s.u_form >= f.lo and s.u_form < f.hi
    join seed_sectors sec on s.u_sec >= sec.lo and s.u_sec < sec.hi
    join seed_villages v on v.province_code = ${p.province} and v.pidx = floor(s.u_vil * ${p.villages}::int)::int
    join seed_reg_n rn on rn.regency_code = v.regency_code
    join regions rr on rr.code = v.regency_code`;
}

export function employerInsertStatement(province: string): RawBuilder<unknown> {
  return sql`insert into employers (id, npp, name, legal_form, sector, size_class, risk_class, village_code,
      regency_code, province_code, branch_office_id, is_state_body, registered_on)
    select e.id, nextval('npp_seq')::text, e.name, e.legal_form, e.sector, e.size_class, e.risk_class, e.village_code,
      e.regency_code, e.province_code, b.branch_id, e.legal_form = 'Instansi', e.registered_on
    from seed_emp e left join seed_branch b on b.regency_code = e.regency_code
    where e.province_code = ${province} order by e.eidx`;
}

/**
 * Scales planned headcounts to exactly `workers` PU slots: employer e owns slots
 * [cum(e-1)·W/T, cum(e)·W/T) in integer arithmetic, so ranges tile 0..W with no gap or overlap.
 */
export function employerSlotsStatement(province: string, workers: number): RawBuilder<unknown> {
  return sql`update seed_emp e set slot_from = (c.cw - e.weight) * ${workers}::bigint / c.tw,
      slot_to = c.cw * ${workers}::bigint / c.tw
    from (select id, sum(weight) over (order by eidx) as cw, sum(weight) over () as tw
          from seed_emp where province_code = ${province}) as c
    where e.id = c.id`;
}

/** Association memberships: firms of an association's sector join at its rate; foreign-invested PTs join IFICA. */
export function membershipStatement(province: string, asOf: string): RawBuilder<unknown> {
  return sql`insert into employer_memberships (employer_id, partner_id, since)
    select e.id, a.partner_id, e.registered_on + floor(e.u_since * (${asOf}::date - e.registered_on))::int
    from seed_emp e join seed_assoc a on a.sector = e.sector and a.k = floor(e.u_pick * a.n)::int
    where e.province_code = ${province} and e.legal_form in ('PT', 'CV') and e.u_assoc < a.rate
    union all
    select e.id, p.id, e.registered_on + floor(e.u_since * (${asOf}::date - e.registered_on))::int
    from seed_emp e join partners p on p.acronym = ${FOREIGN_INVESTED_ACRONYM}
    where e.province_code = ${province} and e.legal_form = 'PT' and e.size_class in ('medium', 'large')
      and e.u_assoc >= ${1 - FOREIGN_INVESTED_SHARE}::float8`;
}
