import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { type Clock, fixedClock, isoDate, isoDateWib, systemClock } from '../../platform/clock.ts';
import type { Database, DbHandle } from '../../platform/db.ts';
import { addMonths, monthsBetween, periodOf } from '../../platform/period.ts';
import { type Actor, SYSTEM } from '../access/policy.ts';
import { postJhtDevelopment } from '../benefits/jht.ts';
import { puCaps, puTables } from '../contributions/billing.ts';
import {
  insertEmployerInvoices,
  insertEmployerLines,
  puRatesValues,
  refreshInvoiceTotals,
} from '../contributions/billing-sql.ts';
import { dueDate } from '../contributions/due.ts';
import { recordPayment } from '../contributions/payments.ts';
import { registerEmployer } from '../employers/actions.ts';
import { exitEmployment } from '../employment/actions.ts';
import { registerParticipant } from '../workers/actions.ts';
import {
  addRelatedPerson,
  batchApprovedClaims,
  decideClaim,
  fileClaim,
  importClaimResults,
  recordDeath,
  verifyClaim,
} from './actions.ts';

/**
 * Demo claims in every state, on a small employer of their own in Pangkal Pinang (the demo branch
 * officer's region, Bangka Belitung), so the national sample's billing is left alone. The history is
 * real: registrations with hires, exits, a death, the billing run's own SQL for this one employer
 * (insertEmployerInvoices / insertEmployerLines, as a run does per chunk), and each invoice paid
 * through recordPayment on the 10th of the next month. Then claims go as far as their state:
 * submitted, verified, approved, rejected, in payment, paid (the bank result imported). One exited
 * worker and one deceased worker with a spouse and two children at school are left without a claim
 * for the "done when" walk-through. Idempotent: skipped when the
 * demo employer exists.
 */

const NPP_NAME = 'PT Contoh Klaim Bangka';
const VILLAGE = '19.71.01.1004';
const DOCS: Record<string, string[]> = {
  JKP: ['ktp', 'kpj_card', 'termination_proof', 'bank_book'],
  JHT: ['ktp', 'kpj_card', 'exit_letter', 'bank_book'],
  JKM: ['death_certificate', 'kpj_card', 'heir_ktp', 'family_card', 'heir_statement', 'bank_book'],
  BEASISWA: ['death_certificate', 'family_card', 'child_birth_certificate', 'school_statement', 'bank_book'],
};

function nik(birth: string, sex: 'M' | 'F', serial: number): string {
  const [y, m, d] = birth.split('-') as [string, string, string];
  return `197101${String(Number(d) + (sex === 'F' ? 40 : 0)).padStart(2, '0')}${m}${y.slice(2)}${String(serial).padStart(4, '0')}`;
}

async function demoActor(db: Database, username: string): Promise<Actor> {
  const u = await db
    .selectFrom('users')
    .select(['id', 'username', 'role'])
    .where('username', '=', username)
    .executeTakeFirst();
  if (!u) return SYSTEM;
  return {
    userId: u.id,
    username: u.username,
    role: u.role as Actor['role'],
    regionCodes: username === 'cabang' ? ['19'] : [],
    employerId: null,
    partnerId: null,
  };
}

/** Bills and pays one employer's months through the billing run's own statements. */
async function billEmployer(db: Database, employerId: number, from: string, to: string): Promise<void> {
  const payClock = fixedClock('2026-11-30T03:00:00Z');
  for (let p = from; p <= to; p = addMonths(p, 1)) {
    const tables = puTables(p);
    const invoiceId = await db.transaction().execute(async (trx) => {
      await insertEmployerInvoices(
        p,
        null as unknown as number,
        dueDate(p, 'employer'),
        employerId - 1,
        employerId,
      ).execute(trx);
      await insertEmployerLines(p, employerId - 1, employerId, puRatesValues(tables), puCaps(tables)).execute(
        trx,
      );
      const inv = await trx
        .selectFrom('invoices')
        .select('id')
        .where('payer_kind', '=', 'employer')
        .where('payer_id', '=', employerId)
        .where('period', '=', p)
        .executeTakeFirst();
      if (inv) await refreshInvoiceTotals(sql`i2.id = ${inv.id}::bigint`).execute(trx);
      return inv?.id;
    });
    if (!invoiceId) continue;
    const inv = await db
      .selectFrom('invoices')
      .select(['amount', 'adjustments'])
      .where('id', '=', invoiceId)
      .executeTakeFirstOrThrow();
    const total = Number(inv.amount) + Number(inv.adjustments);
    if (total > 0)
      await recordPayment(
        db,
        {
          reference: `DEMO-KLAIM-${invoiceId}`,
          payer_kind: 'employer',
          payer_id: employerId,
          amount: total,
          paid_on: `${addMonths(p, 1)}-10`,
          source: 'api',
        },
        SYSTEM,
        payClock,
      );
  }
}

