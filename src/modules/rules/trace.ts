import type { Resolved } from './params.ts';

/**
 * The explanation every result carries: the parameters used (with legal reference, dates and
 * the UNCONFIRMED flag) and each arithmetic step, in words a person can check by hand.
 */

export interface ParamUse {
  name: string;
  label: string;
  value: unknown;
  unit: string;
  ref: string;
  source: string;
  instrument: string;
  from: string;
  to: string | null;
  asOf: string;
  unconfirmed: boolean;
  derived: boolean;
  note?: string;
  warning?: string;
}

export interface Step {
  /** What is computed, "Bahasa Indonesia / English". */
  label: string;
  /** The arithmetic, e.g. "Rp10.000.000 × 0,89% = Rp89.000". */
  calc: string;
}

export interface Trace {
  parameters: ParamUse[];
  steps: Step[];
  warnings: string[];
}

export function newTrace(): Trace {
  return { parameters: [], steps: [], warnings: [] };
}

export function use<T>(trace: Trace, pair: [T, Resolved]): T {
  const [value, r] = pair;
  if (!trace.parameters.some((p) => p.name === r.name && p.from === r.from)) {
    const p: ParamUse = {
      name: r.name,
      label: r.label,
      value: r.value,
      unit: r.unit,
      ref: r.ref,
      source: r.source,
      instrument: r.instrument,
      from: r.from,
      to: r.to,
      asOf: r.asOf,
      unconfirmed: r.unconfirmed,
      derived: r.derived,
    };
    if (r.note) p.note = r.note;
    if (r.warning) p.warning = r.warning;
    trace.parameters.push(p);
    if (r.unconfirmed) {
      // "Bahasa Indonesia / English", like every label: a reader sees their half.
      const [labelId, ...rest] = r.label.split(' / ');
      const labelEn = rest.join(' / ') || labelId;
      warn(
        trace,
        `${labelId}: BELUM TERKONFIRMASI (${r.ref}) / ${labelEn}: UNCONFIRMED — ${r.note ?? r.ref}`,
      );
    }
  }
  // A value reused past its end (e.g. the 2020 JHT return for 2021) warns even if listed already.
  if (r.warning) warn(trace, r.warning);
  return value;
}

export function step(trace: Trace, label: string, calc: string): void {
  trace.steps.push({ label, calc });
}

export function warn(trace: Trace, message: string): void {
  if (!trace.warnings.includes(message)) trace.warnings.push(message);
}

/** Folds a line's trace into the result's: parameters and warnings are listed once per result. */
export function merge(into: Trace, from: Trace): void {
  for (const p of from.parameters) {
    if (!into.parameters.some((q) => q.name === p.name && q.from === p.from)) into.parameters.push(p);
  }
  for (const w of from.warnings) warn(into, w);
}

const snake = (k: string): string => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function wire(v: unknown): unknown {
  if (typeof v === 'bigint') {
    if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new RangeError(`amount ${v} exceeds the safe integer range`);
    }
    return Number(v);
  }
  if (Array.isArray(v)) return v.map(wire);
  if (typeof v === 'object' && v !== null) {
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => [snake(k), wire(x)]),
    );
  }
  return v;
}

/**
 * The JSON shape of a result, for the CLI's --json and the HTTP API: bigint rupiah become
 * integers (whole rupiah stay far below 2^53) and keys are snake_case like the rest of the API.
 */
export function toWire(value: unknown): unknown {
  return wire(value);
}
