import type { Cell } from '../../platform/tabular.ts';
import { parseNik } from '../workers/nik.ts';
import { SEGMENTS, type Segment } from '../workers/rules.ts';

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
export function missingColumns(header: string[], hasEmployer: boolean): ColumnName[] {
  const present = new Set(header.map((h) => ALIASES.get(h)).filter(Boolean));
  return COLUMNS.filter((c) => c.required && !present.has(c.name)).map((c) => c.name);
}

function text(v: Cell | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).trim() || null;
}

/** Excel's day 0 is 1899-12-30 (it counts a 29 February 1900 that never was). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

function parseDate(v: Cell | undefined): string | null {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  // A date cell whose number format the reader did not apply arrives as Excel's day number.
  if (typeof v === 'number' && Number.isInteger(v) && v > 0 && v < 2958466) {
    return new Date(EXCEL_EPOCH_MS + v * 86_400_000).toISOString().slice(0, 10);
  }
  const s = text(v);
  if (!s) return null;
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return valid(m[1]!, m[2]!, m[3]!);
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m) return valid(m[3]!, m[2]!.padStart(2, '0'), m[1]!.padStart(2, '0'));
  return null;
}

function valid(y: string, m: string, d: string): string | null {
  const iso = `${y}-${m}-${d}`;
  const dt = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(dt.getTime()) || dt.toISOString().slice(0, 10) !== iso ? null : iso;
}

function yesNo(v: Cell | undefined): boolean | null {
  const s = text(v)?.toLowerCase();
  if (!s) return false;
  if (['ya', 'y', 'yes', 'true', '1'].includes(s)) return true;
  if (['tidak', 't', 'no', 'n', 'false', '0'].includes(s)) return false;
  return null;
}

function err(column: RowError['column'], code: string, id: string, en: string, value?: Cell): RowError {
  return {
    column,
    code,
    message_id: id,
    message_en: en,
    value: value === undefined ? undefined : text(value ?? null),
  };
}

function nikText(v: Cell | undefined): { nik: string | null; error?: RowError } {
  // A NIK typed as a number in Excel loses leading zeros and, above 2^53, its last digits.
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v) && String(v).length === 16) return { nik: String(v) };
    return {
      nik: null,
      error: err(
        'nik',
        'nik_number_cell',
        'NIK tersimpan sebagai angka dan kehilangan digit; format kolom NIK sebagai Teks',
        'NIK stored as a number and lost digits; format the NIK column as Text',
        String(v),
      ),
    };
  }
  return { nik: text(v) };
}

export interface RowContext {
  today: string;
  hasEmployer: boolean;
}

/** Checks one row on its own (no database). Cross-row and database checks are set-based, in actions.ts. */
export function validateRow(
  cells: Partial<Record<ColumnName, Cell>>,
  ctx: RowContext,
): { row?: ValidRow; errors: RowError[] } {
  const errors: RowError[] = [];
  for (const c of COLUMNS) {
    if (c.required && text(cells[c.name]) === null) {
      errors.push(err(c.name, 'required', `Kolom ${c.name} wajib diisi`, `Column ${c.name} is required`));
    }
  }
  const { nik, error: nikErr } = nikText(cells.nik);
  if (nikErr) errors.push(nikErr);
  const birth = parseDate(cells.tanggal_lahir);
  if (cells.tanggal_lahir != null && !birth) {
    errors.push(
      err(
        'tanggal_lahir',
        'date_format',
        'Tanggal lahir tidak valid (YYYY-MM-DD atau DD/MM/YYYY)',
        'Invalid birth date (YYYY-MM-DD or DD/MM/YYYY)',
        cells.tanggal_lahir,
      ),
    );
  }
  const sexRaw = text(cells.jenis_kelamin)?.toUpperCase();
  const sex = sexRaw === 'L' || sexRaw === 'M' ? 'M' : sexRaw === 'P' || sexRaw === 'F' ? 'F' : null;
  if (sexRaw && !sex)
    errors.push(
      err(
        'jenis_kelamin',
        'sex_value',
        'Jenis kelamin harus L atau P',
        'Sex must be L (male) or P (female)',
        cells.jenis_kelamin,
      ),
    );
  if (nik) {
    const info = parseNik(nik, ctx.today, birth ? Number(birth.slice(0, 4)) : undefined);
    if (!info.valid) errors.push(err('nik', info.code, info.message_id, info.message_en, nik));
    else {
      if (birth && info.birth_date !== birth) {
        errors.push(
          err(
            'tanggal_lahir',
            'birth_date_mismatch',
            `Tanggal lahir tidak sesuai NIK (NIK: ${info.birth_date})`,
            `Birth date contradicts the NIK (NIK says ${info.birth_date})`,
            birth,
          ),
        );
      }
      if (sex && info.sex !== sex) {
        errors.push(
          err(
            'jenis_kelamin',
            'sex_mismatch',
            `Jenis kelamin tidak sesuai NIK (NIK: ${info.sex === 'F' ? 'P' : 'L'})`,
            `Sex contradicts the NIK (NIK says ${info.sex})`,
            sexRaw,
          ),
        );
      }
    }
  }
  const villageRaw = text(cells.kode_desa)?.replace(/\./g, '');
  const village =
    villageRaw && /^\d{10}$/.test(villageRaw)
      ? `${villageRaw.slice(0, 2)}.${villageRaw.slice(2, 4)}.${villageRaw.slice(4, 6)}.${villageRaw.slice(6)}`
      : null;
  if (villageRaw && !village)
    errors.push(
      err(
        'kode_desa',
        'village_format',
        'Kode desa harus 10 digit (mis. 32.73.05.1001)',
        'Village code must be 10 digits (e.g. 32.73.05.1001)',
        cells.kode_desa,
      ),
    );
  const segRaw = text(cells.segmen)?.toUpperCase() ?? (ctx.hasEmployer || text(cells.npp) ? 'PU' : null);
  const segment = SEGMENTS.find((s) => s === segRaw);
  if (!segRaw)
    errors.push(
      err(
        'segmen',
        'required',
        'Segmen wajib diisi bila tidak ada pemberi kerja',
        'Segment is required when there is no employer',
      ),
    );
  else if (!segment)
    errors.push(
      err(
        'segmen',
        'segment_value',
        'Segmen harus PU, BPU, JAKON atau PMI',
        'Segment must be PU, BPU, JAKON or PMI',
        segRaw,
      ),
    );
  const npp = text(cells.npp);
  if (segment === 'PU' && !ctx.hasEmployer && !npp)
    errors.push(
      err(
        'npp',
        'required',
        'NPP pemberi kerja wajib untuk peserta PU',
        'Employer NPP is required for PU participants',
      ),
    );
  const wage = parseWage(cells.upah, segment, errors);
  const start = cells.tanggal_mulai == null ? ctx.today : parseDate(cells.tanggal_mulai);
  if (!start)
    errors.push(
      err(
        'tanggal_mulai',
        'date_format',
        'Tanggal mulai tidak valid',
        'Invalid start date',
        cells.tanggal_mulai,
      ),
    );
  const flags = { non_asn: yesNo(cells.non_asn), rentan: yesNo(cells.rentan), jht: yesNo(cells.jht) };
  for (const [k, v] of Object.entries(flags)) {
    if (v === null)
      errors.push(
        err(
          k as ColumnName,
          'yes_no',
          `Kolom ${k} harus ya atau tidak`,
          `Column ${k} must be ya (yes) or tidak (no)`,
          cells[k as ColumnName],
        ),
      );
  }
  if (errors.length || !nik || !birth || !sex || !village || !segment || !start) return { errors };
  const name = text(cells.nama)!;
  if (name.length > 200)
    return {
      errors: [err('nama', 'too_long', 'Nama terlalu panjang (maks. 200)', 'Name too long (max 200)')],
    };
  return {
    errors,
    row: {
      nik,
      full_name: name,
      birth_date: birth,
      sex,
      village_code: village,
      phone: text(cells.telepon),
      segment,
      npp,
      start_date: start,
      wage,
      is_non_asn: !!flags.non_asn,
      is_vulnerable: !!flags.rentan,
      jht: !!flags.jht,
    },
  };
}

