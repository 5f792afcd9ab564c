import type { Cell } from '../../platform/tabular.ts';
import type { Segment } from '../workers/rules.ts';

/**
 * The worker-list layout (docs/import-format.md). Headers are matched case-insensitively;
 * English aliases are accepted. Order does not matter; unknown columns are ignored.
 */
export const COLUMNS = [
  {
    name: 'nik',
    aliases: [],
    required: true,
    example: '3273056010900009',
    help: '16 digit, sebagai teks / 16 digits, as text',
  },
  {
    name: 'nama',
    aliases: ['name', 'full_name'],
    required: true,
    example: 'Siti Rahayu',
    help: 'Nama lengkap / Full name',
  },
  {
    name: 'tanggal_lahir',
    aliases: ['birth_date'],
    required: true,
    example: '1990-10-20',
    help: 'YYYY-MM-DD atau DD/MM/YYYY',
  },
  { name: 'jenis_kelamin', aliases: ['sex'], required: true, example: 'P', help: 'L/P (atau M/F)' },
  {
    name: 'kode_desa',
    aliases: ['village_code'],
    required: true,
    example: '32.73.05.1001',
    help: 'Kode desa/kelurahan Kemendagri (10 digit, titik boleh)',
  },
  { name: 'telepon', aliases: ['phone'], required: false, example: '081234567890', help: 'Nomor HP' },
  {
    name: 'segmen',
    aliases: ['segment'],
    required: false,
    example: 'PU',
    help: 'PU/BPU/JAKON/PMI (default PU bila ada pemberi kerja)',
  },
  {
    name: 'npp',
    aliases: ['employer_npp'],
    required: false,
    example: '10000001',
    help: 'NPP pemberi kerja (kecuali diberikan --employer)',
  },
  {
    name: 'tanggal_mulai',
    aliases: ['start_date', 'hire_date'],
    required: false,
    example: '2026-01-02',
    help: 'Tanggal mulai bekerja (default hari ini)',
  },
  {
    name: 'upah',
    aliases: ['wage'],
    required: false,
    example: '4500000',
    help: 'Upah sebulan, rupiah bulat (wajib untuk PU)',
  },
  {
    name: 'non_asn',
    aliases: [],
    required: false,
    example: 'tidak',
    help: 'ya/tidak: pegawai pemerintah non-ASN',
  },
  {
    name: 'rentan',
    aliases: ['vulnerable'],
    required: false,
    example: 'tidak',
    help: 'ya/tidak: pekerja rentan',
  },
  { name: 'jht', aliases: [], required: false, example: 'tidak', help: 'ya/tidak: ikut JHT (BPU/PMI)' },
] as const;

export type ColumnName = (typeof COLUMNS)[number]['name'];

/** Upper bound of a plausible monthly wage; above it is a typo (extra zeros) far more often than a fact. */
export const MAX_WAGE = 1_000_000_000;

export interface RowError {
  column: ColumnName | 'baris';
  code: string;
  message_id: string;
  message_en: string;
  value?: string | null;
}

export interface ValidRow {
  nik: string;
  full_name: string;
  birth_date: string;
  sex: 'M' | 'F';
  village_code: string;
  phone: string | null;
  segment: Segment;
  npp: string | null;
  start_date: string;
  wage: number | null;
  is_non_asn: boolean;
  is_vulnerable: boolean;
  jht: boolean;
}

const ALIASES = new Map<string, ColumnName>(
  COLUMNS.flatMap((c) => [[c.name, c.name] as const, ...c.aliases.map((a) => [a, c.name] as const)]),
);

export function canonicalCells(cells: Record<string, Cell>): Partial<Record<ColumnName, Cell>> {
  const out: Partial<Record<ColumnName, Cell>> = {};
  for (const [k, v] of Object.entries(cells)) {
    const c = ALIASES.get(k);
    if (c && out[c] == null) out[c] = v;
  }
  return out;
}

/** Header problems stop the whole import (exit 2): the file is not a worker list. */
export function missingColumns(header: string[]): ColumnName[] {
  const present = new Set(header.map((h) => ALIASES.get(h)).filter(Boolean));
  return COLUMNS.filter((c) => c.required && !present.has(c.name)).map((c) => c.name);
}
