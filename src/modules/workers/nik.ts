/**
 * NIK (Nomor Induk Kependudukan), UU 23/2006 as amended by UU 24/2013: 16 digits
 *   PP KK CC DD MM YY SSSS
 * PP/KK/CC: province, regency/city, district where the NIK was first issued (it never changes when
 * the person moves, and old NIKs keep codes of regions that have since split — so an unknown
 * prefix is still valid, only `region_known: false`). DD is the birth day, plus 40 for women.
 * YY is the last two digits of the birth year; the century is resolved against a reference date.
 */
export interface NikInfo {
  valid: true;
  province_code: string;
  regency_code: string;
  district_code: string;
  sex: 'M' | 'F';
  birth_date: string;
  serial: string;
}

export type NikResult =
  | NikInfo
  | { valid: false; code: NikErrorCode; message_id: string; message_en: string };

export type NikErrorCode = 'nik_format' | 'nik_region' | 'nik_birth_date' | 'nik_serial';

function fail(code: NikErrorCode, message_id: string, message_en: string): NikResult {
  return { valid: false, code, message_id, message_en };
}

function isRealDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/**
 * Parses an NIK. `today` ('YYYY-MM-DD') resolves the century: YY is 20YY when that date is not in
 * the future, else 19YY. A birth date given by the caller (e.g. an import row) overrides the guess.
 */
export function parseNik(raw: string, today: string, knownBirthYear?: number): NikResult {
  const nik = raw.trim();
  if (!/^\d{16}$/.test(nik)) {
    return fail(
      'nik_format',
      `NIK harus 16 digit angka (diterima "${raw}")`,
      `NIK must be 16 digits (got "${raw}")`,
    );
  }
  const prov = nik.slice(0, 2);
  const reg = nik.slice(2, 4);
  const dist = nik.slice(4, 6);
  if (Number(prov) < 11 || reg === '00' || dist === '00') {
    return fail(
      'nik_region',
      `Kode wilayah NIK tidak mungkin (${prov}.${reg}.${dist})`,
      `Impossible region code in NIK (${prov}.${reg}.${dist})`,
    );
  }
  let day = Number(nik.slice(6, 8));
  const month = Number(nik.slice(8, 10));
  const yy = Number(nik.slice(10, 12));
  const sex: 'M' | 'F' = day > 40 ? 'F' : 'M';
  if (sex === 'F') day -= 40;
  let year: number;
  if (knownBirthYear !== undefined && knownBirthYear % 100 === yy) year = knownBirthYear;
  else {
    year = 2000 + yy;
    if (`${year}-${nik.slice(8, 10)}-${String(day).padStart(2, '0')}` > today) year -= 100;
  }
  if (day < 1 || !isRealDate(year, month, day)) {
    return fail(
      'nik_birth_date',
      `Tanggal lahir dalam NIK tidak valid (${nik.slice(6, 12)})`,
      `Invalid birth date in NIK (${nik.slice(6, 12)})`,
    );
  }
  if (nik.slice(12) === '0000') {
    return fail('nik_serial', 'Nomor urut NIK tidak boleh 0000', 'NIK serial number cannot be 0000');
  }
  return {
    valid: true,
    province_code: prov,
    regency_code: `${prov}.${reg}`,
    district_code: `${prov}.${reg}.${dist}`,
    sex,
    birth_date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    serial: nik.slice(12),
  };
}