export async function seedClaimsDemo(
  h: DbHandle,
  log: (line: string) => void = () => {},
  now: Clock = systemClock,
): Promise<{ claims: number }> {
  const { db } = h;
  if (await db.selectFrom('employers').select('id').where('name', '=', NPP_NAME).executeTakeFirst())
    return { claims: 0 };
  // The story is written for a desk day of 5 May 2025 and moved forward whole months so that it ends
  // two months before today (WIB): every payment (the 10th of the next month) is in the past, and the
  // walk-through's exit and death are recent enough for a claim filed today (JKP: within 6 months).
  const shift = monthsBetween('2025-05', addMonths(periodOf(isoDateWib(now.now())), -2));
  const sh = (d: string) => `${addMonths(d.slice(0, 7), shift)}${d.slice(7)}`;
  const clock: Clock = fixedClock(`${sh('2025-05-05')}T03:00:00Z`);
  const emp = await registerEmployer(
    db,
    {
      name: NPP_NAME,
      legal_form: 'PT',
      sector: 'Industri pengolahan',
      size_class: 'medium',
      risk_class: 1,
      village_code: VILLAGE,
      registered_on: sh('2020-01-02'),
    },
    SYSTEM,
  );
  const people: Array<{
    key: string;
    name: string;
    birth: string;
    sex: 'M' | 'F';
    wage: number;
    exit?: string;
    bank: string;
  }> = [
    {
      key: 'submitted',
      name: 'Agus Pratama',
      birth: '1988-03-04',
      sex: 'M',
      wage: 4_500_000,
      exit: sh('2025-03-20'),
      bank: '1900000001',
    },
    {
      key: 'verified',
      name: 'Dewi Lestari',
      birth: '1990-07-21',
      sex: 'F',
      wage: 5_500_000,
      exit: sh('2025-03-20'),
      bank: '1900000002',
    },
    {
      key: 'approved',
      name: 'Hendra Wijaya',
      birth: '1985-11-30',
      sex: 'M',
      wage: 6_000_000,
      exit: sh('2025-03-20'),
      bank: '1900000003',
    },
    {
      key: 'rejected',
      name: 'Maya Sari',
      birth: '1992-01-15',
      sex: 'F',
      wage: 4_200_000,
      exit: sh('2025-03-20'),
      bank: '1900000004',
    },
    {
      key: 'in_payment',
      name: 'Rudi Hartono',
      birth: '1987-05-09',
      sex: 'M',
      wage: 5_000_000,
      exit: sh('2025-03-20'),
      bank: '1900000005',
    },
    { key: 'paid', name: 'Joko Susilo', birth: '1980-09-12', sex: 'M', wage: 7_000_000, bank: '1900000006' },
    {
      key: 'walkthrough',
      name: 'Sri Wahyuni',
      birth: '1991-12-01',
      sex: 'F',
      wage: 4_800_000,
      exit: sh('2025-04-15'),
      bank: '1900000007',
    },
    // The death walk-through: dies after the last billed month, heirs on file, no claim yet.
    {
      key: 'walkthrough_death',
      name: 'Bambang Setiawan',
      birth: '1979-06-18',
      sex: 'M',
      wage: 5_200_000,
      bank: '1900000008',
    },
  ];
  const ids: Record<string, number> = {};
  let serial = 9100;
  for (const w of people) {
    let n = nik(w.birth, w.sex, serial++);
    while (await db.selectFrom('participants').select('id').where('nik', '=', n).executeTakeFirst())
      n = nik(w.birth, w.sex, serial++);
    const p = await registerParticipant(
      db,
      {
        nik: n,
        full_name: w.name,
        birth_date: w.birth,
        sex: w.sex,
        village_code: VILLAGE,
        segment: 'PU',
        employer_npp: emp.npp,
        start_date: sh('2022-01-01'),
        wage: w.wage,
      },
      SYSTEM,
      fixedClock(`${sh('2021-12-15')}T03:00:00Z`),
    );
    ids[w.key] = p.id;
    await sql`insert into participant_bank_accounts (participant_id, bank_code, account_number, holder_name, verified_on)
      values (${p.id}, 'BRI', ${w.bank}, ${w.name.toUpperCase()}, ${sh('2022-01-01')}) on conflict do nothing`.execute(
      db,
    );
    if (w.exit) await exitEmployment(db, { participantId: p.id, employerId: emp.id, date: w.exit }, SYSTEM);
  }
  const heir = await addRelatedPerson(
    db,
    {
      participant_id: ids.paid!,
      relation: 'spouse',
      full_name: 'Ratna Susilo',
      birth_date: '1983-04-04',
      sex: 'F',
      bank_code: 'BNI',
      account_number: '2900000006',
    },
    SYSTEM,
    clock,
  );
  const kids = [
    await addRelatedPerson(
      db,
      {
        participant_id: ids.paid!,
        relation: 'child',
        full_name: 'Bayu Susilo',
        birth_date: '2012-08-17',
        school_level: 'SMP',
        school_year: 1,
      },
      SYSTEM,
      clock,
    ),
    await addRelatedPerson(
      db,
      {
        participant_id: ids.paid!,
        relation: 'child',
        full_name: 'Putri Susilo',
        birth_date: '2017-02-03',
        school_level: 'SD',
        school_year: 2,
      },
      SYSTEM,
      clock,
    ),
  ];
  await billEmployer(db, emp.id, sh('2022-01'), sh('2025-02'));
  await recordDeath(
    db,
    { participant_id: ids.paid!, died_on: sh('2025-03-10'), cause: 'non_work' },
    SYSTEM,
    clock,
  );
  await billEmployer(db, emp.id, sh('2025-03'), sh('2025-04'));
  await recordDeath(
    db,
    { participant_id: ids.walkthrough_death!, died_on: sh('2025-04-12'), cause: 'non_work' },
    SYSTEM,
    clock,
  );
  const wd = ids.walkthrough_death!;
  for (const r of [
    {
      relation: 'spouse' as const,
      full_name: 'Wulan Setiawan',
      birth_date: '1982-02-14',
      sex: 'F' as const,
      bank_code: 'BRI',
      account_number: '2900000008',
    },
    {
      relation: 'child' as const,
      full_name: 'Dimas Setiawan',
      birth_date: '2013-03-03',
      school_level: 'SMP',
      school_year: 1,
    },
    {
      relation: 'child' as const,
      full_name: 'Nadia Setiawan',
      birth_date: '2016-09-09',
      school_level: 'SD',
      school_year: 3,
    },
  ])
    await addRelatedPerson(db, { participant_id: wd, ...r }, SYSTEM, clock);
  for (let y = Number(sh('2022-01').slice(0, 4)); `${y}-12-31` < isoDate(clock.now()); y++)
    await postJhtDevelopment({ db, clock }, { year: y });
  const officer = await demoActor(db, 'cabang');
  const head = await demoActor(db, 'admin');
  const file = (
    participant: string,
    o: Partial<Parameters<typeof fileClaim>[1]> & {
      benefit: 'JKP' | 'JHT' | 'JKM' | 'BEASISWA';
      event_date: string;
    },
    docs = DOCS[o.benefit]!,
  ) => fileClaim(db, { participant_id: ids[participant]!, documents: docs, ...o }, officer, clock);
  // submitted: the termination proof is still missing from the checklist
  await file('submitted', { benefit: 'JKP', event_date: sh('2025-03-20'), termination: 'dismissal' }, [
    'ktp',
    'kpj_card',
  ]);
  const v = await file('verified', {
    benefit: 'JKP',
    event_date: sh('2025-03-20'),
    termination: 'redundancy',
  });
  await verifyClaim(db, v.id, officer);
  const a = await file('approved', { benefit: 'JHT', kind: 'full', event_date: sh('2025-05-01') });
  await verifyClaim(db, a.id, officer);
  const r = await file('rejected', {
    benefit: 'JKP',
    event_date: sh('2025-03-20'),
    termination: 'resignation',
  });
  await verifyClaim(db, r.id, officer);
  await decideClaim(
    db,
    r.id,
    {
      outcome: 'rejected',
      reason_code: 'termination_not_covered',
      note: 'Surat pengunduran diri terlampir / resignation letter attached',
    },
    head,
  );
  const ip = await file('in_payment', {
    benefit: 'JKP',
    event_date: sh('2025-03-20'),
    termination: 'dismissal',
  });
  const jkm = await file('paid', { benefit: 'JKM', event_date: sh('2025-03-10'), payee_related_id: heir.id });
  const bs = await file('paid', {
    benefit: 'BEASISWA',
    event_date: sh('2025-03-10'),
    payee_related_id: heir.id,
    children: kids.map((k) => k.id),
  });
  for (const c of [ip, jkm, bs]) {
    await verifyClaim(db, c.id, officer);
    await decideClaim(db, c.id, { outcome: 'approved' }, head);
  }
  await batchApprovedClaims(db, head);
  // Approved after the batch, so it waits for the next one.
  await decideClaim(db, a.id, { outcome: 'approved' }, head);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lindung-claims-demo-'));
  try {
    const f = path.join(dir, 'hasil-bank-demo.csv');
    fs.writeFileSync(
      f,
      `reference,status,paid_on\nCLAIMS-${jkm.id}-A1,berhasil,${sh('2025-05-12')}\nCLAIMS-${bs.id}-A1,berhasil,${sh('2025-05-12')}\n`,
    );
    await importClaimResults(db, head, f, 'hasil-bank-demo.csv');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  log(`klaim demo / demo claims: 8 (${NPP_NAME}, Pangkal Pinang)`);
  return { claims: 8 };
}
