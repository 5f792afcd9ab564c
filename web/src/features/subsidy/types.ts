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

export interface Run {
  id: number;
  programme_id: number;
  programme_code: string;
  programme_name: string;
  snapshot_run_id: number;
  rerun_of: number | null;
  status: 'running' | 'done' | 'failed';
  phase: string;
  screened: number;
  eligible: number;
  excluded: number;
  warnings: string[];
  started_at: string;
  finished_at: string | null;
  error: string | null;
  progress: number;
}

export interface ReasonCount {
  code: string;
  label_id: string;
  label_en: string;
  count: number;
}

export interface RegionCount {
  code: string;
  name: string | null;
  screened: number;
  eligible: number;
  excluded: number;
  appeals_upheld: number;
}

export interface DecisionRow {
  participant_id: number;
  nik: string;
  full_name: string;
  province_code: string;
  wage: number | null;
  eligible: boolean;
  decided_eligible: boolean;
  reasons: string[];
}

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
