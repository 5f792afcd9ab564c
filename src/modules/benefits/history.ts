import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type { Scope } from '../access/policy.ts';
import { participantScopeFilter } from '../workers/queries.ts';
import { type HistoryMonth, summarise } from './rules.ts';

/**
 * The member's own history, the one source every benefit reads (claims, the web's benefit summary,
 * the calculator's "from history" inputs). Per program and contribution month: what was charged
 * (charge lines, employer and worker shares), the adjustments, whether it was paid (the invoice
 * carrying the charge line is fully paid, the same rule that opens coverage spans), when, the wage
 * the month was billed on (the uncapped base of the JKK/JKM/JHT lines), and the employer billed.
 */

export interface HistoryPerson {
  id: number;
  kpj: string;
  full_name: string;
  birth_date: string;
  segment: string;
  village_code: string;
  registered_on: string;
  status: string;
  died_on: string | null;
  death_cause: string | null;
}

export interface History {
  participant: HistoryPerson;
  months: HistoryMonth[];
  /** Coverage spans (paid, contiguous months) as 'YYYY-MM..YYYY-MM' ('' = open). */
  spans: Array<{ from: string; to: string | null }>;
  employments: Array<{
    employer_id: number;
    npp: string;
    employer_name: string;
    started_on: string;
    ended_on: string | null;
  }>;
}

/** The participant if the scope allows it; NotFound otherwise (no probing of who exists). */
export async function personInScope(
  db: Database,
  scope: Scope,
  participantId: number,
): Promise<HistoryPerson> {
  const p = await db
    .selectFrom('participants as p')
    .leftJoin('participant_deaths as d', 'd.participant_id', 'p.id')
    .select([
      'p.id',
      'p.kpj',
      'p.full_name',
      sql<string>`to_char(p.birth_date, 'YYYY-MM-DD')`.as('birth_date'),
      'p.segment',
      'p.village_code',
      sql<string>`to_char(p.registered_on, 'YYYY-MM-DD')`.as('registered_on'),
      'p.status',
      sql<string | null>`to_char(d.died_on, 'YYYY-MM-DD')`.as('died_on'),
      'd.cause as death_cause',
    ])
    .where('p.id', '=', participantId)
    .where(participantScopeFilter(scope))
    .executeTakeFirst();
  if (!p)
    throw new NotFoundError(
      `participant_id: peserta ${participantId} tidak ditemukan / participant not found`,
    );
  return p;
}

export async function participantIdByKpj(db: Database, scope: Scope, kpj: string): Promise<number> {
  const p = await db
    .selectFrom('participants as p')
    .select('p.id')
    .where('p.kpj', '=', kpj)
    .where(participantScopeFilter(scope))
    .executeTakeFirst();
  if (!p) throw new NotFoundError(`kpj: peserta ${kpj} tidak ditemukan / participant not found`);
  return p.id;
}

/** Months of one participant, every program, oldest first. One index range scan of the lines. */
export async function historyMonths(db: Database, participantId: number): Promise<HistoryMonth[]> {
  const r = await sql<{
    period: string;
    program: string;
    charged: string;
    employer_share: string;
    worker_share: string;
    adjusted: string;
    wage: string | null;
    paid: boolean;
    paid_on: string | null;
    employer_id: number | null;
    npp: string | null;
  }>`
    -- The person's lines, then their invoices, as materialized sets: on a Citus coordinator lines
    -- live by participant and invoices by payer, so the two are not joined shard by shard.
    with l as materialized (
      select l.for_period, l.program, l.amount, l.adjustment, l.payer, l.base, l.invoice_id
      from contribution_lines l where l.participant_id = ${participantId}::bigint
    ),
    i as materialized (
      select i.id, i.status, i.paid_at, i.payer_id, i.payer_kind from invoices i
      where i.id in (select invoice_id from l)
    )
    select l.for_period as period, l.program,
      coalesce(sum(l.amount) filter (where not l.adjustment), 0) as charged,
      coalesce(sum(l.amount) filter (where not l.adjustment and l.payer = 'employer'), 0) as employer_share,
      coalesce(sum(l.amount) filter (where not l.adjustment and l.payer <> 'employer'), 0) as worker_share,
      coalesce(sum(l.amount) filter (where l.adjustment), 0) as adjusted,
      max(l.base) filter (where not l.adjustment) as wage,
      coalesce(bool_and(i.status = 'paid') filter (where not l.adjustment), false) as paid,
      to_char(max(i.paid_at at time zone 'Asia/Jakarta') filter (where not l.adjustment), 'YYYY-MM-DD') as paid_on,
      max(i.payer_id) filter (where i.payer_kind = 'employer') as employer_id,
      max(e.npp) as npp
    from l
    join i on i.id = l.invoice_id
    left join employers e on i.payer_kind = 'employer' and e.id = i.payer_id
    group by l.for_period, l.program
    order by l.for_period, l.program`.execute(db);
  return r.rows.map((m) => ({
    period: m.period,
    program: m.program,
    charged: Number(m.charged),
    employer_share: Number(m.employer_share),
    worker_share: Number(m.worker_share),
    adjusted: Number(m.adjusted),
    wage: m.wage === null ? null : Number(m.wage),
    paid: m.paid && Number(m.charged) > 0,
    paid_on: m.paid_on,
    employer_id: m.employer_id,
    npp: m.npp,
  }));
}

export async function participantHistory(
  db: Database,
  scope: Scope,
  participantId: number,
): Promise<History> {
  const participant = await personInScope(db, scope, participantId);
  const months = await historyMonths(db, participantId);
  const spans = await db
    .selectFrom('coverage_spans')
    .select(['from_period as from', 'to_period as to'])
    .where('participant_id', '=', participantId)
    .orderBy('from_period')
    .execute();
  const employments = await db
    .selectFrom('employments as m')
    .innerJoin('employers as e', 'e.id', 'm.employer_id')
    .select([
      'm.employer_id',
      'e.npp',
      'e.name as employer_name',
      sql<string>`to_char(m.started_on, 'YYYY-MM-DD')`.as('started_on'),
      sql<string | null>`to_char(m.ended_on, 'YYYY-MM-DD')`.as('ended_on'),
    ])
    .where('m.participant_id', '=', participantId)
    .orderBy('m.started_on')
    .execute();
  return { participant, months, spans, employments };
}

/** History with per-program summaries (paid months, gaps, last wage), for the web and the API. */
export async function historySummary(db: Database, scope: Scope, participantId: number, asOf: string) {
  const h = await participantHistory(db, scope, participantId);
  return { ...h, programs: summarise(h.months, asOf) };
}
