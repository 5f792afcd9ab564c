import { sql } from 'kysely';
import { SYSTEM } from '../../src/modules/access/policy.ts';
import { runBilling } from '../../src/modules/contributions/billing.ts';
import { recordPayment } from '../../src/modules/contributions/payments.ts';
import { exitEmployment, hire } from '../../src/modules/employment/actions.ts';
import { registerParticipant } from '../../src/modules/workers/actions.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import type { Database, DbHandle } from '../../src/platform/db.ts';
import { addMonths } from '../../src/platform/period.ts';
import { makeEmployer, makeNik } from '../factories.ts';

/**
 * Histories built through the real actions: registration (with the hire), exits and re-hires,
 * billing runs per month, and the employer paying each invoice on the 10th of the next month.
 * Not used by production code.
 */

let serial = 0;

export async function employer(db: Database) {
  return makeEmployer(db, { size_class: 'medium', risk_class: 1, registered_on: '2015-07-01' });
}

export async function worker(
  db: Database,
  o: {
    npp: string;
    registeredOn: string;
    hiredOn: string;
    wage: number;
    birth?: string;
    sex?: 'M' | 'F';
    name?: string;
  },
) {
  serial++;
  const birth = o.birth ?? '1985-04-12';
  const sex = o.sex ?? 'M';
  const p = await registerParticipant(
    db,
    {
      nik: makeNik('32.73.05', birth, sex, 500 + serial),
      full_name: o.name ?? `Pekerja Klaim ${serial}`,
      birth_date: birth,
      sex,
      village_code: '32.73.05.1001',
      segment: 'PU',
      employer_npp: o.npp,
      start_date: o.hiredOn,
      wage: o.wage,
    },
    SYSTEM,
    fixedClock(`${o.registeredOn}T03:00:00Z`),
  );
  return { id: p.id, kpj: p.kpj };
}

export const exit = (db: Database, participantId: number, employerId: number, date: string) =>
  exitEmployment(db, { participantId, employerId, date }, SYSTEM);
export const rehire = (db: Database, participantId: number, employerId: number, date: string, wage: number) =>
  hire(db, { participantId, employerId, date, wage }, SYSTEM);

/** Bills every month from..to and pays every employer invoice in full on the 10th of the next month. */
export async function billAndPay(h: DbHandle, from: string, to: string): Promise<void> {
  for (let p = from; p <= to; p = addMonths(p, 1)) {
    await runBilling(h, { period: p });
    const inv = await sql<{ id: number; payer_id: number; total: string }>`
      select id, payer_id, amount + adjustments as total from invoices
      where period = ${p} and payer_kind = 'employer' and status <> 'paid' order by id`.execute(h.db);
    const paidOn = `${addMonths(p, 1)}-10`;
    for (const i of inv.rows)
      await recordPayment(
        h.db,
        {
          reference: `TRF-${i.id}`,
          payer_kind: 'employer',
          payer_id: i.payer_id,
          amount: Number(i.total),
          paid_on: paidOn,
          source: 'api',
        },
        SYSTEM,
        fixedClock('2026-11-30T03:00:00Z'),
      );
  }
}
