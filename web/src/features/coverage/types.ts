/**
 * Shapes of the coverage and government API answers (src/modules/coverage, src/modules/government),
 * written by hand: these routes have no response schema yet, so there is nothing generated to alias
 * (docs/decisions/0016).
 */
export type Segment = 'PU' | 'BPU' | 'JAKON' | 'PMI';
export const SEGMENTS: Segment[] = ['PU', 'BPU', 'JAKON', 'PMI'];

export interface Denominator {
  kind: string;
  value: number;
  scaled: number;
  period: string;
  source_url: string | null;
  note: string;
  estimated: boolean;
  method: string | null;
}

export interface FigureRow {
  code: string;
  name: string;
  level: number;
  active: number | null;
  registered: number | null;
  segments: Record<Segment, { active: number | null; registered: number | null }>;
  denominator: Denominator | null;
  coverage_pct: number | null;
  suppressed: boolean;
}

export interface Meta {
  period: string;
  basis: 'domicile' | 'employer';
  denominator: { kind: string; label_id: string; label_en: string };
  active_source: { basis: string; label_id: string; label_en: string };
  synthetic: boolean;
  scale: string | null;
  min_cell: number | null;
  window: { start: string; end: string };
  source: string;
  caveats: Array<{ id: string; en: string }>;
}

export interface Figures {
  meta: Meta;
  total: FigureRow | null;
  rows: FigureRow[];
}

export interface RankingRow {
  code: string;
  name: string;
  coverage_pct: number | null;
  progress_pp: number | null;
  target_pct: number | null;
  target_status: string | null;
  gap_pp: number | null;
  rank: { coverage: number | null; progress: number | null; gap: number | null };
}

export interface Ranking {
  meta: Meta & { compared_with: string; by: string; total_ranked: number };
  rows: RankingRow[];
}

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
