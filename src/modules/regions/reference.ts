import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { sql } from 'kysely';
import type { DbHandle } from '../../platform/db.ts';

const REFERENCE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../db/reference');
const AREA_DIR = path.join(
  path.dirname(createRequire(import.meta.url).resolve('idn-area-data/package.json')),
  'data',
);

type Row = Record<string, string>;
const readCsv = (file: string): Row[] =>
  parse(fs.readFileSync(file), { columns: true, skip_empty_lines: true });
const blankToNull = (v: string | undefined) => (v === undefined || v.trim() === '' ? null : v.trim());

/** Kemendagri codes: regency 01–69 kabupaten, 71–99 kota; village first digit 1 kelurahan, 2 desa, 3 desa adat. */
function regencyKind(code: string): string {
  return Number(code.slice(3, 5)) >= 71 ? 'kota' : 'kabupaten';
}
function villageKind(code: string): string {
  return (
    ({ '1': 'kelurahan', '2': 'desa', '3': 'desa_adat' } as Record<string, string>)[code[9] ?? ''] ?? 'desa'
  );
}

function regionRows(): string[][] {
  const rows: string[][] = [];
  for (const r of readCsv(path.join(AREA_DIR, 'provinces.csv')))
    rows.push([r.code!, '', '1', r.name!, 'provinsi']);
  for (const r of readCsv(path.join(AREA_DIR, 'regencies.csv')))
    rows.push([r.code!, r.province_code!, '2', r.name!, regencyKind(r.code!)]);
  for (const r of readCsv(path.join(AREA_DIR, 'districts.csv')))
    rows.push([r.code!, r.regency_code!, '3', r.name!, 'kecamatan']);
  for (const r of readCsv(path.join(AREA_DIR, 'villages.csv')))
    rows.push([r.code!, r.district_code!, '4', r.name!, villageKind(r.code!)]);
  return rows;
}

async function isEmpty(h: DbHandle, table: string): Promise<boolean> {
  const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(h.db);
  return r.rows[0]!.n === 0;
}

async function copyRows(h: DbHandle, table: string, columns: string[], rows: (string | null)[][]) {
  await h.copyCsv(table, columns, stringify([columns, ...rows]));
}

const PARTNER_TYPES: Record<string, string> = {
  association: 'association',
  chamber: 'chamber',
  ministry: 'ministry',
  'provincial government': 'regional_government',
  'city association': 'local_government_association',
};
// Region of a partner where its name says it (Pemerintah Provinsi Kepulauan Bangka Belitung = 19).
const PARTNER_REGIONS: Record<string, string> = { 'Pemprov Babel': '19' };

/**
 * Loads the administrative hierarchy (idn-area-data, Kepmendagri 300.2.2-2138/2025) and the
 * sourced reference tables from db/reference/, each table once. Idempotent; cheap when done.
 */
export async function ensureReferenceData(h: DbHandle): Promise<void> {
  if (await isEmpty(h, 'regions')) {
    await copyRows(
      h,
      'regions',
      ['code', 'parent_code', 'level', 'name', 'kind'],
      regionRows().map((r) => r.map((v) => v || null)),
    );
  }
  if (await isEmpty(h, 'workforce_baselines')) {
    const rows = readCsv(path.join(REFERENCE_DIR, 'workforce_by_province.csv'))
      .filter((r) => r.code !== '00')
      .map((r) => [
        r.code!,
        r.period!,
        r.employed_population!,
        blankToNull(r.formal_share_pct),
        blankToNull(r.formal_count),
        blankToNull(r.informal_count),
        r.source_url!,
        blankToNull(r.note),
      ]);
    await copyRows(
      h,
      'workforce_baselines',
      [
        'province_code',
        'period',
        'employed_population',
        'formal_share_pct',
        'formal_count',
        'informal_count',
        'source_url',
        'note',
      ],
      rows,
    );
  }
  if (await isEmpty(h, 'minimum_wages')) {
    const rows = readCsv(path.join(REFERENCE_DIR, 'minimum_wage_by_province.csv')).map((r) => [
      r.code!,
      r.year!,
      r.ump_rupiah!,
      r.source_url!,
      blankToNull(r.note),
    ]);
    await copyRows(h, 'minimum_wages', ['province_code', 'year', 'ump_rupiah', 'source_url', 'note'], rows);
  }
  if (await isEmpty(h, 'published_coverage')) {
    const rows = readCsv(path.join(REFERENCE_DIR, 'coverage_by_province.csv')).map((r) => [
      r.code!,
      r.period!,
      blankToNull(r.active_participants),
      blankToNull(r.coverage_pct),
      blankToNull(r.denominator),
      blankToNull(r.denominator_value),
      blankToNull(r.target_pct),
      r.source_url!,
      blankToNull(r.note),
    ]);
    await copyRows(
      h,
      'published_coverage',
      [
        'code',
        'period',
        'active_participants',
        'coverage_pct',
        'denominator',
        'denominator_value',
        'target_pct',
        'source_url',
        'note',
      ],
      rows,
    );
  }
  if (await isEmpty(h, 'national_figures')) {
    const rows = readCsv(path.join(REFERENCE_DIR, 'national_figures.csv')).map((r) => [
      r.metric!,
      r.value!,
      r.unit!,
      r.period!,
      r.source_url!,
      blankToNull(r.note),
    ]);
    await copyRows(h, 'national_figures', ['metric', 'value', 'unit', 'period', 'source_url', 'note'], rows);
  }
  if (await isEmpty(h, 'partners')) {
    const rows = readCsv(path.join(REFERENCE_DIR, 'partners.csv')).map((r) => [
      r.name!,
      blankToNull(r.acronym),
      PARTNER_TYPES[r.type!] ?? r.type!,
      blankToNull(r.sector),
      PARTNER_REGIONS[r.acronym ?? ''] ?? null,
      r.source_url!,
      [r.agreement_type, r.agreement_date && `reported ${r.agreement_date} (${r.date_precision})`, r.note]
        .filter(Boolean)
        .join(' | '),
    ]);
    await copyRows(
      h,
      'partners',
      ['name', 'acronym', 'type', 'sector', 'region_code', 'source_url', 'note'],
      rows,
    );
  }
}

let districtCodes: Set<string> | null = null;
/** Whether a district code (11.01.01) is a current district, from the same files the database is loaded from. */
export function knownDistrict(code: string): boolean {
  districtCodes ??= new Set(readCsv(path.join(AREA_DIR, 'districts.csv')).map((r) => r.code!));
  return districtCodes.has(code);
}
