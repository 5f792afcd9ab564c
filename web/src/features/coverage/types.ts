/**
 * Shapes of the coverage and government API answers (src/modules/coverage, src/modules/government).
 * The figures and the ranking are generated from the server's response schemas
 * (src/modules/coverage/schemas.ts); targets, breakdowns and the government ranking are still written
 * by hand (those routes have no response schema yet, docs/decisions/0016).
 */
import type { ApiAnswer } from '../../api/types.ts';

export type Segment = 'PU' | 'BPU' | 'JAKON' | 'PMI';
export const SEGMENTS: Segment[] = ['PU', 'BPU', 'JAKON', 'PMI'];

export type Figures = ApiAnswer<'/api/coverage'>;
export type FigureRow = Figures['rows'][number];
export type Denominator = NonNullable<FigureRow['denominator']>;
export type Meta = Figures['meta'];
export type Ranking = ApiAnswer<'/api/coverage/ranking'>;
export type RankingRow = Ranking['rows'][number];

export interface Projection {
  window_months: number;
  pace_per_month: number | null;
  reach_period: string | null;
  status: 'reached' | 'projected' | 'not_at_current_pace' | 'not_enough_history';
}

export interface TargetView {
  target: {
    id: number;
    year: number;
    target_pct: number;
    status: string;
    source_url: string | null;
    note: string | null;
  };
  math: {
    deadline: string;
    target_people: number;
    current_active: number;
    current_pct: number | null;
    gap_people: number;
    pace_needed_per_month: number | null;
    projections: Projection[];
  } | null;
}

export interface Targets {
  region: { code: string; name: string };
  targets: TargetView[];
  series: Array<{ period: string; active: number | null }>;
}

export interface CriterionScore {
  key: string;
  label_id: string;
  label_en: string;
  weight: number;
  value: number;
  contribution: number;
  raw: string;
  evidence: Array<{
    id: number;
    title: string;
    year: number;
    synthetic: boolean;
    evidence_url: string | null;
  }>;
}

export interface GovRanking {
  criteria: { id: string; title_id: string; title_en: string; status_note: string };
  total_ranked: number;
  rows: Array<{
    addressee: { id: number; name: string; region_code: string | null };
    score: { score: number; synthetic_evidence: boolean; criteria: CriterionScore[] };
    rank: number | null;
  }>;
}

export interface Breakdown {
  segments: FigureRow['segments'];
  employers:
    | {
        kind: 'named';
        rows: Array<{ id: number; name: string; size_class: string; sector: string; active: number }>;
      }
    | {
        kind: 'grouped';
        rows: Array<{ size_class: string; sector: string; employers: number; active: number | null }>;
      };
  partners: Array<{ id: number; name: string; employers: number; active: number | null }>;
}
