/**
 * Money is whole rupiah. Rates are exact decimal strings ("0.0089" = 0.89%).
 *
 * THE ROUNDING RULE (the only one in Lindung): an amount computed as base × rate is
 * rounded half up to the whole rupiah, once, at the level of one line (one participant,
 * one program, one payer, one month). Totals are sums of rounded lines, never rounded again.
 * No regulation text reached states the official rule (docs/rules-reference.md §10 lists it UNCONFIRMED);
 * see docs/decisions/0002-rounding.md. PostgreSQL's round(numeric) is the same rule for
 * non-negative amounts, so set-based SQL and these functions agree to the rupiah.
 */

export interface Decimal {
  /** value = units / 10^scale */
  units: bigint;
  scale: number;
}

const DEC_RE = /^(-?)(\d+)(?:\.(\d+))?$/;

export function decimal(text: string): Decimal {
  const m = DEC_RE.exec(text.trim());
  if (!m) throw new Error(`not an exact decimal: "${text}"`);
  const frac = m[3] ?? '';
  const units = BigInt(`${m[1]}${m[2]}${frac}`);
  return { units, scale: frac.length };
}

export function decimalToString(d: Decimal): string {
  const neg = d.units < 0n;
  const s = (neg ? -d.units : d.units).toString().padStart(d.scale + 1, '0');
  const int = s.slice(0, s.length - d.scale);
  const frac = d.scale ? `.${s.slice(s.length - d.scale)}` : '';
  return `${neg ? '-' : ''}${int}${frac}`;
}

export function mulDecimal(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/**
 * Rounds num/den half up (away from zero for negatives) to an integer: THE rule, written once.
 * Rates use it with den = 10^scale; the rules module uses it for divisions such as months / 12.
 */
export function roundHalfUpRatio(num: bigint, den: bigint): bigint {
  if (den <= 0n) throw new RangeError('denominator must be positive');
  const neg = num < 0n;
  const abs = neg ? -num : num;
  const q = (abs * 2n + den) / (2n * den);
  return neg ? -q : q;
}

/** Rounds an integer numerator / 10^scale half up to an integer. */
export function roundHalfUp(units: bigint, scale: number): bigint {
  return scale === 0 ? units : roundHalfUpRatio(units, 10n ** BigInt(scale));
}

/** base (whole rupiah) × rate, rounded by THE rule. */
export function applyRate(base: bigint | number, rate: Decimal | string): bigint {
  const r = typeof rate === 'string' ? decimal(rate) : rate;
  return roundHalfUp(BigInt(base) * r.units, r.scale);
}

/** Rounds down to a multiple of `step` (used where a regulation says so, e.g. the JP cap to Rp100). */
export function floorTo(amount: bigint, step: bigint): bigint {
  return (amount / step) * step;
}

const rupiahFmt = new Intl.NumberFormat('id-ID');
/** "Rp10.000.000" — Indonesian grouping. */
export function formatRupiah(v: bigint | number): string {
  return `Rp${rupiahFmt.format(v)}`;
}
