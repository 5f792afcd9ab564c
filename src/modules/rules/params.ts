import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ValidationError } from '../../platform/errors.ts';
import { type Decimal, decimal } from '../../platform/money.ts';

/**
 * Dated parameters, one JSON file per legal instrument in ./params. A parameter may take values
 * from several instruments (JKM benefits: PP 44/2015, then PP 82/2019); its values are merged by
 * name and must not overlap. Evaluation "as of" a date:
 *  - inside a value's [from, to] → that value;
 *  - after the last value's `to`, or in a gap between values → the latest earlier value keeps
 *    applying with a warning (no newer value was recorded, e.g. the 2026 JP minimum pension);
 *  - before the first `from` → the parameter was not in force (ValidationError naming the field);
 *  - a `window` parameter (a temporary discount) simply does not apply outside its values.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const unitSchema = z.enum(['rate', 'rupiah', 'months', 'years', 'count', 'table']);
export type Unit = z.infer<typeof unitSchema>;

const valueSchema = z.object({
  value: z.unknown(),
  from: isoDate,
  to: isoDate.nullable().optional(),
  ref: z.string().min(1),
  source: z.string().min(1),
  unconfirmed: z.boolean().optional(),
  derived: z.boolean().optional(),
  note: z.string().optional(),
});
const paramSchema = z.object({
  name: z.string().regex(/^[a-z0-9_.]+$/),
  unit: unitSchema,
  label: z.string().min(1),
  window: z.boolean().optional(),
  values: z.array(valueSchema).min(1),
});
const instrumentSchema = z.object({
  instrument: z.string().min(1),
  title: z.string().min(1),
  date: z.string().optional(),
  source: z.string().min(1),
  note: z.string().optional(),
  parameters: z.array(paramSchema),
});

export interface ParamValue {
  value: unknown;
  from: string;
  to: string | null;
  ref: string;
  source: string;
  instrument: string;
  unconfirmed: boolean;
  derived: boolean;
  note?: string;
}
export interface ParamDef {
  name: string;
  unit: Unit;
  label: string;
  window: boolean;
  values: ParamValue[];
}

/** One parameter as evaluated on a date: the value and everything a reader needs to check it. */
export interface Resolved {
  name: string;
  label: string;
  unit: Unit;
  asOf: string;
  value: unknown;
  from: string;
  to: string | null;
  ref: string;
  source: string;
  instrument: string;
  unconfirmed: boolean;
  derived: boolean;
  note?: string;
  /** Set when the value is applied past its `to` (no newer value recorded). */
  warning?: string;
}

const PARAMS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'params');

function valueOk(unit: Unit, v: unknown): boolean {
  if (unit === 'rate') return typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v);
  if (unit === 'table') return typeof v === 'object' && v !== null;
  return typeof v === 'number' && Number.isSafeInteger(v);
}

export function loadParams(dir = PARAMS_DIR): Map<string, ParamDef> {
  const defs = new Map<string, ParamDef>();
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  for (const file of files) {
    const doc = instrumentSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
    for (const p of doc.parameters) {
      const def = defs.get(p.name) ?? {
        name: p.name,
        unit: p.unit,
        label: p.label,
        window: !!p.window,
        values: [],
      };
      if (def.unit !== p.unit) throw new Error(`${file}: ${p.name} unit ${p.unit} ≠ ${def.unit}`);
      for (const v of p.values) {
        if (!valueOk(p.unit, v.value))
          throw new Error(`${file}: ${p.name} from ${v.from}: bad ${p.unit} value`);
        if (v.to && v.to < v.from) throw new Error(`${file}: ${p.name} from ${v.from}: to < from`);
        def.values.push({
          ...v,
          to: v.to ?? null,
          instrument: doc.instrument,
          unconfirmed: !!v.unconfirmed,
          derived: !!v.derived,
        });
      }
      defs.set(p.name, def);
    }
  }
  for (const def of defs.values()) {
    def.values.sort((a, b) => a.from.localeCompare(b.from));
    def.values.forEach((v, i) => {
      const next = def.values[i + 1];
      if (next && (v.to === null || v.to >= next.from)) {
        throw new Error(`parameter ${def.name}: value from ${v.from} overlaps value from ${next.from}`);
      }
    });
  }
  return defs;
}

export const PARAMS: ReadonlyMap<string, ParamDef> = loadParams();

export function paramDef(name: string): ParamDef {
  const def = PARAMS.get(name);
  if (!def) throw new ValidationError(`name: parameter tidak dikenal / unknown parameter "${name}"`);
  return def;
}

export function firstFrom(name: string): string {
  return paramDef(name).values[0]?.from ?? '9999-12-31';
}

function resolvedOf(def: ParamDef, v: ParamValue, asOf: string, warning?: string): Resolved {
  const r: Resolved = {
    name: def.name,
    label: def.label,
    unit: def.unit,
    asOf,
    value: v.value,
    from: v.from,
    to: v.to,
    ref: v.ref,
    source: v.source,
    instrument: v.instrument,
    unconfirmed: v.unconfirmed,
    derived: v.derived,
  };
  if (v.note) r.note = v.note;
  if (warning) r.warning = warning;
  return r;
}

/** The parameter's value on `asOf`, or undefined for a window parameter outside its windows. */
export function paramAt(name: string, asOf: string, field = 'asOf'): Resolved | undefined {
  const def = paramDef(name);
  let latest: ParamValue | undefined;
  for (const v of def.values) {
    if (v.from > asOf) break;
    latest = v;
  }
  if (!latest) {
    if (def.window) return undefined;
    throw new ValidationError(
      `${field}: ${def.name} belum berlaku pada ${asOf} (mulai ${firstFrom(name)}) / ` +
        `${def.name} was not in force on ${asOf} (starts ${firstFrom(name)})`,
    );
  }
  if (latest.to === null || asOf <= latest.to) return resolvedOf(def, latest, asOf);
  if (def.window) return undefined;
  return resolvedOf(
    def,
    latest,
    asOf,
    `${def.name}: nilai berakhir ${latest.to}, belum ada nilai baru — tetap dipakai / ` +
      `value ended ${latest.to}, no newer value recorded — still applied`,
  );
}

function must(name: string, asOf: string, field?: string): Resolved {
  const r = paramAt(name, asOf, field);
  if (!r) throw new Error(`window parameter ${name} read with a must-accessor`);
  return r;
}

export function rateAt(name: string, asOf: string, field?: string): [Decimal, Resolved] {
  const r = must(name, asOf, field);
  return [decimal(String(r.value)), r];
}

export function windowRateAt(name: string, asOf: string): [Decimal, Resolved] | undefined {
  const r = paramAt(name, asOf);
  return r ? [decimal(String(r.value)), r] : undefined;
}

export function rupiahAt(name: string, asOf: string, field?: string): [bigint, Resolved] {
  const r = must(name, asOf, field);
  return [BigInt(r.value as number), r];
}

export function intAt(name: string, asOf: string, field?: string): [number, Resolved] {
  const r = must(name, asOf, field);
  return [r.value as number, r];
}

export function tableAt<T>(name: string, asOf: string, schema: z.ZodType<T>, field?: string): [T, Resolved] {
  const r = must(name, asOf, field);
  return [schema.parse(r.value), r];
}

/** Every parameter with all its dated values, for `rules list` and GET /api/rules. */
export function listParams(): ParamDef[] {
  return [...PARAMS.values()].sort((a, b) => a.name.localeCompare(b.name));
}
