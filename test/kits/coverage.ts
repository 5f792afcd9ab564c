/**
 * A small hand-made registry for coverage tests: every participant's months are known, so expected counts
 * are written by hand. Rows go in with plain inserts (the registry's own actions would stamp today's date).
 */

import { rollupCells } from '../../src/modules/coverage/queries.ts';
import type { Database } from '../../src/platform/db.ts';

let seq = 0;

export async function firstVillage(db: Database, district: string): Promise<string> {
  const r = await db
    .selectFrom('regions')
    .select('code')
    .where('parent_code', '=', district)
    .orderBy('code')
    .executeTakeFirstOrThrow();
  return r.code;
}

export async function addEmployer(db: Database, village: string): Promise<number> {
  seq++;
  const r = await db
    .insertInto('employers')
    .values({
      npp: `T${String(seq).padStart(8, '0')}`,
      name: `PT Cakupan ${seq}`,
      legal_form: 'PT',
      sector: 'Industri pengolahan',
      size_class: 'medium',
      risk_class: 2,
      village_code: village,
      regency_code: village.slice(0, 5),
      province_code: village.slice(0, 2),
      registered_on: '2020-01-01',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export interface Person {
  village: string;
  segment: 'PU' | 'BPU' | 'JAKON' | 'PMI';
  registered_on: string;
  status?: 'active' | 'inactive' | 'closed';
  jobs?: Array<{ employer: number; from: string; to?: string }>;
}

export async function addPerson(db: Database, p: Person): Promise<number> {
  seq++;
  const row = await db
    .insertInto('participants')
    .values({
      nik: `${p.village.replace(/\./g, '').slice(0, 6)}0101900${String(seq).padStart(3, '0')}`,
      kpj: String(90_000_000_000 + seq),
      full_name: `Peserta ${seq}`,
      birth_date: '1990-01-01',
      sex: 'M',
      village_code: p.village,
      regency_code: p.village.slice(0, 5),
      province_code: p.village.slice(0, 2),
      segment: p.segment,
      programs: ['JKK', 'JKM'],
      registered_on: p.registered_on,
      status: p.status ?? 'active',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const j of p.jobs ?? []) {
    await db
      .insertInto('employments')
      .values({
        participant_id: row.id,
        employer_id: j.employer,
        started_on: j.from,
        ended_on: j.to ?? null,
        wage: 4_000_000,
      })
      .execute();
    await db
      .insertInto('employment_events')
      .values({
        participant_id: row.id,
        employer_id: j.employer,
        kind: 'hire',
        effective_on: j.from,
        wage: 4_000_000,
      })
      .execute();
  }
  return row.id;
}

/** Active/registered per segment of one region in one month, from the rollups (zero segments left out). */
export async function rollupOf(db: Database, period: string, basis: 'domicile' | 'employer', region: string) {
  const cells = await rollupCells(db, { period, basis, level: region.split('.').length as 1 | 2 | 3 });
  return Object.fromEntries(
    cells
      .filter((c) => c.region_code === region && (c.active || c.registered))
      .sort((a, b) => a.segment.localeCompare(b.segment))
      .map((c) => [c.segment, [c.active, c.registered]]),
  );
}
