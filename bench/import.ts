// `npm run bench -- import [--rows N] [--db=embedded|postgres]`: generates a realistic worker list and
// imports it through the real pipeline, next to a raw COPY of the same rows into the same table.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { SYSTEM } from '../src/modules/access/policy.ts';
import { importWorkers } from '../src/modules/imports/actions.ts';
import { systemClock } from '../src/platform/clock.ts';
import { createProgress } from '../src/platform/progress.ts';
import { benchDb, intArg, machine, targets, timed } from './common.ts';

const villagesFile = path.join(
  path.dirname(createRequire(import.meta.url).resolve('idn-area-data/package.json')),
  'data',
  'villages.csv',
);

/** Deterministic pseudo-random numbers (mulberry32), so every run imports the same file. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = [
  'Siti',
  'Budi',
  'Dewi',
  'Agus',
  'Sri',
  'Andi',
  'Rina',
  'Eko',
  'Putri',
  'Joko',
  'Nur',
  'Ahmad',
  'Wati',
  'Hendra',
  'Ayu',
];
const LAST = [
  'Rahayu',
  'Santoso',
  'Lestari',
  'Saputra',
  'Wijaya',
  'Hidayat',
  'Kusuma',
  'Pratama',
  'Siregar',
  'Nasution',
  'Simanjuntak',
  'Wulandari',
];

/** Writes N rows: valid NIKs matching birth date and sex, real villages, wages near a minimum wage; 1% bad rows. */
export function generateWorkerFile(file: string, rows: number, npps: string[]): { bad: number } {
  const villages = fs
    .readFileSync(villagesFile, 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split(',')[0]!);
  const rand = rng(42);
  const serials = new Map<string, number>();
  const out = fs.openSync(file, 'w');
  fs.writeSync(out, 'nik,nama,tanggal_lahir,jenis_kelamin,kode_desa,telepon,segmen,npp,tanggal_mulai,upah\n');
  let buf = '';
  let bad = 0;
  for (let i = 0; i < rows; i++) {
    const village = villages[Math.floor(rand() * villages.length)]!;
    const sex = rand() < 0.55 ? 'M' : 'F';
    const y = 1962 + Math.floor(rand() * 45);
    const m = 1 + Math.floor(rand() * 12);
    const d = 1 + Math.floor(rand() * 28);
    const prefix = `${village.slice(0, 8).replace(/\./g, '')}${String(d + (sex === 'F' ? 40 : 0)).padStart(2, '0')}${String(m).padStart(2, '0')}${String(y).slice(2)}`;
    const serial = (serials.get(prefix) ?? 0) + 1;
    serials.set(prefix, serial);
    let nik = `${prefix}${String(serial).padStart(4, '0')}`;
    let wage = Math.round((2_500_000 + rand() * 6_000_000) / 1000) * 1000;
    if (i % 100 === 99) {
      bad++;
      if (i % 200 === 99)
        nik = nik.slice(0, 15); // malformed NIK
      else wage = -wage; // negative wage
    }
    const name = `${FIRST[Math.floor(rand() * FIRST.length)]} ${LAST[Math.floor(rand() * LAST.length)]}`;
    buf += `${nik},${name},${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')},${sex === 'M' ? 'L' : 'P'},${village},08${String(Math.floor(rand() * 1e10)).padStart(10, '0')},PU,${npps[i % npps.length]},2026-01-02,${wage}\n`;
    if (buf.length > 1 << 20) {
      fs.writeSync(out, buf);
      buf = '';
    }
  }
  fs.writeSync(out, buf);
  fs.closeSync(out);
  return { bad };
}

async function setupEmployers(
  h: Awaited<ReturnType<typeof benchDb>>['handle'],
  n: number,
): Promise<string[]> {
  await sql`insert into employers (npp, name, legal_form, sector, size_class, risk_class, village_code, regency_code, province_code, registered_on)
            select nextval('npp_seq')::text, 'PT Bench ' || g, 'PT', 'Industri', (array['micro','small','medium','large'])[1 + g % 4], 1 + g % 5,
                   '32.73.05.1001', '32.73', '32', date '2020-01-01'
            from generate_series(1, ${n}) g`.execute(h.db);
  return (await h.db.selectFrom('employers').select('npp').orderBy('id').execute()).map((r) => r.npp);
}

/**
 * The lower bound: the accepted rows, already shaped as the import writes them, loaded with one COPY
 * per table into the same tables with the same indexes and constraints: participants, then their hire
 * events and open employments (the CSV text is built beforehand and not timed). The copies get a
 * suffixed NIK and KPJ next to the imported people, so the tables are as large as the import left them.
 */