function parseWage(v: Cell | undefined, segment: Segment | undefined, errors: RowError[]): number | null {
  const s = text(v);
  if (s === null) {
    if (segment === 'PU')
      errors.push(
        err('upah', 'required', 'Upah wajib diisi untuk peserta PU', 'Wage is required for PU participants'),
      );
    return null;
  }
  // Accept 4500000, 4.500.000 (Indonesian grouping) and Rp4.500.000; reject decimals and signs other than '-'.
  const cleaned = s.replace(/^rp\.?\s*/i, '').replace(/\.(?=\d{3}(\.|$))/g, '');
  if (!/^-?\d+$/.test(cleaned)) {
    errors.push(err('upah', 'wage_format', 'Upah harus angka rupiah bulat', 'Wage must be whole rupiah', s));
    return null;
  }
  const n = Number(cleaned);
  if (n < 0)
    errors.push(err('upah', 'wage_negative', 'Upah tidak boleh negatif', 'Wage cannot be negative', s));
  else if (n > MAX_WAGE)
    errors.push(
      err(
        'upah',
        'wage_absurd',
        'Upah tidak masuk akal (lebih dari Rp1 miliar sebulan)',
        'Implausible wage (over Rp1 billion a month)',
        s,
      ),
    );
  else if (n === 0 && segment === 'PU')
    errors.push(
      err(
        'upah',
        'wage_zero',
        'Upah peserta PU harus lebih dari 0',
        'A PU participant’s wage must be above 0',
        s,
      ),
    );
  return n;
}
