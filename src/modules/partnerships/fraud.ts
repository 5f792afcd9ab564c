import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/policy.ts';
import { FRAUD_DEFAULTS, type FraudThresholds } from './rules.ts';
import { assertManager } from './scope.ts';

/**
 * Fraud checks, each one set-based SQL statement that inserts a flag per suspicious subject. A flag is
 * unique per (kind, subject): re-running finds the same flag and keeps its review. Nothing is refused or
 * removed here: the enrolment stands and a person decides (open → cleared | confirmed).
 */
export type FraudKind =
  | 'nik_two_sponsors'
  | 'enrolled_after_end'
  | 'burst_sequential_nik'
  | 'burst_shared_phone';

const count = (r: { numAffectedRows?: bigint }) => Number(r.numAffectedRows ?? 0n);

/**
 * Where to look: everything (on demand), or one agreement (after an attribution or import under it), so
 * a routine enrolment does not rescan the whole registry.
 */
export interface FraudScope {
  agreementId?: number;
}
type Ag = number | null;

/** The same person sponsored by two different partners in overlapping months. */
function twoSponsors(ag: Ag) {
  return sql`
    insert into fraud_flags (kind, subject, participant_id, agreement_id, evidence)
    select distinct on (subject) 'nik_two_sponsors', subject, participant_id, agreement_id, evidence from (
      select 'participant:' || s1.participant_id || ':partners:' || s1.partner_id || '+' || s2.partner_id as subject,
        s1.participant_id, coalesce(s2.agreement_id, s1.agreement_id) as agreement_id,
        jsonb_build_object('nik', p.nik, 'sponsorships', jsonb_build_array(
          jsonb_build_object('id', s1.id, 'partner_id', s1.partner_id, 'agreement_id', s1.agreement_id,
            'from', s1.from_period, 'to', s1.to_period),
          jsonb_build_object('id', s2.id, 'partner_id', s2.partner_id, 'agreement_id', s2.agreement_id,
            'from', s2.from_period, 'to', s2.to_period))) as evidence, s1.id as k1, s2.id as k2
      from sponsorships s1 join sponsorships s2 on s2.participant_id = s1.participant_id
        and s1.partner_id < s2.partner_id
        and s1.from_period <= coalesce(s2.to_period, '9999-12') and s2.from_period <= coalesce(s1.to_period, '9999-12')
      join participants p on p.id = s1.participant_id
      where ${ag}::bigint is null or s1.participant_id in (select participant_id from sponsorships where agreement_id = ${ag})
    ) x order by subject, k1, k2
    on conflict (kind, subject) do nothing`;
}

/** The day an agreement stopped: the earlier of its end and its termination. */
const AGREEMENT_END = sql`case when a.terminated_on is not null and (a.ends_on is null or a.terminated_on < a.ends_on)
  then a.terminated_on else a.ends_on end`;

/** People or employers attributed, or sponsorships starting, after the agreement had ended. */
function afterEnd(ag: Ag) {
  return sql`
    insert into fraud_flags (kind, subject, participant_id, agreement_id, evidence)
    select 'enrolled_after_end', 'member:' || am.id, am.participant_id, am.agreement_id,
      jsonb_build_object('attributed_on', am.attributed_on, 'agreement_ended', ${AGREEMENT_END}, 'via', am.via,
        'employer_id', am.employer_id, 'import_id', am.import_id)
    from agreement_members am join agreements a on a.id = am.agreement_id
    where am.attributed_on > ${AGREEMENT_END} and (${ag}::bigint is null or a.id = ${ag})
    union all
    select 'enrolled_after_end', 'sponsorship:' || s.id, s.participant_id, s.agreement_id,
      jsonb_build_object('from_period', s.from_period, 'agreement_ended', ${AGREEMENT_END})
    from sponsorships s join agreements a on a.id = s.agreement_id
    where s.from_period > to_char(${AGREEMENT_END}, 'YYYY-MM') and (${ag}::bigint is null or a.id = ${ag})
    on conflict (kind, subject) do nothing`;
}

/**
 * Registrations grouped by scope (an agreement, or an import not done under one) and day, kept when the
 * day holds a burst of at least burstMin of them.
 */
function burstRegistrations(t: FraudThresholds, ag: Ag) {
  return sql`
    regs as (
      select 'agreement:' || am.agreement_id as scope, am.agreement_id, am.attributed_on as day, p.id, p.nik, p.phone
      from agreement_members am join participants p on p.id = am.participant_id
      where ${ag}::bigint is null or am.agreement_id = ${ag}
      union all
      select 'import:' || j.id, null::bigint, p.registered_on, p.id, p.nik, p.phone
      from import_jobs j join participants p on p.import_id = j.id
      where j.agreement_id is null and j.dry_run = false and ${ag}::bigint is null
    ),
    bursts as (select scope, day from regs group by scope, day having count(*) >= ${t.burstMin}),
    inb as (select r.* from regs r join bursts b on b.scope = r.scope and b.day = r.day)`;
}

