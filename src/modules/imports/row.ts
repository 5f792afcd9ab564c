import type { Cell } from '../../platform/tabular.ts';
import { parseNik } from '../workers/nik.ts';
import { SEGMENTS, type Segment } from '../workers/rules.ts';
import { COLUMNS, type ColumnName, MAX_WAGE, type RowError, type ValidRow } from './columns.ts';

/** Per-row checks of a worker list (no database): formats, the NIK against birth date and sex, wage bounds. */
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
