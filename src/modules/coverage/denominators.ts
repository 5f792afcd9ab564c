/**
 * Denominators of coverage, each with its period, source and whether it is estimated:
 * - employed: BPS Sakernas employed population (workforce_baselines; national_figures for the nation);
 * - employed_minus_civil_servants: employed minus ASN (BKN, reference.json), distributed over provinces in
 *   proportion to employment (estimated below the nation);
 * - labour_force: national BPS labour force; provinces as employed × the national labour-force ratio
 *   (estimated).
 * Below provinces there is no BPS figure on file: see `shareOf`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../platform/db.ts';
import { monthsBetween } from '../../platform/period.ts';
import type { DenominatorKind } from './rules.ts';

const figure = z.object({
  period: z.string(),
  value: z.number().positive(),
  source_url: z.string().url(),
  note: z.string(),
  confidence: z.string(),
});
const referenceSchema = z.object({
  labour_force_national: z.array(figure).min(1),
  civil_servants_national: z.array(figure).min(1),
  civil_servants_caveat: z.string(),
  papua_pre_split: z.object({
    provinces: z.array(z.string()),
    period: z.string(),
    employed: z.number(),
    informal_pct: z.number(),
    source_url: z.string().url(),
    note: z.string(),
  }),
});
export type CoverageReference = z.infer<typeof referenceSchema>;
type Figure = z.infer<typeof figure>;

export const REFERENCE: CoverageReference = referenceSchema.parse(
  JSON.parse(
    fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'reference.json'), 'utf8'),
  ),
);

export interface Denominator {
  kind: DenominatorKind;
  /** People at national size. */
  value: number;
  /** The value divided by the demo scale (equal to value when the data are not a sample). */
  scaled: number;
  period: string;
  source_url: string | null;
  note: string;
  estimated: boolean;
  method: string | null;
  formal_scaled: number | null;
  informal_scaled: number | null;
}

export interface DenominatorSet {
  kind: DenominatorKind;
  national: Denominator | null;
  provinces: Map<string, Denominator>;
}

const nearest = (list: Figure[], period: string): Figure =>
  [...list].sort(
    (a, b) => Math.abs(monthsBetween(a.period, period)) - Math.abs(monthsBetween(b.period, period)),
  )[0]!;

interface Baseline {
  code: string;
  period: string;
  employed: number;
  formal: number | null;
  source_url: string;
  note: string | null;
}

async function baselines(db: Database): Promise<Baseline[]> {
  const r = await sql<Baseline>`select distinct on (province_code) province_code as code, period,
      employed_population::float8 as employed,
      coalesce(formal_count::float8, employed_population * formal_share_pct / 100.0)::float8 as formal,
      source_url, note
    from workforce_baselines order by province_code, period desc`.execute(db);
  return r.rows;
}

async function nationalEmployed(db: Database): Promise<Figure[]> {
  const r = await sql<{ period: string; value: number; source_url: string; note: string | null }>`
    select period, value::float8 as value, source_url, note from national_figures
    where metric = 'employed_population_bps' order by period`.execute(db);
  return r.rows.map((x) => ({ ...x, note: x.note ?? '', confidence: 'national_figures' }));
}

// Village counts are reference data fixed for the life of a process; counting 83,000 rows per request is not.
const villageCounts = new WeakMap<Database, Promise<Array<{ code: string; n: number }>>>();

function papuaVillages(db: Database): Promise<Array<{ code: string; n: number }>> {
  let p = villageCounts.get(db);
  if (!p) {
    p = sql<{ code: string; n: number }>`select left(code, 2) as code, count(*)::int as n
      from regions where level = 4 and left(code, 2) = any(${REFERENCE.papua_pre_split.provinces}::text[])
      group by 1 order by 1`
      .execute(db)
      .then((r) => r.rows);
    villageCounts.set(db, p);
    p.catch(() => villageCounts.delete(db));
  }
  return p;
}

/** Pre-split Papua employed (Aug 2023) shared over the four provinces by their number of villages. */
async function papuaEstimates(db: Database): Promise<Baseline[]> {
  const p = REFERENCE.papua_pre_split;
  const rows = await papuaVillages(db);
  const total = rows.reduce((s, x) => s + x.n, 0);
  return rows.map((x) => ({
    code: x.code,
    period: p.period,
    employed: Math.round((p.employed * x.n) / total),
    formal: Math.round(((p.employed * x.n) / total) * (1 - p.informal_pct / 100)),
    source_url: p.source_url,
    note: `ESTIMATED: ${p.note}`,
  }));
}

