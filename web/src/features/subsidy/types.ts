/**
 * Shapes of the wage-subsidy API. The runs, reason counts, region counts and decision rows are
 * generated from the server's response schemas (src/modules/subsidy/schemas.ts); the programme
 * definitions, one person's decision, appeals, payments, batches and tie-out are still written by
 * hand from src/modules/subsidy (those routes have no response schema yet).
 */
import type { ApiAnswer } from '../../api/types.ts';

export interface Tranche {
  no: number;
  amount: number;
  label?: string;
}

export interface Definition {
  code: string;
  name: string;
  name_en: string;
  year: number;
  legal_basis: string;
  amount_total: number;
  tranches: Tranche[];
  quota: number | null;
  criteria: Record<string, unknown>;
  channels: { banks: string[]; fallback: string | null; batch_max: number };
  sources: string[];
  unconfirmed: string[];
  notes?: string;
}

export interface Programme {
  id: number;
  code: string;
  name: string;
  year: number;
  legal_basis: string;
  definition: Definition;
  runs: number;
  last_run_id: number | null;
}

export type RunRow = ApiAnswer<'/api/subsidy/runs'>['items'][number];
export type Run = ApiAnswer<'/api/subsidy/runs/{id}'>['run'];
export type ReasonCount = ApiAnswer<'/api/subsidy/runs/{id}'>['reasons'][number];
export type RegionCount = ApiAnswer<'/api/subsidy/runs/{id}/regions'>['items'][number];
export type DecisionRow = ApiAnswer<'/api/subsidy/runs/{id}/decisions'>['items'][number];

export interface Check {
  reason: string;
  label_id: string;
  label_en: string;
  requirement: string;
  value: string;
  passed: boolean;
}

export interface Appeal {
  id: number;
  run_id: number;
  participant_id: number;
  full_name?: string;
  filed_by_kind: string;
  filed_by: number | null;
  filed_by_role?: string | null;
  grounds: string;
  status: 'open' | 'upheld' | 'rejected';
  decision_note: string | null;
  created_at: string;
  decided_at: string | null;
}

export interface Payment {
  id: number;
  batch_id: number;
  tranche: number;
  attempt: number;
  reference: string;
  amount: number;
  channel: string;
  status: string;
  result_on: string | null;
  result_note: string | null;
}

export interface PersonDecision {
  run: { id: number; programme_code: string; programme_name: string; status: string };
  participant: { id: number; nik: string; full_name: string };
  decision: {
    eligible: boolean;
    effective_eligible: boolean;
    reasons: Array<{ code: string; label_id: string; label_en: string }>;
  };
  checks: Check[];
  evidence: Record<string, unknown>;
  appeals: Appeal[];
  payments: Payment[];
}

export interface Batch {
  id: number;
  batch_no: number;
  tranche: number;
  channel: string;
  attempt: number;
  row_count: number;
  total_amount: number;
  paid: number;
  failed: number;
  pending: number;
}

export interface TieOut {
  screened: number;
  eligible: number;
  excluded: number;
  appeals_upheld: number;
  tranches: Array<{
    tranche: number;
    amount: number;
    eligible: number;
    paid: number;
    failed: number;
    pending: number;
    paid_amount: number;
  }>;
  ok: boolean;
  checks: Array<{ name: string; left: number; right: number; ok: boolean }>;
}
