import { sql } from 'kysely';
import { createUser } from '../../src/modules/access/actions.ts';
import type { Actor, Role } from '../../src/modules/access/policy.ts';
import type { PayerKind } from '../../src/modules/contributions/allocation.ts';
import { dueDate } from '../../src/modules/contributions/due.ts';
import type { Database } from '../../src/platform/db.ts';
import { makeEmployer, makeNik } from '../factories.ts';

/**
 * Test fixtures for the contributions tests: real rows inserted with SQL, invoices built by hand
 * (the billing run is tested on its own), users as Actors. Not used by production code.
 */

let serial = 0;

export async function makeParticipant(
  db: Database,
  o: { segment?: string; village?: string; registered_on?: string; name?: string } = {},
): Promise<{ id: number; kpj: string }> {
  serial++;
  const village = o.village ?? '32.73.05.1001';
  const district = village.split('.').slice(0, 3).join('.');
  const r = await sql<{ id: number; kpj: string }>`
    insert into participants (nik, kpj, full_name, birth_date, sex, village_code, regency_code, province_code,
                              segment, programs, registered_on)
    values (${makeNik(district, '1990-01-15', 'M', serial)}, lpad(nextval('kpj_seq')::text, 11, '0'),
            ${o.name ?? `Peserta ${serial}`}, '1990-01-15', 'M', ${village}, ${village.slice(0, 5)}, ${village.slice(0, 2)},
            ${o.segment ?? 'PU'}, array['JKK','JKM','JHT'], ${o.registered_on ?? '2025-01-01'}::date)
    returning id, kpj`.execute(db);
  return r.rows[0]!;
}

export { makeEmployer };

export interface LineSpec {
  participant_id: number;
  amount: number;
  program?: string;
  payer?: string;
  for_period?: string;
  adjustment?: boolean;
}

/** An invoice with its lines; amount = Σ charge lines, adjustments = Σ adjustment lines. */
export async function makeInvoice(
  db: Database,
  o: { payerKind: PayerKind; payerId: number; period: string; due?: string; lines: LineSpec[] },
): Promise<{ id: number; due_date: string; amount: number }> {
  const charge = o.lines.filter((l) => !l.adjustment).reduce((s, l) => s + l.amount, 0);
  const adj = o.lines.filter((l) => l.adjustment).reduce((s, l) => s + l.amount, 0);
  const due = o.due ?? dueDate(o.period, o.payerKind === 'participant' ? 'BPU' : o.payerKind);
  const inv = await sql<{ id: number }>`
    insert into invoices (period, payer_kind, payer_id, due_date, amount, adjustments)
    values (${o.period}, ${o.payerKind}, ${o.payerId}, ${due}::date, ${charge}, ${adj}) returning id`.execute(
    db,
  );
  const id = inv.rows[0]!.id;
  for (const l of o.lines) {
    await sql`insert into contribution_lines (invoice_id, participant_id, program, payer, for_period, base, amount, adjustment)
      values (${id}, ${l.participant_id}, ${l.program ?? 'JHT'}, ${l.payer ?? 'employer'}, ${l.for_period ?? o.period},
              0, ${l.amount}, ${!!l.adjustment})`.execute(db);
  }
  return { id, due_date: due, amount: charge };
}

export async function makeActor(
  db: Database,
  username: string,
  role: Role,
  extra: { region_codes?: string[]; employer_id?: number; partner_id?: number } = {},
): Promise<Actor> {
  const u = await createUser(db, {
    username,
    password: `${username}-password`,
    full_name: username,
    role,
    ...extra,
  });
  return {
    userId: u.id,
    username,
    role,
    regionCodes: extra.region_codes ?? [],
    employerId: extra.employer_id ?? null,
    partnerId: extra.partner_id ?? null,
  };
}

export async function invoiceRow(db: Database, id: number) {
  return sql<{ paid: number; status: string; paid_at: string | null }>`
    select paid, status, to_char(paid_at, 'YYYY-MM-DD') as paid_at from invoices where id = ${id}`
    .execute(db)
    .then((r) => r.rows[0]!);
}

export async function spansOf(db: Database, participantId: number): Promise<string[]> {
  const r = await sql<{
    s: string;
  }>`select from_period || '..' || coalesce(to_period, '') as s from coverage_spans
    where participant_id = ${participantId} order by from_period`.execute(db);
  return r.rows.map((x) => x.s);
}