async function rawCopy(h: Awaited<ReturnType<typeof benchDb>>['handle']): Promise<[number, number]> {
  const rows = await sql<{
    csv: string;
  }>`select string_agg(concat_ws(',', nik || 'X', 'K' || kpj, '"' || full_name || '"', birth_date, sex, village_code, regency_code, province_code, phone, segment, '"{' || array_to_string(programs, ',') || '}"', is_non_asn, is_vulnerable, registered_on, import_id), E'\n') as csv from participants`.execute(
    h.db,
  );
  const cols = [
    'nik',
    'kpj',
    'full_name',
    'birth_date',
    'sex',
    'village_code',
    'regency_code',
    'province_code',
    'phone',
    'segment',
    'programs',
    'is_non_asn',
    'is_vulnerable',
    'registered_on',
    'import_id',
  ];
  const csv = `${cols.join(',')}\n${rows.rows[0]!.csv}\n`;
  await sql`alter table participants drop constraint participants_nik_check`.execute(h.db);
  const [, pSecs] = await timed(() => h.copyCsv('participants', cols, csv));
  const n = csv.split('\n').length - 2;
  const events = await sql<{
    csv: string;
  }>`select string_agg(concat_ws(',', c.id, m.employer_id, 'hire', m.started_on, m.wage, o.import_id), E'\n') as csv
    from participants o join participants c on c.nik = o.nik || 'X' join employments m on m.participant_id = o.id`.execute(
    h.db,
  );
  const employments = await sql<{
    csv: string;
  }>`select string_agg(concat_ws(',', c.id, m.employer_id, m.started_on, m.wage), E'\n') as csv
    from participants o join participants c on c.nik = o.nik || 'X' join employments m on m.participant_id = o.id`.execute(
    h.db,
  );
  const [, eSecs] = await timed(() =>
    h.copyCsv(
      'employment_events',
      ['participant_id', 'employer_id', 'kind', 'effective_on', 'wage', 'import_id'],
      `participant_id,employer_id,kind,effective_on,wage,import_id\n${events.rows[0]!.csv}\n`,
    ),
  );
  const [, mSecs] = await timed(() =>
    h.copyCsv(
      'employments',
      ['participant_id', 'employer_id', 'started_on', 'wage'],
      `participant_id,employer_id,started_on,wage\n${employments.rows[0]!.csv}\n`,
    ),
  );
  return [n, pSecs + eSecs + mSecs];
}

export async function benchImport(args: string[]): Promise<void> {
  const rows = intArg(args, 'rows', 1_000_000);
  console.log(`import benchmark: ${rows} rows — ${machine()}`);
  for (const target of targets(args)) {
    const { handle, drop } = await benchDb(target);
    try {
      const npps = await setupEmployers(handle, 2000);
      const file = path.join(os.tmpdir(), `lindung-bench-${rows}.csv`);
      const [{ bad }, genSecs] = await timed(async () => generateWorkerFile(file, rows, npps));
      console.log(
        `[${target}] generated ${file} (${(fs.statSync(file).size / 2 ** 20).toFixed(0)} MiB) in ${genSecs.toFixed(1)}s`,
      );
      const rss0 = process.memoryUsage().rss;
      const [r, secs] = await timed(() =>
        importWorkers(handle, { file, progress: createProgress(`import ${target}`) }, SYSTEM, systemClock),
      );
      const rss = process.memoryUsage().rss;
      console.log(
        `[${target}] import: ${r.total} rows, ${r.accepted} accepted, ${r.rejected} rejected (expected ${bad}) in ${secs.toFixed(1)}s = ${Math.round(r.total / secs)} rows/s; RSS +${((rss - rss0) / 2 ** 20).toFixed(0)} MiB`,
      );
      if (r.seconds)
        console.log(
          `[${target}] phases: read+validate+stage ${r.seconds.stage.toFixed(1)}s, set-based checks ${r.seconds.checks.toFixed(1)}s, commit ${r.seconds.commit.toFixed(1)}s`,
        );
      const [n, copySecs] = await rawCopy(handle);
      console.log(
        `[${target}] raw COPY of the same ${n} people into participants, employment_events and employments: ${copySecs.toFixed(1)}s = ${Math.round(n / copySecs)} rows/s`,
      );
      console.log(
        `[${target}] ratio import/COPY: ${(secs / copySecs).toFixed(2)}× the time = ${(copySecs / secs).toFixed(2)}× the speed of COPY (aim ≥ 0.6×)`,
      );
    } finally {
      await drop();
    }
  }
}
