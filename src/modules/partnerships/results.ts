import { type RawBuilder, sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { addMonths, periodOf } from '../../platform/period.ts';
import { ACTIVE_BASIS_LABEL, type ActiveBasis, activeBasis, effectiveSpans } from '../coverage/active.ts';
import type { AgreementView } from './queries.ts';
import { type Pace, pace } from './rules.ts';

/**
 * What an agreement achieved: people registered under it, active (paying) now, churned, against its
 * target and pace, and the sponsor budget used. "Active" is the coverage module's definition
 * (coverage/active.ts): paid months once coverage_spans holds any, registrations until then.
 */
export interface AgreementResults {
  agreement_id: number;
  registered: number;
  employers: number;
  active: number;
  churned: number;
  /** Registered, never active since attribution (contributions basis only; 0 on the registrations basis). */
  never_active: number;
  basis: ActiveBasis;
  basis_note_id: string;
  basis_note_en: string;
  pace: Pace;
  budget_ceiling: number | null;
  budget_billed: number;
  budget_paid: number;
  /** Ceiling minus billed; null without a ceiling. */
  budget_left: number | null;
  suspended_now: number;
  flags_open: number;
}

const ids = (xs: number[]) => sql.join(xs.map((x) => sql`${x}::bigint`));

function peopleWhere(agreementIds: number[]): RawBuilder<boolean> {
  return sql<boolean>`p.id in (select participant_id from agreement_people where agreement_id in (${ids(agreementIds)}))`;
}

interface Counts {
  agreement_id: number;
  registered: number;
  active: number;
  churned: number;
  never_active: number;
}

/** Registered, active now and churned per agreement in one statement over the effective spans. */
async function counts(db: Database, agreementIds: number[], basis: ActiveBasis, today: string) {
  const cur = periodOf(today);
  // On the registrations basis a registration is itself the start of activity, so everyone who is not
  // active now counts as churned (participants.status or an ended employment says they stopped).
  const ever =
    basis === 'registrations'
      ? sql`true`
      : sql`bool_or(s.from_period <= ${cur} and (s.to_excl is null or s.to_excl > to_char(ap.attributed_on, 'YYYY-MM')))`;
  const r = await sql<Counts>`
    with spans as (${effectiveSpans(basis, peopleWhere(agreementIds))}),
    per as (
      select ap.agreement_id, ap.participant_id,
        coalesce(bool_or(s.from_period <= ${cur} and (s.to_excl is null or s.to_excl > ${cur})), false) as active_now,
        coalesce(${ever}, false) as ever_active
      from agreement_people ap left join spans s on s.participant_id = ap.participant_id
      where ap.agreement_id in (${ids(agreementIds)}) and ap.attributed_on <= ${today}::date
      group by ap.agreement_id, ap.participant_id
    )
    select agreement_id, count(*)::int as registered, count(*) filter (where active_now)::int as active,
      count(*) filter (where ever_active and not active_now)::int as churned,
      count(*) filter (where not ever_active and not active_now)::int as never_active
    from per group by agreement_id`.execute(db);
  return new Map(r.rows.map((x) => [Number(x.agreement_id), x]));
}

interface Money {
  agreement_id: number;
  billed: number;
  paid: number;
}

/**
 * Sponsor money per agreement: contribution lines on the partner's sponsor invoices for people whose
 * sponsorship under the agreement covers the line's month. An invoice's payment is shared among its
 * agreements pro rata to their lines (floor), since payments are recorded per invoice, not per line.
 */
export async function sponsorMoney(db: Database, agreementIds: number[], exceptPeriod?: string) {
  const r = await sql<Money>`
    with l as (
      select s.agreement_id, i.id as invoice_id, i.amount, i.paid, sum(cl.amount) as billed
      from contribution_lines cl join invoices i on i.id = cl.invoice_id and i.payer_kind = 'sponsor'
      join lateral (
        select distinct s.agreement_id from sponsorships s
        where s.participant_id = cl.participant_id and s.partner_id = i.payer_id
          and s.agreement_id in (${ids(agreementIds)})
          and s.from_period <= cl.for_period and (s.to_period is null or s.to_period >= cl.for_period)
      ) s on true
      where (${exceptPeriod ?? null}::text is null or cl.for_period <> ${exceptPeriod ?? null})
      group by s.agreement_id, i.id, i.amount, i.paid
    )
    select agreement_id, sum(billed)::float8 as billed,
      sum(case when amount > 0 then floor(paid::numeric * billed / amount) else 0 end)::float8 as paid
    from l group by agreement_id`.execute(db);
  return new Map(r.rows.map((x) => [Number(x.agreement_id), x]));
}

async function sideCounts(db: Database, agreementIds: number[], cur: string) {
  const r = await sql<{ agreement_id: number; employers: number; suspended: number; flags: number }>`
    select a.id as agreement_id,
      (select count(*)::int from agreement_members am where am.agreement_id = a.id and am.employer_id is not null) as employers,
      (select count(*)::int from sponsorship_decisions d where d.agreement_id = a.id and d.period = ${cur}
        and d.status = 'over_budget') as suspended,
      (select count(*)::int from fraud_flags f where f.agreement_id = a.id and f.status = 'open') as flags
    from agreements a where a.id in (${ids(agreementIds)})`.execute(db);
  return new Map(r.rows.map((x) => [Number(x.agreement_id), x]));
}

export async function agreementResults(
  db: Database,
  agreements: AgreementView[],
  today: string,
): Promise<Map<number, AgreementResults>> {
  const out = new Map<number, AgreementResults>();
  if (!agreements.length) return out;
  const agreementIds = agreements.map((a) => a.id);
  const basis = await activeBasis(db);
  const [c, money, side] = await Promise.all([
    counts(db, agreementIds, basis, today),
    sponsorMoney(db, agreementIds),
    sideCounts(db, agreementIds, periodOf(today)),
  ]);
  for (const a of agreements) {
    const k = c.get(a.id);
    const m = money.get(a.id);
    const s = side.get(a.id);
    const registered = k?.registered ?? 0;
    const billed = m?.billed ?? 0;
    out.set(a.id, {
      agreement_id: a.id,
      registered,
      employers: s?.employers ?? 0,
      active: k?.active ?? 0,
      churned: k?.churned ?? 0,
      never_active: k?.never_active ?? 0,
      basis,
      basis_note_id: ACTIVE_BASIS_LABEL[basis].id,
      basis_note_en: ACTIVE_BASIS_LABEL[basis].en,
      pace: pace({
        startsOn: a.starts_on,
        targetBy: a.target_by,
        targetPeople: a.target_people,
        registered,
        today,
      }),
      budget_ceiling: a.budget_ceiling,
      budget_billed: billed,
      budget_paid: m?.paid ?? 0,
      budget_left: a.budget_ceiling === null ? null : a.budget_ceiling - billed,
      suspended_now: s?.suspended ?? 0,
      flags_open: s?.flags ?? 0,
    });
  }
  return out;
}

export interface SeriesPoint {
  period: string;
  registered: number;
  active: number;
  /** Straight line from 0 at the start to the target at target_by; null without a target. */
  target: number | null;
}

/** Month-by-month registered and active people of one agreement, for its chart (at most 60 months). */
export async function agreementSeries(db: Database, a: AgreementView, today: string): Promise<SeriesPoint[]> {
  const end = periodOf(today);
  let start = periodOf(a.starts_on);
  if (start > end) return [];
  if (addMonths(start, 59) < end) start = addMonths(end, -59);
  const basis = await activeBasis(db);
  const r = await sql<{ period: string; registered: number; active: number }>`
    with spans as (${effectiveSpans(basis, peopleWhere([a.id]))}),
    people as (select participant_id, to_char(attributed_on, 'YYYY-MM') as since
               from agreement_people where agreement_id = ${a.id}),
    months as (select to_char(d, 'YYYY-MM') as period
               from generate_series(${`${start}-01`}::date, ${`${end}-01`}::date, interval '1 month') d)
    select m.period,
      (select count(*)::int from people pe where pe.since <= m.period) as registered,
      (select count(distinct s.participant_id)::int from spans s join people pe on pe.participant_id = s.participant_id
        where pe.since <= m.period and s.from_period <= m.period and (s.to_excl is null or s.to_excl > m.period)) as active
    from months m order by m.period`.execute(db);
  return r.rows.map((row) => ({
    ...row,
    target: targetLine(a, row.period),
  }));
}

function targetLine(a: AgreementView, period: string): number | null {
  if (!a.target_people || !a.target_by) return null;
  const p = pace({
    startsOn: a.starts_on,
    targetBy: a.target_by,
    targetPeople: a.target_people,
    registered: 0,
    today: `${period}-01`,
  });
  return p.expectedByNow;
}
