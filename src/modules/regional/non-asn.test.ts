import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { makeEmployer, makeNik } from '../../../test/factories.ts';
import { fixedClock } from '../../platform/clock.ts';
import { SYSTEM } from '../access/policy.ts';
import { refreshCoverage } from '../coverage/refresh.ts';
import { coverageScope } from '../coverage/scope.ts';
import { addresseeDetail } from '../government/actions.ts';
import { ensureGovernmentReference } from '../government/seed.ts';
import {
  addWorkingDays,
  declareHeadcount,
  importNonAsn,
  linkGovernmentEmployer,
  nonAsnProgress,
  pasal3aDeadline,
} from './non-asn.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lindung-nonasn-'));
const HEADER =
  'nik,nama,tanggal_lahir,jenis_kelamin,kode_desa,segmen,tanggal_mulai,upah,non_asn,kategori_non_asn';
function staffFile(name: string, rows: Array<{ serial: number; category: string; start: string }>) {
  const lines = rows.map(
    (r) =>
      `${makeNik('19.71.01', '1985-03-04', 'M', r.serial)},Staf ${r.serial},1985-03-04,L,19.71.01.1004,PU,${r.start},3900000,ya,${r.category}`,
  );
  const file = path.join(dir, name);
  fs.writeFileSync(file, [HEADER, ...lines].join('\n'));
  return file;
}

test('Pasal 3A deadline: 30 working days, weekends and holidays skipped; staff from before 24 Feb 2025 count from then', () => {
  const d = pasal3aDeadline('2026-03-02');
  assert.equal(d.days, 30);
  assert.equal(d.deadline, addWorkingDays('2026-03-02', 30));
  // Six calendar weeks at least: 30 working days are never fewer than 42 calendar days.
  assert.ok(Date.parse(d.deadline) - Date.parse('2026-03-02') >= 42 * 86_400_000);
  assert.equal(pasal3aDeadline('2019-07-01').obligedFrom, '2025-02-24');
  // Friday + 1 working day = Monday.
  assert.equal(addWorkingDays('2026-11-20', 1), '2026-11-23');
});

describe('non-ASN registration by a government employer', () => {
  let t: TestDb;
  let npp: string;
  let addresseeId: number;
  before(async () => {
    t = await createTestDb();
    await ensureGovernmentReference(t.handle);
    const e = await makeEmployer(t.db, {
      legal_form: 'Instansi',
      village_code: '19.71.01.1004',
      name: 'Sekretariat Daerah Provinsi Babel',
    });
    npp = e.npp;
    addresseeId = (
      await sql<{
        id: number;
      }>`select id from gov_addressees where region_code = '19' and category = 'province'`.execute(t.db)
    ).rows[0]!.id;
  });
  after(() => t.close());

  test('an unknown category refuses the file before anything is imported', async () => {
    const file = staffFile('bad.csv', [{ serial: 1, category: 'satpam', start: '2026-10-01' }]);
    await assert.rejects(
      importNonAsn(t.handle, { file, employerNpp: npp }, SYSTEM, fixedClock('2026-11-02T03:00:00Z')),
      /kategori tidak dikenal pada baris 2 \("satpam"\)/,
    );
    const n = await sql<{ n: number }>`select count(*)::int as n from participants`.execute(t.db);
    assert.equal(n.rows[0]!.n, 0);
  });

  test('staff are registered with their category and deadline; on time or late is known per person', async () => {
    const file = staffFile('staf.csv', [
      { serial: 11, category: 'honorer', start: '2026-10-01' },
      { serial: 12, category: 'honorary_teacher', start: '2026-10-01' },
      { serial: 13, category: 'honorer', start: '2026-08-03' },
    ]);
    const r = await importNonAsn(
      t.handle,
      { file, employerNpp: npp },
      SYSTEM,
      fixedClock('2026-11-02T03:00:00Z'),
    );
    assert.equal(r.accepted, 3);
    assert.equal(r.registered, 3);
    const rows = await sql<{ category: string; deadline: string; late: boolean; non_asn: boolean }>`
      select r.category, to_char(r.deadline, 'YYYY-MM-DD') as deadline, r.submitted_on > r.deadline as late, p.is_non_asn as non_asn
      from non_asn_registrations r join participants p on p.id = r.participant_id order by r.obliged_from, r.category`.execute(
      t.db,
    );
    assert.deepEqual(
      rows.rows.map((x) => [x.category, x.deadline, x.late, x.non_asn]),
      [
        ['honorer', addWorkingDays('2026-08-03', 30), true, true],
        ['honorary_teacher', addWorkingDays('2026-10-01', 30), false, true],
        ['honorer', addWorkingDays('2026-10-01', 30), false, true],
      ],
    );
    // Re-importing the same file adds nothing.
    const again = await importNonAsn(
      t.handle,
      { file, employerNpp: npp },
      SYSTEM,
      fixedClock('2026-11-03T03:00:00Z'),
    );
    assert.equal(again.registered, 0);
  });

  test('the share covered per region feeds the Inpres score as registry data', async () => {
    await declareHeadcount(
      t.db,
      { employerNpp: npp, year: 2026, counts: { honorer: 4, honorary_teacher: 2 } },
      SYSTEM,
    );
    const p = await nonAsnProgress(t.db, '19', 2026, '2026-11-21');
    assert.equal(p.declared, 6);
    assert.equal(p.registered, 3);
    assert.equal(p.covered, 3);
    assert.equal(p.on_time, 2);
    assert.equal(p.late, 1);
    assert.equal(p.share, 0.5);
    await linkGovernmentEmployer(t.db, { employerNpp: npp, addresseeId }, SYSTEM);
    await refreshCoverage(t.db, { now: new Date('2026-11-21T09:00:00Z') });
    const d = await addresseeDetail(t.db, coverageScope(SYSTEM, 10), addresseeId);
    const c = d.score?.criteria.find((x) => x.key === 'non_asn');
    assert.equal(c?.value, 0.5);
    assert.equal(c?.raw, '3 / 6');
  });

  test('a private company cannot register non-ASN staff', async () => {
    const pt = await makeEmployer(t.db, { village_code: '19.71.01.1004' });
    const file = staffFile('pt.csv', [{ serial: 21, category: 'honorer', start: '2026-10-01' }]);
    await assert.rejects(
      importNonAsn(t.handle, { file, employerNpp: pt.npp }, SYSTEM, fixedClock('2026-11-02T03:00:00Z')),
      /hanya instansi pemerintah/,
    );
  });
});
