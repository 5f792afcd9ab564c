/**
 * Pure subsidy rules: the explanation of one decision from its frozen inputs, the evidence differences
 * between two runs, and the payment-status vocabulary. No I/O.
 */
import { dateNameId } from '../../platform/period.ts';
import { type FrozenDefinition, wageDate } from './criteria.ts';
import type { ReasonCode } from './reasons.ts';

/** The frozen inputs of one person (a subsidy_snapshot row). */
export interface Evidence {
  nik_valid: boolean;
  segment: string;
  status: string;
  registered_on: string;
  is_non_asn: boolean;
  wage: number | null;
  employer_id: number | null;
  employer_forms: string[];
  state_body: boolean;
  sector: string | null;
  work_regency: string | null;
  in_regions: boolean | null;
  ump: number | null;
  paid_through: string | null;
  bank_code: string | null;
  list_hits: string[];
}

export interface Check {
  reason: ReasonCode;
  /** What the programme requires, in words a reviewing officer reads. */
  requirement: string;
  /** The frozen value the check looked at. */
  value: string;
  passed: boolean;
}

const rp = (n: number) => `Rp${n.toLocaleString('id-ID')}`;

/** A participant's status in the words of the checks (the web shows the same words). */
const PARTICIPANT_STATUS_ID: Record<string, string> = {
  active: 'aktif',
  inactive: 'tidak aktif',
  closed: 'ditutup',
};

function wageChecks(def: FrozenDefinition, e: Evidence): Check[] {
  const c = def.criteria;
  const limit = c.wage_below ?? c.wage_at_most;
  if (limit === undefined) return [];
  const threshold = c.wage_threshold_or_ump ? Math.max(limit, e.ump ?? 0) : limit;
  const strict = c.wage_below !== undefined;
  const ok = e.wage !== null && (strict ? e.wage < threshold : e.wage <= threshold);
  const umpNote = c.wage_threshold_or_ump
    ? ` (ambang ${rp(limit)} atau UMP ${e.ump === null ? '—' : rp(e.ump)})`
    : '';
  return [
    {
      reason: 'no_wage',
      requirement: `upah dilaporkan pada ${dateNameId(wageDate(c))}`,
      value: e.wage === null ? 'tidak ada pekerjaan' : rp(e.wage),
      passed: e.wage !== null,
    },
    {
      reason: 'wage_too_high',
      requirement: `${strict ? '<' : '≤'} ${rp(threshold)}${umpNote}`,
      value: e.wage === null ? '—' : rp(e.wage),
      passed: e.wage === null || ok,
    },
  ];
}

function employerCheck(def: FrozenDefinition, e: Evidence): Check[] {
  const c = def.criteria;
  const forms = c.exclude_employer_legal_forms ?? [];
  if (!forms.length && !c.exclude_state_bodies) return [];
  const hit =
    e.employer_forms.some((f) => forms.includes(f as (typeof forms)[number])) ||
    (!!c.exclude_state_bodies && e.state_body);
  const excluded = hit && !(c.except_non_asn && e.is_non_asn);
  const value = `${e.employer_forms.join(', ') || '—'}${e.state_body ? ' (instansi negara)' : ''}${e.is_non_asn ? ', non-ASN' : ''}`;
  const requirement = `bukan ${[...forms, ...(c.exclude_state_bodies ? ['instansi negara'] : [])].join('/')}${c.except_non_asn ? ' kecuali non-ASN' : ''}`;
  return [{ reason: 'employer_excluded', requirement, value, passed: !excluded }];
}

/** Every check of the definition against the frozen inputs; the failing ones are the decision's reasons. */
export function explainDecision(def: FrozenDefinition, e: Evidence): Check[] {
  const c = def.criteria;
  const out: Check[] = [];
  if (c.citizen_nik)
    out.push({
      reason: 'nik_invalid',
      requirement: 'NIK WNI yang valid',
      value: e.nik_valid ? 'valid' : 'tidak valid',
      passed: e.nik_valid,
    });
  if (c.segments)
    out.push({
      reason: 'segment_not_covered',
      requirement: c.segments.join(', '),
      value: e.segment,
      passed: (c.segments as string[]).includes(e.segment),
    });
  out.push({
    reason: 'not_registered',
    requirement: `terdaftar paling lambat ${dateNameId(c.active_at)}`,
    value: dateNameId(e.registered_on),
    passed: e.registered_on <= c.active_at,
  });
  out.push({
    reason: 'participant_closed',
    requirement: 'kepesertaan tidak ditutup',
    value: PARTICIPANT_STATUS_ID[e.status] ?? e.status,
    passed: e.status !== 'closed',
  });
  out.push(...wageChecks(def, e));
  if (c.paid_through)
    out.push({
      reason: 'contributions_unpaid',
      requirement: `iuran dibayar s.d. ${dateNameId(c.paid_through)}`,
      value: e.paid_through ? dateNameId(e.paid_through) : 'tidak ada',
      passed: e.paid_through !== null && e.paid_through >= c.paid_through,
    });
  out.push(...employerCheck(def, e));
  if (c.sectors)
    out.push({
      reason: 'sector_not_covered',
      requirement: c.sectors.join(', '),
      value: e.sector ?? '—',
      passed: e.employer_id === null || c.sectors.includes(e.sector ?? ''),
    });
  if (c.regions_list)
    out.push({
      reason: 'region_not_covered',
      requirement: `wilayah ${c.regions_list}`,
      value: e.work_regency ?? '—',
      passed: e.in_regions === true,
    });
  if (c.exclude_lists?.length)
    out.push({
      reason: 'on_exclusion_list',
      requirement: `tidak ada di ${c.exclude_lists.join(', ')}`,
      value: e.list_hits.join(', ') || '—',
      passed: e.list_hits.length === 0,
    });
  if (c.bank_account)
    out.push({
      reason: 'no_bank_account',
      requirement: `rekening terverifikasi di ${def.channels.banks.join('/')}`,
      value: e.bank_code ?? 'tidak ada',
      passed: e.bank_code !== null && def.channels.banks.includes(e.bank_code),
    });
  return out;
}

const COMPARED: Array<keyof Evidence> = [
  'nik_valid',
  'segment',
  'status',
  'registered_on',
  'is_non_asn',
  'wage',
  'employer_forms',
  'state_body',
  'sector',
  'work_regency',
  'in_regions',
  'ump',
  'paid_through',
  'bank_code',
  'list_hits',
];

/** The frozen inputs that differ between two runs for one person: why a decision changed. */
export function evidenceDiff(
  a: Evidence | null,
  b: Evidence | null,
): Array<{ field: string; before: unknown; after: unknown }> {
  if (!a || !b)
    return [{ field: 'participant', before: a ? 'ada' : 'tidak ada', after: b ? 'ada' : 'tidak ada' }];
  return COMPARED.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).map((k) => ({
    field: k,
    before: a[k],
    after: b[k],
  }));
}

export { parseResultStatus, RESULT_STATUSES, type ResultStatus } from '../disbursement/rules.ts';

/** Payment reference: programme, run, tranche, attempt, participant — unique and readable on a bank statement. */
export function paymentReference(
  code: string,
  runId: number,
  tranche: number,
  attempt: number,
  participantId: number,
): string {
  return `${code.toUpperCase()}-R${runId}-T${tranche}-A${attempt}-${participantId}`;
}
