import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type { Actor } from '../access/policy.ts';
import { claimScope } from './scope.ts';

export interface ClaimRow {
  id: number;
  participant_id: number;
  kpj: string;
  full_name: string;
  benefit: string;
  kind: string | null;
  event_date: string;
  termination: string | null;
  employer_id: number | null;
  payee_related_id: number | null;
  payee_name: string;
  bank_code: string;
  account_number: string;
  children: number[];
  region_code: string;
  status: string;
  filed_by: number | null;
  filed_by_name: string | null;
  filed_on: string;
  verified_by: number | null;
  verified_by_name: string | null;
  eligible: boolean | null;
  amount: number | null;
  assessment: unknown;
  note: string | null;
  details: unknown;
  reported_at: string | null;
}

const claimSelect = sql`
  select c.id, c.participant_id, p.kpj, p.full_name, c.benefit, c.kind, to_char(c.event_date, 'YYYY-MM-DD') as event_date,
    c.termination, c.employer_id, c.payee_related_id, c.payee_name, c.bank_code, c.account_number,
    c.children::bigint[] as children, c.region_code, c.status, c.filed_by, fu.full_name as filed_by_name,
    to_char(c.filed_at at time zone 'Asia/Jakarta', 'YYYY-MM-DD') as filed_on,
    c.verified_by, vu.full_name as verified_by_name, c.eligible, c.amount, c.assessment, c.note,
    c.details, to_char(c.reported_at, 'YYYY-MM-DD"T"HH24:MI:SSOF') as reported_at
  from claims c
  join participants p on p.id = c.participant_id
  left join users fu on fu.id = c.filed_by
  left join users vu on vu.id = c.verified_by`;

function norm(r: ClaimRow): ClaimRow {
  return {
    ...r,
    amount: r.amount === null ? null : Number(r.amount),
    children: (r.children ?? []).map(Number),
  };
}

/** The claim if the actor may see it; NotFound otherwise. */
export async function claimInScope(db: Database, actor: Actor, id: number): Promise<ClaimRow> {
  const r = await sql<ClaimRow>`${claimSelect} where c.id = ${id}::bigint and ${claimScope(actor)}`.execute(
    db,
  );
  const row = r.rows[0];
  if (!row) throw new NotFoundError(`id: klaim ${id} tidak ditemukan / claim not found`);
  return norm(row);
}

export async function listClaims(
  db: Database,
  actor: Actor,
  q: { status?: string; benefit?: string; participant_id?: number; page?: number; pageSize?: number },
) {
  const size = q.pageSize ?? 50;
  const offset = ((q.page ?? 1) - 1) * size;
  const where = sql`${claimScope(actor)}
    ${q.status ? sql`and c.status = ${q.status}` : sql``}
    ${q.benefit ? sql`and c.benefit = ${q.benefit}` : sql``}
    ${q.participant_id ? sql`and c.participant_id = ${q.participant_id}::bigint` : sql``}`;
  const rows =
    await sql<ClaimRow>`${claimSelect} where ${where} order by c.id desc limit ${size} offset ${offset}`.execute(
      db,
    );
  const total = await sql<{ n: string }>`select count(*) as n from claims c where ${where}`.execute(db);
  const counts = await sql<{
    status: string;
    n: string;
  }>`select c.status, count(*) as n from claims c where ${claimScope(actor)} group by 1`.execute(db);
  return {
    total: Number(total.rows[0]?.n ?? 0),
    by_status: Object.fromEntries(counts.rows.map((r) => [r.status, Number(r.n)])),
    items: rows.rows.map((r) => {
      const { assessment: _a, ...rest } = norm(r);
      return rest;
    }),
  };
}

export async function claimDocuments(db: Database, claimId: number) {
  return db
    .selectFrom('claim_documents')
    .select(['code', 'required', 'received'])
    .where('claim_id', '=', claimId)
    .orderBy('required', 'desc')
    .orderBy('code')
    .execute();
}

export async function claimDecision(db: Database, claimId: number) {
  return db
    .selectFrom('claim_decisions as d')
    .leftJoin('users as u', 'u.id', 'd.decided_by')
    .leftJoin('claim_reasons as r', 'r.code', 'd.reason_code')
    .select([
      'd.outcome',
      'd.reason_code',
      'r.label_id as reason_id',
      'r.label_en as reason_en',
      'd.note',
      'd.amount',
      'd.explanation',
      'd.decided_by',
      'u.full_name as decided_by_name',
      'd.verified_by',
      'd.decided_at',
    ])
    .where('d.claim_id', '=', claimId)
    .executeTakeFirst();
}

export async function claimPayments(db: Database, claimId: number) {
  return db
    .selectFrom('disbursement_payments')
    .select([
      'id',
      'batch_id',
      'attempt',
      'reference',
      'amount',
      'channel',
      'status',
      'result_on',
      'result_note',
    ])
    .where('source', '=', 'claims')
    .where('item_id', '=', claimId)
    .orderBy('attempt')
    .execute();
}

export async function relatedPersons(db: Database, participantId: number) {
  return db
    .selectFrom('related_persons')
    .select([
      'id',
      'relation',
      'full_name',
      'nik',
      sql<string | null>`to_char(birth_date, 'YYYY-MM-DD')`.as('birth_date'),
      'sex',
      'school_level',
      'school_year',
      'bank_code',
      'account_number',
      // The events that end a survivor pension (remarriage, marriage, work, death), oldest first.
      sql<Array<{ event: string; event_date: string }>>`coalesce((select json_agg(json_build_object(
        'event', v.event, 'event_date', to_char(v.event_date, 'YYYY-MM-DD')) order by v.event_date, v.id)
        from related_person_events v where v.related_person_id = related_persons.id), '[]'::json)`.as(
        'events',
      ),
    ])
    .where('participant_id', '=', participantId)
    .orderBy('id')
    .execute();
}

export async function claimReasons(db: Database) {
  return db.selectFrom('claim_reasons').selectAll().orderBy('sort').execute();
}
