/**
 * Hand-built people for the subsidy tests: by default each one passes every criterion of TEST_PROGRAMME;
 * a test overrides the one attribute a criterion looks at and expects exactly that reason.
 */
import { sql } from 'kysely';
import type { ProgrammeDefinition } from '../../src/modules/subsidy/criteria.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import type { Database, DbHandle } from '../../src/platform/db.ts';
import { testApp } from '../app.ts';
import { makeEmployer, makeNik } from '../factories.ts';

export const TEST_PROGRAMME: ProgrammeDefinition = {
  code: 'uji-bsu',
  name: 'Program uji BSU',
  name_en: 'Test wage subsidy',
  year: 2020,
  legal_basis: 'Permenaker 14/2020 (uji)',
  amount_total: 2_400_000,
  tranches: [
    { no: 1, amount: 1_200_000 },
    { no: 2, amount: 1_200_000 },
  ],
  quota: null,
  criteria: {
    citizen_nik: true,
    segments: ['PU'],
    active_at: '2020-06-30',
    wage_below: 5_000_000,
    paid_through: '2020-06',
    exclude_employer_legal_forms: ['BUMN', 'Instansi'],
    exclude_state_bodies: true,
    except_non_asn: true,
    exclude_lists: ['prakerja'],
    bank_account: true,
  },
  channels: { banks: ['BRI', 'BNI', 'MANDIRI', 'BTN'], fallback: null, batch_max: 3 },
  sources: [],
  unconfirmed: [],
};

export interface Person {
  nik?: string;
  segment?: 'PU' | 'BPU' | 'JAKON' | 'PMI';
  status?: 'active' | 'inactive' | 'closed';
  registeredOn?: string;
  isNonAsn?: boolean;
  villageCode?: string;
  /** Jobs open on the wage date: employer id and wage. Empty = no job. */
  jobs?: Array<{ employerId: number; wage: number; hiredOn?: string; exitOn?: string }>;
  /** Paid months [from, to]; to null = open. Empty = never paid. */
  spans?: Array<[string, string | null]>;
  bank?: { code: string; verified?: boolean } | null;
  lists?: string[];
}

let serial = 0;

/** A test employer per legal form, created once per database. */
export async function employerOf(
  db: Database,
  legalForm = 'PT',
  sector = 'Industri Pengolahan',
): Promise<number> {
  const e = await makeEmployer(db, {
    legal_form: legalForm,
    sector,
    name: `Uji ${legalForm} ${sector} ${++serial}`,
    is_state_body: legalForm === 'Instansi',
  });
  return e.id;
}

/** Inserts a participant with their job events, paid months, bank account and list entries. */
export async function person(
  db: Database,
  employerId: number,
  p: Person = {},
): Promise<{ id: number; nik: string }> {
  serial++;
  const nik = p.nik ?? makeNik('32.73.05', '1990-03-15', 'M', serial);
  const village = p.villageCode ?? '32.73.05.1001';
  const row = await sql<{
    id: number;
  }>`insert into participants (nik, kpj, full_name, birth_date, sex, village_code, regency_code,
      province_code, segment, programs, is_non_asn, registered_on, status)
    values (${nik}, lpad(nextval('kpj_seq')::text, 11, '0'), ${`Peserta Uji ${serial}`}, '1990-03-15', 'M', ${village},
      ${village.slice(0, 5)}, ${village.slice(0, 2)}, ${p.segment ?? 'PU'}, '{JKK,JKM,JHT}', ${p.isNonAsn ?? false},
      ${p.registeredOn ?? '2019-01-02'}, ${p.status ?? 'active'}) returning id`.execute(db);
  const id = row.rows[0]!.id;
  for (const j of p.jobs ?? [{ employerId, wage: 4_000_000 }]) {
    await sql`insert into employment_events (participant_id, employer_id, kind, effective_on, wage)
      values (${id}, ${j.employerId}, 'hire', ${j.hiredOn ?? '2019-01-02'}, ${j.wage})`.execute(db);
    if (j.exitOn) {
      await sql`insert into employment_events (participant_id, employer_id, kind, effective_on)
        values (${id}, ${j.employerId}, 'exit', ${j.exitOn})`.execute(db);
    }
  }
  for (const [from, to] of p.spans ?? [['2019-01', null]]) {
    await sql`insert into coverage_spans (participant_id, from_period, to_period) values (${id}, ${from}, ${to})`.execute(
      db,
    );
  }
  const bank = p.bank === undefined ? { code: 'BRI' } : p.bank;
  if (bank) {
    await sql`insert into participant_bank_accounts (participant_id, bank_code, account_number, holder_name, verified_on)
      values (${id}, ${bank.code}, ${String(1000000000 + id)}, ${`PESERTA UJI ${serial}`}, ${bank.verified === false ? null : '2020-05-01'})`.execute(
      db,
    );
  }
  for (const list of p.lists ?? []) {
    await sql`insert into subsidy_exclusion_entries (list_code, nik) values (${list}, ${nik}) on conflict do nothing`.execute(
      db,
    );
  }
  return { id, nik };
}

/** The HTTP API as app.ts assembles it, clock pinned to the subsidy tests' date. */
export function subsidyTestApp(t: { handle: DbHandle; db: Database }) {
  return testApp(t, fixedClock('2026-11-21T09:00:00Z'));
}
