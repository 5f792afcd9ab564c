/**
 * Shapes of the /api partnerships answers (src/modules/partnerships), written by hand: these routes
 * have no response schema yet, so there is nothing generated to alias (docs/decisions/0016).
 */
export type AgreementStatus = 'draft' | 'active' | 'expiring' | 'expired' | 'terminated' | 'renewed';

export interface Pace {
  monthsTotal: number | null;
  monthsElapsed: number;
  monthsLeft: number | null;
  expectedByNow: number | null;
  gapToTarget: number | null;
  gapToPace: number | null;
  actualPerMonth: number;
  neededPerMonth: number | null;
  onTrack: boolean | null;
}

export interface Results {
  registered: number;
  employers: number;
  active: number;
  churned: number;
  never_active: number;
  basis: 'registrations' | 'contributions';
  basis_note_id: string;
  basis_note_en: string;
  pace: Pace;
  budget_ceiling: number | null;
  budget_billed: number;
  budget_paid: number;
  budget_left: number | null;
  suspended_now: number;
  flags_open: number;
}

export interface Agreement {
  id: number;
  number: string;
  kind: 'mou' | 'pks' | 'addendum';
  title: string;
  partner_id: number;
  partner_name: string;
  partner_acronym: string | null;
  partner_type: string;
  signed_on: string | null;
  signed_precision: string;
  starts_on: string;
  ends_on: string | null;
  status: AgreementStatus;
  terminated_on: string | null;
  termination_reason: string | null;
  segments: string[];
  programs: string[];
  region_codes: string[];
  member_companies: string;
  worker_groups: string[];
  target_people: number | null;
  target_by: string | null;
  payer: 'employer' | 'participant' | 'sponsor';
  sponsor_shares: Record<string, number>;
  budget_ceiling: number | null;
  source_url: string | null;
  note: string | null;
  synthetic: boolean;
  results?: Results;
}

export interface SeriesPoint {
  period: string;
  registered: number;
  active: number;
  target: number | null;
}

export interface AgreementDetail {
  agreement: Agreement;
  results: Results;
  series: SeriesPoint[];
  related: Array<{ id: number; number: string; relation: string; status: AgreementStatus }>;
}

export interface Partner {
  id: number;
  name: string;
  acronym: string | null;
  type: string;
  sector: string | null;
  region_name: string | null;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  source_url: string | null;
  note: string | null;
  agreements: number;
  member_companies: number;
}

export interface Member {
  participant_id: number;
  nik: string;
  kpj: string;
  full_name: string;
  segment: string;
  status: string;
  attributed_on: string;
  via: string | null;
  employer_name: string | null;
  sponsorship_status: 'sponsored' | 'suspended_budget' | null;
}

export interface PerformanceRow {
  id: number;
  number: string;
  partner_name: string;
  partner_acronym: string | null;
  status: AgreementStatus;
  target_people: number | null;
  target_by: string | null;
  registered: number;
  active: number;
  churned: number;
  expected_by_now: number | null;
  gap_to_target: number | null;
  gap_to_pace: number | null;
  actual_per_month: number;
  needed_per_month: number | null;
  on_track: boolean | null;
  flags_open: number;
}

export interface Alert {
  id: number;
  number: string;
  partner_name: string;
  status: AgreementStatus;
  ends_on: string | null;
  days_left: number | null;
}

export interface OutreachEntry {
  type: 'campaign' | 'visit';
  id: number;
  kind: string;
  title: string;
  who: string | null;
  region_name: string;
  on: string;
  reached: number;
  registrations: number;
  agreement_id: number | null;
  agreement_number: string | null;
  synthetic: boolean;
}

export interface ConversionRow {
  key: string;
  label: string;
  registered: number;
  paying: number;
  conversion_pct: number | null;
}
