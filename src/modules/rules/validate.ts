import { ValidationError } from '../../platform/errors.ts';
import { type Period, parsePeriod } from '../../platform/period.ts';

/** Input checks shared by the calculators, the CLI and the HTTP routes. Every message names its field. */

export type Money = bigint | number;

export function money(field: string, v: Money | undefined): bigint {
  if (v === undefined) throw new ValidationError(`${field}: wajib diisi / is required`);
  if (typeof v === 'number' && !Number.isSafeInteger(v)) {
    throw new ValidationError(`${field}: harus bilangan bulat rupiah / must be whole rupiah (got ${v})`);
  }
  const b = BigInt(v);
  if (b < 0n) throw new ValidationError(`${field}: tidak boleh negatif / must not be negative (got ${v})`);
  return b;
}

export function int(field: string, v: number | undefined, min: number, max: number): number {
  if (v === undefined) throw new ValidationError(`${field}: wajib diisi / is required`);
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new ValidationError(
      `${field}: harus bilangan bulat ${min}–${max} / must be an integer ${min}–${max} (got ${v})`,
    );
  }
  return v;
}

export function period(v: string | undefined, field = 'period'): Period {
  if (v === undefined) throw new ValidationError(`${field}: wajib diisi / is required`);
  return parsePeriod(v, field);
}

const DATE_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
export function date(field: string, v: string | undefined): string {
  if (v === undefined) throw new ValidationError(`${field}: wajib diisi / is required`);
  const d = new Date(`${v}T00:00:00Z`);
  if (!DATE_RE.test(v) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) {
    throw new ValidationError(
      `${field}: format tanggal harus YYYY-MM-DD / date must be YYYY-MM-DD (got "${v}")`,
    );
  }
  return v;
}

/** The rules start with the BPJS Ketenagakerjaan programs of PP 44/45/46 of 2015 (1 Jul 2015). */
export const SYSTEM_START = '2015-07-01';

export function notBefore(field: string, value: string, start: string, what: string): void {
  if (value < start.slice(0, value.length)) {
    throw new ValidationError(
      `${field}: ${what} belum berlaku sebelum ${start} / ${what} did not exist before ${start} (got ${value})`,
    );
  }
}

/** Parses a CLI argument as whole rupiah: digits only (dots/commas as thousands separators are refused). */
export function moneyArg(field: string, s: string | undefined): bigint | undefined {
  if (s === undefined) return undefined;
  if (!/^-?\d+$/.test(s.trim())) {
    throw new ValidationError(
      `${field}: harus bilangan bulat rupiah tanpa pemisah / must be whole rupiah digits (got "${s}")`,
    );
  }
  return money(field, BigInt(s.trim()));
}

export function intArg(field: string, s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  if (!/^-?\d+$/.test(s.trim()))
    throw new ValidationError(`${field}: harus bilangan bulat / must be an integer (got "${s}")`);
  return Number(s.trim());
}