/** Runs of consecutive NIKs (gaps and islands on the number) inside a burst. */
function sequentialNiks(t: FraudThresholds, ag: Ag) {
  return sql`
    with ${burstRegistrations(t, ag)},
    seq as (select inb.*, inb.nik::bigint - row_number() over (partition by scope, day order by nik::bigint) as grp from inb),
    runs as (
      select scope, max(agreement_id) as agreement_id, day, min(nik) as first_nik, count(*) as n,
        jsonb_agg(jsonb_build_object('participant_id', id, 'nik', nik) order by nik) as people
      from seq group by scope, day, grp having count(*) >= ${t.runMin}
    )
    insert into fraud_flags (kind, subject, agreement_id, evidence)
    select 'burst_sequential_nik', scope || ':' || day || ':' || first_nik, agreement_id,
      jsonb_build_object('scope', scope, 'day', day, 'count', n, 'people', people)
    from runs
    on conflict (kind, subject) do nothing`;
}

/** Phone numbers shared by several people inside a burst. */
function sharedPhones(t: FraudThresholds, ag: Ag) {
  return sql`
    with ${burstRegistrations(t, ag)},
    shared as (
      select scope, max(agreement_id) as agreement_id, day, phone, count(*) as n,
        jsonb_agg(jsonb_build_object('participant_id', id, 'nik', nik) order by nik) as people
      from inb where phone is not null group by scope, day, phone having count(*) >= ${t.phoneMin}
    )
    insert into fraud_flags (kind, subject, agreement_id, evidence)
    select 'burst_shared_phone', scope || ':' || day || ':' || phone, agreement_id,
      jsonb_build_object('scope', scope, 'day', day, 'phone', phone, 'count', n, 'people', people)
    from shared
    on conflict (kind, subject) do nothing`;
}

/** Runs every check; returns the number of new flags per kind. */
export async function checkFraud(
  db: Database,
  scope: FraudScope = {},
  thresholds: Partial<FraudThresholds> = {},
): Promise<Record<FraudKind, number>> {
  const t = { ...FRAUD_DEFAULTS, ...thresholds };
  const ag = scope.agreementId ?? null;
  return db.transaction().execute(async (trx) => ({
    nik_two_sponsors: count(await twoSponsors(ag).execute(trx)),
    enrolled_after_end: count(await afterEnd(ag).execute(trx)),
    burst_sequential_nik: count(await sequentialNiks(t, ag).execute(trx)),
    burst_shared_phone: count(await sharedPhones(t, ag).execute(trx)),
  }));
}

export async function listFlags(
  db: Database,
  f: { status?: string; kind?: string; agreementId?: number; limit?: number },
) {
  let q = db
    .selectFrom('fraud_flags as f')
    .leftJoin('agreements as a', 'a.id', 'f.agreement_id')
    .select([
      'f.id',
      'f.kind',
      'f.subject',
      'f.agreement_id',
      'a.number as agreement_number',
      'f.participant_id',
      'f.evidence',
      'f.status',
      'f.found_at',
      'f.reviewed_by',
      'f.reviewed_at',
      'f.review_note',
    ])
    .orderBy('f.id', 'desc')
    .limit(f.limit ?? 500);
  if (f.status) q = q.where('f.status', '=', f.status);
  if (f.kind) q = q.where('f.kind', '=', f.kind);
  if (f.agreementId) q = q.where('f.agreement_id', '=', f.agreementId);
  return q.execute();
}

/** A person's verdict on a flag: cleared (legitimate) or confirmed (fraud), with a note. */
export async function reviewFlag(
  db: Database,
  input: { id: number; status: 'cleared' | 'confirmed'; note: string },
  actor: Actor,
  clock: Clock,
) {
  assertManager(actor);
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('fraud_flags')
      .selectAll()
      .where('id', '=', input.id)
      .executeTakeFirst();
    if (!before) throw new NotFoundError(`id: tanda ${input.id} tidak ditemukan / flag not found`);
    const after = await trx
      .updateTable('fraud_flags')
      .set({
        status: input.status,
        review_note: input.note,
        reviewed_by: actor.userId,
        reviewed_at: clock.now(),
      })
      .where('id', '=', input.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      actor,
      'review',
      'fraud_flag',
      String(input.id),
      { status: before.status },
      {
        status: after.status,
        note: input.note,
      },
    );
    return after;
  });
}
