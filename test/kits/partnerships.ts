import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { SYSTEM } from '../../src/modules/access/policy.ts';
import { registerParticipant } from '../../src/modules/workers/actions.ts';
import { fixedClock } from '../../src/platform/clock.ts';
import type { Database } from '../../src/platform/db.ts';
import { makeEmployer, makeNik } from '../factories.ts';

/** Test helpers for the partnerships tests: real rows through the registry's own actions. */
export const clock = fixedClock('2026-11-21T09:00:00Z');
export const TODAY = '2026-11-21';

export async function partnerIdOf(db: Database, acronym: string): Promise<number> {
  const p = await db
    .selectFrom('partners')
    .select('id')
    .where('acronym', '=', acronym)
    .executeTakeFirstOrThrow();
  return p.id;
}

/** An employer in Bandung or Pangkal Pinang, member of the given partners. */
export async function memberEmployer(db: Database, partnerIds: number[], village = '32.73.05.1001') {
  const e = await makeEmployer(db, { village_code: village, size_class: 'medium' });
  for (const partner_id of partnerIds)
    await db
      .insertInto('employer_memberships')
      .values({ employer_id: e.id, partner_id, since: '2024-01-01' })
      .execute();
  return e;
}

let serial = 100;
export interface PersonOpts {
  district?: string;
  village?: string;
  segment?: 'PU' | 'BPU';
  employerNpp?: string;
  phone?: string;
  registeredOn?: string;
  status?: 'active' | 'inactive';
  vulnerable?: boolean;
  nikSerial?: number;
  birth?: string;
}

/** A participant registered through the registry action; registered_on and status set afterwards. */
export async function person(db: Database, o: PersonOpts = {}): Promise<{ id: number; nik: string }> {
  const district = o.district ?? '19.71.01';
  const birth = o.birth ?? '1990-05-17';
  const nik = makeNik(district, birth, 'M', o.nikSerial ?? serial++);
  const p = await registerParticipant(
    db,
    {
      nik,
      full_name: `Peserta Uji ${nik.slice(-4)}`,
      birth_date: birth,
      sex: 'M',
      village_code: o.village ?? `${district}.1004`,
      segment: o.segment ?? 'BPU',
      employer_npp: o.employerNpp,
      wage: o.employerNpp ? 4_000_000 : undefined,
      start_date: o.employerNpp ? '2026-01-05' : undefined,
      phone: o.phone,
      is_vulnerable: o.vulnerable ?? false,
    },
    SYSTEM,
    clock,
  );
  await sql`update participants set registered_on = ${o.registeredOn ?? '2026-01-05'}::date,
    status = ${o.status ?? 'active'} where id = ${p.id}`.execute(db);
  return { id: p.id, nik };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lindung-partnerships-'));
export const IMPORT_HEADER = 'nik,nama,tanggal_lahir,jenis_kelamin,kode_desa,telepon,segmen,rentan';

/** A BPU member list (CSV) for Pangkal Pinang people born on `birth`, with the given NIK serials. */
export function memberList(
  name: string,
  serials: number[],
  o: { birth?: string; phone?: (i: number) => string } = {},
) {
  const birth = o.birth ?? '1988-02-03';
  const lines = serials.map((s, i) => {
    const nik = makeNik('19.71.01', birth, 'M', s);
    return `${nik},Anggota ${s},${birth},L,19.71.01.1004,${o.phone ? o.phone(i) : ''},BPU,ya`;
  });
  const file = path.join(dir, name);
  fs.writeFileSync(file, [IMPORT_HEADER, ...lines].join('\n'));
  return { file, niks: serials.map((s) => makeNik('19.71.01', birth, 'M', s)) };
}
