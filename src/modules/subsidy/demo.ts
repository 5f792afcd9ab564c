/**
 * Demo data for wage-subsidy screening on top of the synthetic national sample (demo/seedDemo):
 * bank accounts, synthetic exclusion lists and, when nothing has filled coverage_spans yet, a paid
 * history. Draws are hashes of the participant id, so the same sample always gets the same accounts.
 */
import { type RawBuilder, sql } from 'kysely';
import type { DbHandle } from '../../platform/db.ts';
import { ensureProgrammes } from './programmes.ts';

export interface SubsidyDemoOptions {
  /**
   * Write a paid history into coverage_spans when the table is empty. The contributions module owns
   * that table; months before Lindung's first billing run can only come from migrated history, which
   * is what this stands in for. Off when another module has already written spans.
   */
  paidHistory?: boolean;
  log?: (line: string) => void;
}

export interface SubsidyDemoResult {
  accounts: number;
  spans: number;
  listEntries: number;
}

/** A uniform draw in [0, 1) from the participant id and a salt, stable across runs and databases. */
const u = (salt: string): RawBuilder<number> =>
  sql`((('x' || substr(md5(p.id::text || ${salt}::text), 1, 8))::bit(32)::int::bigint + 2147483648) / 4294967296.0)`;

/**
 * Accounts: most wage earners have one (payroll), fewer informal workers. Himbara banks by their
 * rough share of BSU 2020 accounts; in Aceh (Qanun 11/2018 on Islamic finance) nearly all are at BSI.
 * A few are at a private bank (BCA) and a few were never verified: both count as "no account".
 */
const ACCOUNTS = sql`insert into participant_bank_accounts (participant_id, bank_code, account_number, holder_name, verified_on)
  select p.id, b.bank, b.prefix || lpad(((p.id * 7919) % 10000000000)::text, 10, '0'), upper(p.full_name),
    case when ${u('verified')} < 0.96 then least(p.registered_on + 30, current_date) end
  from participants p
  cross join lateral (select case when p.province_code = '11' then case when ${u('bank')} < 0.9 then 'BSI' else 'BRI' end
      when ${u('bank')} < 0.36 then 'BRI' when ${u('bank')} < 0.58 then 'BNI' when ${u('bank')} < 0.83 then 'MANDIRI'
      when ${u('bank')} < 0.92 then 'BTN' when ${u('bank')} < 0.96 then 'BSI' else 'BCA' end as bank) b0
  cross join lateral (select b0.bank, case b0.bank when 'BRI' then '0' when 'BNI' then '1' when 'MANDIRI' then '13'
      when 'BTN' then '00' when 'BSI' then '7' else '5' end as prefix) b
  where ${u('has')} < case p.segment when 'PU' then 0.86 when 'BPU' then 0.45 when 'JAKON' then 0.6 else 0.7 end
  on conflict do nothing`;

/**
 * Paid from the month of registration up to the demo's reference month (coverage dashboards open on
 * it), or with a lapse from May to December 2020, or never. Closed spans, so the months after it are
 * for the billing run and payments to extend.
 */
const SPANS = sql`insert into coverage_spans (participant_id, from_period, to_period)
  select p.id,
    case s.k when 1 then to_char(p.registered_on, 'YYYY-MM') else '2021-01' end,
    case when s.k = 1 and d.x >= 0.9 and p.registered_on < date '2020-04-01' then '2020-04' else m.last_paid end
  from participants p
  cross join lateral (values (${u('paid')})) as d (x)
  cross join (select reference_period as last_paid from demo_meta limit 1) m
  -- The span and, after a lapse, the second span: a join with a constant list, not a lateral UNION
  -- with a FROM-less branch (Citus cannot push that down to the shards).
  cross join (values (1), (2)) as s (k)
  where (s.k = 1 or (d.x >= 0.9 and p.registered_on < date '2020-04-01'))
    and d.x < case p.segment when 'PU' then 0.95 when 'BPU' then 0.6 when 'JAKON' then 0.8 else 0.85 end`;

const LISTS: Array<[string, RawBuilder<boolean>]> = [
  ['prakerja', sql`p.segment = 'PU' and ${u('prakerja')} < 0.03`],
  ['pkh', sql`${u('pkh')} < case p.segment when 'PU' then 0.02 else 0.06 end`],
  ['bpum', sql`${u('bpum')} < 0.01`],
  // Civil servants wrongly registered as wage earners of a state body: what the ASN list exists to catch.
  ['asn', sql`p.is_non_asn and ${u('asn')} < 0.05`],
  ['tni-polri', sql`p.segment = 'PU' and ${u('tni')} < 0.002`],
];

export async function seedSubsidyDemo(h: DbHandle, o: SubsidyDemoOptions = {}): Promise<SubsidyDemoResult> {
  const log = o.log ?? (() => {});
  await ensureProgrammes(h.db);
  const accounts = Number((await ACCOUNTS.execute(h.db)).numAffectedRows ?? 0n);
  let spans = 0;
  const empty = (
    await sql<{ n: boolean }>`select not exists (select 1 from coverage_spans) as n`.execute(h.db)
  ).rows[0]?.n;
  if ((o.paidHistory ?? true) && empty) spans = Number((await SPANS.execute(h.db)).numAffectedRows ?? 0n);
  let listEntries = 0;
  for (const [code, where] of LISTS) {
    const r =
      await sql`insert into subsidy_exclusion_entries (list_code, nik) select ${code}, p.nik from participants p where ${where} on conflict do nothing`.execute(
        h.db,
      );
    listEntries += Number(r.numAffectedRows ?? 0n);
    await h.db
      .updateTable('subsidy_exclusion_lists')
      .set({ synthetic: true })
      .where('code', '=', code)
      .execute();
  }
  await sql`analyze participant_bank_accounts, coverage_spans, subsidy_exclusion_entries`.execute(h.db);
  log(
    `BSU demo: ${accounts} rekening / accounts, ${spans} rentang iuran / paid spans, ${listEntries} entri daftar pengecualian (sintetis) / exclusion entries (synthetic)`,
  );
  return { accounts, spans, listEntries };
}
