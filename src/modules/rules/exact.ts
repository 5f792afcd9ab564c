import { type Decimal, decimal, decimalToString, formatRupiah, mulDecimal } from '../../platform/money.ts';

/**
 * Exact decimal arithmetic on top of platform/money.ts. Rates are combined here (a discount
 * times a rate, a sum of tier slices) so that each line is still rounded exactly once, by
 * applyRate / roundHalfUp.
 */

export const ONE: Decimal = { units: 1n, scale: 0 };
export const ZERO: Decimal = { units: 0n, scale: 0 };

function rescale(d: Decimal, scale: number): bigint {
  return d.units * 10n ** BigInt(scale - d.scale);
}

export function normalize(d: Decimal): Decimal {
  let { units, scale } = d;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return { units, scale };
}

export function addDec(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return normalize({ units: rescale(a, scale) + rescale(b, scale), scale });
}

export function subDec(a: Decimal, b: Decimal): Decimal {
  return addDec(a, { units: -b.units, scale: b.scale });
}

export function mulDec(a: Decimal, b: Decimal): Decimal {
  return normalize(mulDecimal(a, b));
}

export function cmpDec(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const d = rescale(a, scale) - rescale(b, scale);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

export function decOf(v: bigint): Decimal {
  return { units: v, scale: 0 };
}

export function decStr(d: Decimal): string {
  return decimalToString(normalize(d));
}

/** The smaller of two rupiah amounts (Math.min does not take bigint). */
export function minRp(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

/** An amount kept between a floor and a ceiling. */
export function clampRp(v: bigint, lo: bigint, hi: bigint): bigint {
  return v < lo ? lo : v > hi ? hi : v;
}

export { roundHalfUpRatio } from '../../platform/money.ts';

/** "0,89%" — a rate written as an Indonesian percentage, exact. */
export function pct(d: Decimal | string): string {
  const r = typeof d === 'string' ? decimal(d) : d;
  const exact = decStr(mulDec(r, { units: 100n, scale: 0 }));
  return `${exact.replace('.', ',')}%`;
}

export function rp(v: bigint | number): string {
  return formatRupiah(v);
}

/** Exact rupiah value of a decimal amount, for showing an unrounded intermediate ("Rp89.000,45"). */
export function rpExact(d: Decimal): string {
  const s = decStr(d);
  const [int, frac] = s.split('.');
  const head = formatRupiah(BigInt(int ?? '0'));
  return frac ? `${head},${frac}` : head;
}