function convert(
  kind: DenominatorKind,
  b: Baseline,
  ratio: { csShare: number; lfRatio: number; basis: string },
  scale: number,
  estimated: boolean,
): Denominator {
  const factor = kind === 'employed' ? 1 : kind === 'labour_force' ? ratio.lfRatio : 1 - ratio.csShare;
  const value = Math.round(b.employed * factor);
  const derived = kind !== 'employed';
  return {
    kind,
    value,
    scaled: value / scale,
    period: b.period,
    source_url: b.source_url,
    note: [b.note, derived ? ratio.basis : null].filter(Boolean).join(' | '),
    estimated: estimated || derived,
    method: estimated
      ? 'papua_pre_split_by_villages'
      : derived
        ? `province_employed_x_national_${kind}_ratio`
        : null,
    formal_scaled: b.formal === null ? null : Math.round(b.formal * factor) / scale,
    informal_scaled: b.formal === null ? null : Math.round((b.employed - b.formal) * factor) / scale,
  };
}

/** Denominators of `kind` for the nation (latest BPS round up to `period`) and every province. */
export async function loadDenominators(
  db: Database,
  kind: DenominatorKind,
  period: string,
  scale: number,
): Promise<DenominatorSet> {
  const [rows, papua, employedNat] = await Promise.all([
    baselines(db),
    papuaEstimates(db),
    nationalEmployed(db),
  ]);
  const known = new Set(rows.map((r) => r.code));
  // Ratios are taken at the round most provinces use, so province values stay comparable with each other.
  const roundOf = mostCommon(rows.map((r) => r.period)) ?? period;
  const empAtRound = employedNat.length ? nearest(employedNat, roundOf) : null;
  const lf = nearest(REFERENCE.labour_force_national, roundOf);
  const cs = nearest(REFERENCE.civil_servants_national, roundOf);
  const ratio = {
    csShare: empAtRound ? cs.value / empAtRound.value : 0,
    lfRatio: empAtRound ? lf.value / empAtRound.value : 1,
    basis: `DERIVED: ${kind} = province employed × national ratio (${roundOf}; ${
      kind === 'labour_force'
        ? `labour force ${lf.value} ÷ employed ${empAtRound?.value}`
        : `1 − ASN ${cs.value} (${cs.period}) ÷ employed ${empAtRound?.value}`
    })`,
  };
  const provinces = new Map<string, Denominator>();
  for (const b of rows) provinces.set(b.code, convert(kind, b, ratio, scale, false));
  for (const b of papua) if (!known.has(b.code)) provinces.set(b.code, convert(kind, b, ratio, scale, true));
  return { kind, national: national(kind, employedNat, period, scale), provinces };
}

function national(
  kind: DenominatorKind,
  employed: Figure[],
  period: string,
  scale: number,
): Denominator | null {
  const upTo = employed.filter((e) => e.period <= period);
  const emp = upTo[upTo.length - 1] ?? employed[0];
  if (!emp) return null;
  const lf = nearest(REFERENCE.labour_force_national, emp.period);
  const cs = nearest(REFERENCE.civil_servants_national, emp.period);
  const pick: Record<DenominatorKind, { value: number; src: string; note: string; period: string }> = {
    employed: { value: emp.value, src: emp.source_url, note: `BPS Sakernas ${emp.note}`, period: emp.period },
    labour_force: { value: lf.value, src: lf.source_url, note: lf.note, period: lf.period },
    employed_minus_civil_servants: {
      value: emp.value - cs.value,
      src: cs.source_url,
      note: `employed ${emp.value} (${emp.period}) − ASN ${cs.value} (${cs.period}, ${cs.confidence}). ${REFERENCE.civil_servants_caveat}`,
      period: emp.period,
    },
  };
  const p = pick[kind];
  return {
    kind,
    value: p.value,
    scaled: p.value / scale,
    period: p.period,
    source_url: p.src,
    note: p.note,
    estimated: false,
    method: kind === 'employed_minus_civil_servants' ? 'national_employed_minus_asn' : null,
    formal_scaled: null,
    informal_scaled: null,
  };
}

function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/**
 * A region below the province has no BPS figure on file: its denominator is ESTIMATED as the province's
 * denominator × the region's share of the province's registered participants (domicile).
 */
export function shareOf(
  province: Denominator,
  regionRegistered: number,
  provinceRegistered: number,
): Denominator {
  const share = provinceRegistered > 0 ? regionRegistered / provinceRegistered : 0;
  return {
    ...province,
    value: Math.round(province.value * share),
    scaled: province.scaled * share,
    formal_scaled: province.formal_scaled === null ? null : province.formal_scaled * share,
    informal_scaled: province.informal_scaled === null ? null : province.informal_scaled * share,
    estimated: true,
    method: 'province_denominator_x_share_of_registered_participants',
    note: `ESTIMATED from the province figure (${province.period}) × share of registered participants ${(
      share * 100
    ).toFixed(2)}%`,
  };
}
