/**
 * Pure scoring of a regional government: score = Σ weight × value, each value in [0, 1], weights from the
 * criteria file (data, not code). Every criterion explains itself: value, weight, contribution, evidence.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const criterionSchema = z.object({
  key: z.string(),
  label_id: z.string(),
  label_en: z.string(),
  weight: z.number().nonnegative(),
  weight_assumed: z.boolean(),
  measure: z.enum([
    'coverage_pct',
    'coverage_progress_pp',
    'evidence_regulation',
    'evidence_budget',
    'evidence_share',
    'evidence_flag',
  ]),
  full_at: z.number().positive().optional(),
  evidence_kind: z.string().optional(),
  how_id: z.string(),
  how_en: z.string(),
  source: z.string(),
  source_url: z.string().url().nullable(),
});
export const criteriaSchema = z.object({
  id: z.string(),
  title_id: z.string(),
  title_en: z.string(),
  status_note: z.string(),
  categories: z.array(z.enum(['province', 'regency_city'])),
  criteria: z.array(criterionSchema).min(1),
});
export type Criteria = z.infer<typeof criteriaSchema>;
export type Criterion = z.infer<typeof criterionSchema>;

const CRITERIA_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'criteria');
export const DEFAULT_CRITERIA = 'paritrana-2025';

export function loadCriteria(id = DEFAULT_CRITERIA): Criteria {
  const file = path.join(CRITERIA_DIR, `${id}.json`);
  const c = criteriaSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  for (const k of c.criteria)
    if (k.measure.startsWith('evidence') && !k.evidence_kind)
      throw new Error(`${id}: ${k.key} needs evidence_kind`);
  return c;
}

export interface Evidence {
  id: number;
  kind: string;
  year: number;
  title: string;
  status: string;
  amount_rupiah: number | null;
  used_rupiah: number | null;
  covered: number | null;
  eligible: number | null;
  share_pct: number | null;
  evidence_url: string | null;
  synthetic: boolean;
}

export interface ScoreInputs {
  coverage_pct: number | null;
  progress_pp: number | null;
  evidence: Evidence[];
}

export interface CriterionScore {
  key: string;
  label_id: string;
  label_en: string;
  weight: number;
  weight_assumed: boolean;
  /** 0..1 */
  value: number;
  /** weight × value, in points of the 0..100 score when the weights add up to 100 */
  contribution: number;
  raw: string;
  how_id: string;
  how_en: string;
  source: string;
  source_url: string | null;
  evidence: Evidence[];
}

export interface Score {
  criteria_id: string;
  score: number;
  max: number;
  synthetic_evidence: boolean;
  criteria: CriterionScore[];
}

const clamp01 = (x: number) => Math.max(0, Math.min(1, x));
const r4 = (x: number) => Math.round(x * 10_000) / 10_000;

function evidenceValue(c: Criterion, ev: Evidence[]): { value: number; raw: string } {
  if (!ev.length) return { value: 0, raw: 'tidak ada bukti / no evidence' };
  const values = ev.map((e): { value: number; raw: string } => {
    switch (c.measure) {
      case 'evidence_regulation':
        return {
          value: e.status === 'issued' ? 1 : e.status === 'draft' ? 0.5 : 0,
          raw: `${e.title} (${e.status})`,
        };
      case 'evidence_budget':
        if (e.amount_rupiah && e.amount_rupiah > 0) {
          const used = clamp01((e.used_rupiah ?? 0) / e.amount_rupiah);
          return {
            value: 0.5 + 0.5 * used,
            raw: `alokasi Rp${e.amount_rupiah}, realisasi Rp${e.used_rupiah ?? 0}`,
          };
        }
        return {
          value: e.covered ? 0.5 : 0,
          raw: e.covered ? `membayar iuran ${e.covered} pekerja` : e.title,
        };
      case 'evidence_share':
        if (e.eligible && e.eligible > 0 && e.covered !== null)
          return { value: clamp01(e.covered / e.eligible), raw: `${e.covered} / ${e.eligible}` };
        return { value: clamp01((e.share_pct ?? 0) / 100), raw: `${e.share_pct ?? 0}%` };
      default:
        return { value: 1, raw: e.title };
    }
  });
  return values.sort((a, b) => b.value - a.value)[0]!;
}

function measured(c: Criterion, inputs: ScoreInputs): { value: number; raw: string; evidence: Evidence[] } {
  if (c.measure === 'coverage_pct')
    return inputs.coverage_pct === null
      ? { value: 0, raw: 'tidak ada angka / no figure', evidence: [] }
      : {
          value: clamp01(inputs.coverage_pct / (c.full_at ?? 100)),
          raw: `${inputs.coverage_pct}%`,
          evidence: [],
        };
  if (c.measure === 'coverage_progress_pp')
    return inputs.progress_pp === null
      ? { value: 0, raw: 'tidak ada angka / no figure', evidence: [] }
      : {
          value: clamp01(inputs.progress_pp / (c.full_at ?? 20)),
          raw: `${inputs.progress_pp} pp`,
          evidence: [],
        };
  // Evidence of the latest year on file counts; older years are history.
  const own = inputs.evidence.filter((e) => e.kind === c.evidence_kind);
  const latest = Math.max(...own.map((e) => e.year), 0);
  const ev = own.filter((e) => e.year === latest);
  return { ...evidenceValue(c, ev), evidence: ev };
}

export function scoreOf(criteria: Criteria, inputs: ScoreInputs): Score {
  const total = criteria.criteria.reduce((s, c) => s + c.weight, 0);
  const rows = criteria.criteria.map((c): CriterionScore => {
    const m = measured(c, inputs);
    return {
      key: c.key,
      label_id: c.label_id,
      label_en: c.label_en,
      weight: c.weight,
      weight_assumed: c.weight_assumed,
      value: r4(m.value),
      contribution: r4(c.weight * m.value),
      raw: m.raw,
      how_id: c.how_id,
      how_en: c.how_en,
      source: c.source,
      source_url: c.source_url,
      evidence: m.evidence,
    };
  });
  const sum = rows.reduce((s, r) => s + r.contribution, 0);
  return {
    criteria_id: criteria.id,
    // Normalised to 0..100 so a criteria file whose weights do not add up to 100 still reads as a percentage.
    score: total > 0 ? Math.round((sum / total) * 100 * 100) / 100 : 0,
    max: 100,
    synthetic_evidence: inputs.evidence.some((e) => e.synthetic),
    criteria: rows,
  };
}
