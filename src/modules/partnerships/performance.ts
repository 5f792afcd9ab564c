import type { Database } from '../../platform/db.ts';
import { listAgreements } from './queries.ts';
import { agreementResults } from './results.ts';
import type { AgreementScope } from './scope.ts';

export interface PerformanceRow {
  id: number;
  number: string;
  partner_name: string;
  partner_acronym: string | null;
  status: string;
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
  budget_ceiling: number | null;
  budget_billed: number;
  flags_open: number;
}

type SortKey = 'gap_to_target' | 'gap_to_pace' | 'registered' | 'active';

/** The agreement-performance table; agreements without a target sort last whatever the order. */
export async function performance(
  db: Database,
  scope: AgreementScope,
  today: string,
  o: { sort: SortKey; order: 'asc' | 'desc' },
): Promise<PerformanceRow[]> {
  const agreements = (await listAgreements(db, scope, today)).filter((a) => a.status !== 'draft');
  const results = await agreementResults(db, agreements, today);
  const rows = agreements.map((a): PerformanceRow => {
    const r = results.get(a.id)!;
    return {
      id: a.id,
      number: a.number,
      partner_name: a.partner_name,
      partner_acronym: a.partner_acronym,
      status: a.status,
      target_people: a.target_people,
      target_by: a.target_by,
      registered: r.registered,
      active: r.active,
      churned: r.churned,
      expected_by_now: r.pace.expectedByNow,
      gap_to_target: r.pace.gapToTarget,
      gap_to_pace: r.pace.gapToPace,
      actual_per_month: r.pace.actualPerMonth,
      needed_per_month: r.pace.neededPerMonth,
      on_track: r.pace.onTrack,
      budget_ceiling: r.budget_ceiling,
      budget_billed: r.budget_billed,
      flags_open: r.flags_open,
    };
  });
  const sign = o.order === 'asc' ? 1 : -1;
  return rows.sort((x, y) => {
    const a = x[o.sort];
    const b = y[o.sort];
    if (a === null || b === null) return a === b ? x.id - y.id : a === null ? 1 : -1;
    return sign * (a - b) || x.id - y.id;
  });
}
