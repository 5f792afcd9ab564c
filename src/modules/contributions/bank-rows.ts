import { ValidationError } from '../../platform/errors.ts';
import type { Cell } from '../../platform/tabular.ts';
import type { PayerKind } from './allocation.ts';

/** The bank-statement layout (docs/bank-statement-format.md) and the per-row checks, pure. */

export const BANK_COLUMNS = {
  reference: ['reference', 'referensi', 'ref'],
  paid_on: ['paid_on', 'tanggal_bayar', 'tanggal', 'date'],
  payer_kind: ['payer_kind', 'jenis_pembayar', 'jenis'],
  payer_number: ['payer_number', 'nomor_pembayar', 'nomor', 'npp_kpj'],
  amount: ['amount', 'jumlah', 'nominal'],
} as const;
export type Column = keyof typeof BANK_COLUMNS;

const KINDS: Record<string, PayerKind> = {
  employer: 'employer',
  pemberi_kerja: 'employer',
  npp: 'employer',
  participant: 'participant',
  peserta: 'participant',
  kpj: 'participant',
  sponsor: 'sponsor',
  mitra: 'sponsor',
  partner: 'sponsor',
};

export interface BankRowError {
  line: number;
  column: Column | 'baris';
  code: string;
  message_id: string;
  message_en: string;
  value: string | null;
}

export interface BankImportResult {
  file: string;
  total: number;
  recorded: number;
  unchanged: number;
  rejected: number;
  amount_recorded: number;
  errors: BankRowError[];
}

export interface ParsedRow {
  line: number;
  reference: string;
  paid_on: string;
  payer_kind: PayerKind;
  payer_number: string;
  amount: number;
}

const text = (c: Cell | undefined): string | null =>
  c === null || c === undefined
    ? null
    : c instanceof Date
      ? c.toISOString().slice(0, 10)
      : String(c).trim() || null;

function pick(cells: Record<string, Cell>, col: Column): Cell | undefined {
  for (const name of BANK_COLUMNS[col]) if (name in cells) return cells[name];
  return undefined;
}

function parseDate(v: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  const dmy = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(v);
  const s = iso ? v : dmy ? `${dmy[3]}-${dmy[2]!.padStart(2, '0')}-${dmy[1]!.padStart(2, '0')}` : null;
  if (!s) return null;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s ? s : null;
}

/** "1500000", "1.500.000", "Rp 1.500.000" → 1500000; decimals, signs and letters are refused. */
function parseAmount(c: Cell | undefined): number | null {
  if (typeof c === 'number') return Number.isSafeInteger(c) && c > 0 ? c : null;
  const v = text(c);
  if (!v) return null;
  const m = /^(?:rp\.?\s*)?(\d{1,3}(?:\.\d{3})+|\d+)$/i.exec(v);
  if (!m) return null;
  const n = Number(m[1]!.replace(/\./g, ''));
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

export const err = (
  line: number,
  column: BankRowError['column'],
  code: string,
  id: string,
  en: string,
  value: string | null,
) => ({
  line,
  column,
  code,
  message_id: id,
  message_en: en,
  value,
});

export function parseRow(
  line: number,
  cells: Record<string, Cell>,
): { row?: ParsedRow; errors: BankRowError[] } {
  const errors: BankRowError[] = [];
  const reference = text(pick(cells, 'reference'));
  if (!reference)
    errors.push(err(line, 'reference', 'required', 'referensi wajib diisi', 'reference is required', null));
  else if (reference.length > 100)
    errors.push(
      err(
        line,
        'reference',
        'too_long',
        'referensi maks. 100 karakter',
        'reference over 100 characters',
        reference,
      ),
    );
  const dateText = text(pick(cells, 'paid_on'));
  const paid_on = dateText ? parseDate(dateText) : null;
  if (!paid_on)
    errors.push(
      err(
        line,
        'paid_on',
        dateText ? 'date_format' : 'required',
        'tanggal harus YYYY-MM-DD atau DD/MM/YYYY',
        'date must be YYYY-MM-DD or DD/MM/YYYY',
        dateText,
      ),
    );
  const kindText = text(pick(cells, 'payer_kind'))?.toLowerCase() ?? null;
  const payer_kind = kindText ? KINDS[kindText] : undefined;
  if (!payer_kind)
    errors.push(
      err(
        line,
        'payer_kind',
        kindText ? 'payer_kind_value' : 'required',
        'jenis pembayar: employer, participant atau sponsor',
        'payer kind: employer, participant or sponsor',
        kindText,
      ),
    );
  const payer_number = text(pick(cells, 'payer_number'));
  if (!payer_number)
    errors.push(
      err(
        line,
        'payer_number',
        'required',
        'nomor pembayar (NPP/KPJ/id mitra) wajib diisi',
        'payer number (NPP/KPJ/partner id) is required',
        null,
      ),
    );
  const amountCell = pick(cells, 'amount');
  const amount = parseAmount(amountCell);
  if (amount === null)
    errors.push(
      err(
        line,
        'amount',
        'amount_format',
        'jumlah harus rupiah bulat positif',
        'amount must be positive whole rupiah',
        text(amountCell),
      ),
    );
  if (errors.length) return { errors };
  return {
    row: {
      line,
      reference: reference!,
      paid_on: paid_on!,
      payer_kind: payer_kind!,
      payer_number: payer_number!,
      amount: amount!,
    },
    errors,
  };
}

export function checkHeader(cells: Record<string, Cell>): void {
  const missing = (Object.keys(BANK_COLUMNS) as Column[]).filter(
    (c) => !BANK_COLUMNS[c].some((n) => n in cells),
  );
  if (missing.length)
    throw new ValidationError(`file: kolom wajib tidak ada / missing columns: ${missing.join(', ')}`, {
      missing,
    });
}
