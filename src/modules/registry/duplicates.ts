import { type RawBuilder, sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { recordAudit } from '../access/audit.ts';
import { type Actor, assertCan, presentNik, registryScope } from '../access/policy.ts';
import { participantScopeFilter } from '../workers/queries.ts';
import { NAME_SIMILARITY, nikNearness } from './rules.ts';

/**
 * Candidate pairs, set-based. People are compared only within blocks that an index (or a hash join)
 * finds: same birth date and same name (then NIKs one digit or one transposition apart), and same birth
 * date and village (then trigram name similarity ≥ NAME_SIMILARITY). An exact NIK cannot be registered
 * twice (participants.nik is unique; registration and import refuse it naming the KPJ already holding it).
 * `side` restricts the left record (new registrations, one import, an id range); `pairCond` says which
 * partners count (any other record for new ones, only higher ids for a full run, so each pair is seen once).
 */
export function candidatePairs(
  side: RawBuilder<unknown>,
  pairCond: RawBuilder<unknown>,
): RawBuilder<unknown> {
  // The left side is a materialized set and the two rules are a join with a constant list, not a
  // lateral UNION with FROM-less branches: on a Citus coordinator participants are distributed by id,
  // so the set is sent to every shard and each compares it with its own people (one SQL for both).
  return sql`
    with a as materialized (
      select a.id, a.nik, a.full_name, a.birth_date, a.village_code from participants a
      where ${side} and a.merged_into is null
    )
    select distinct on (least(a.id, b.id), greatest(a.id, b.id))
           least(a.id, b.id) as a_id, greatest(a.id, b.id) as b_id,
           case x.prio when 1 then 'nik_typo'::text else 'name_birth_village' end as rule,
           case x.prio when 1 then 1.000::numeric
             else round(similarity(lower(a.full_name), lower(b.full_name))::numeric, 3) end as similarity
    from a
    join participants b on b.birth_date = a.birth_date and b.id <> a.id and ${pairCond}
     and b.merged_into is null
     and (lower(b.full_name) = lower(a.full_name) or b.village_code = a.village_code)
    cross join (values (1), (2)) as x (prio)
    where (x.prio = 1 and lower(b.full_name) = lower(a.full_name) and nik_near(a.nik, b.nik))
       or (x.prio = 2 and b.village_code = a.village_code
           and similarity(lower(a.full_name), lower(b.full_name)) >= ${NAME_SIMILARITY})
    order by least(a.id, b.id), greatest(a.id, b.id), x.prio`;
}

async function insertPairs(db: Database, side: RawBuilder<unknown>, pairCond: RawBuilder<unknown>) {
  const r = await sql`
    insert into duplicate_candidates (a_id, b_id, rule, similarity)
    select a_id, b_id, rule, similarity from (${candidatePairs(side, pairCond)}) c
    on conflict (a_id, b_id) do nothing`.execute(db);
  return Number(r.numAffectedRows ?? 0n);
}

/** Candidates for newly registered people (a registration, in its own transaction). */
export async function detectForParticipants(db: Database, ids: number[]): Promise<number> {
  if (!ids.length) return 0;
  return insertPairs(db, sql`a.id in (${sql.join(ids)})`, sql`true`);
}

/** Candidates for the people an import registered, in id chunks (each its own statement). */
export async function detectForImport(db: Database, importId: number, chunk = 20_000): Promise<number> {
  const range = await sql<{ lo: number | null; hi: number | null }>`
    select min(id) as lo, max(id) as hi from participants where import_id = ${importId}`.execute(db);
  const lo = Number(range.rows[0]?.lo ?? 0);
  const hi = Number(range.rows[0]?.hi ?? 0);
  let found = 0;
  for (let from = lo; lo && from <= hi; from += chunk)
    found += await insertPairs(
      db,
      sql`a.import_id = ${importId} and a.id >= ${from} and a.id < ${from + chunk}`,
      sql`true`,
    );
  return found;
}

/**
 * A full run over the registry in id chunks, each committed; a rerun re-finds nothing already stored
 * (unique pair), so an interrupted run simply runs again. Scheduled, or run from the CLI.
 */
export async function detectAll(
  db: Database,
  params: { chunk?: number } = {},
  ctx: { progress?(done: number, total: number): void } = {},
): Promise<{ found: number }> {
  const chunk = params.chunk ?? 100_000;
  const max = Number(
    (await sql<{ m: number | null }>`select max(id) as m from participants`.execute(db)).rows[0]?.m ?? 0,
  );
  let found = 0;
  for (let lo = 0; lo < max; lo += chunk) {
    found += await insertPairs(db, sql`a.id > ${lo} and a.id <= ${lo + chunk}`, sql`b.id > a.id`);
    ctx.progress?.(Math.min(lo + chunk, max), max);
  }
  return { found };
}

const PERSON = [
  'p.id',
  'p.nik',
  'p.kpj',
  'p.full_name',
  'p.birth_date',
  'p.sex',
  'p.village_code',
  'p.phone',
  'p.segment',
  'p.status',
  'p.registered_on',
  'p.import_id',
  'p.merged_into',
] as const;

async function people(db: Database, actor: Actor, ids: number[]) {
  if (!ids.length) return new Map<number, Awaited<ReturnType<typeof loadPeople>>[number]>();
  const rows = await loadPeople(db, actor, ids);
  return new Map(rows.map((r) => [r.id, r]));
}

async function loadPeople(db: Database, actor: Actor, ids: number[]) {
  const rows = await db
    .selectFrom('participants as p')
    .innerJoin('regions as v', 'v.code', 'p.village_code')
    .select([...PERSON, 'v.name as village_name'])
    .select((eb) => [
      eb
        .selectFrom('employments as m')
        .innerJoin('employers as e', 'e.id', 'm.employer_id')
        .select(sql<string>`string_agg(e.name, ', ' order by m.started_on)`.as('x'))
        .whereRef('m.participant_id', '=', 'p.id')
        .where('m.ended_on', 'is', null)
        .as('employers'),
      eb
        .selectFrom('participant_bank_accounts as b')
        .select(sql<number>`count(*)::int`.as('x'))
        .whereRef('b.participant_id', '=', 'p.id')
        .as('bank_accounts'),
    ])
    .where('p.id', 'in', ids)
    .where(participantScopeFilter(registryScope(actor)))
    .execute();
  return rows.map((r) => presentNik(actor, r));
}

/**
 * The review queue: open pairs whose two records are both in the actor's scope (a branch officer never
 * sees a person outside the region), with both records side by side and the evidence that matched.
 */
export async function reviewQueue(
  db: Database,
  actor: Actor,
  f: { status?: 'open' | 'merged' | 'not_duplicate'; page: number; pageSize: number },
) {
  assertCan(actor, 'review.read');
  const scope = registryScope(actor);
  const status = f.status ?? 'open';
  let q = db
    .selectFrom('duplicate_candidates as c')
    .innerJoin('participants as p', 'p.id', 'c.a_id')
    .where('c.status', '=', status)
    .where(participantScopeFilter(scope))
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('participants as p')
          .select('p.id')
          .whereRef('p.id', '=', 'c.b_id')
          .where(participantScopeFilter(scope)),
      ),
    );
  if (status === 'open')
    q = q
      .where('p.merged_into', 'is', null)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('participants as m')
              .select('m.id')
              .whereRef('m.id', '=', 'c.b_id')
              .where('m.merged_into', 'is not', null),
          ),
        ),
      );
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .selectAll('c')
    .orderBy('c.id')
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize)
    .execute();
  const byId = await people(
    db,
    actor,
    rows.flatMap((r) => [r.a_id, r.b_id]),
  );
  const items = rows.map((r) => {
    const a = byId.get(r.a_id)!;
    const b = byId.get(r.b_id)!;
    return { ...r, a, b, evidence: evidence(a, b) };
  });
  return { items, total: Number(total.n) };
}

/** What matched and what differs, field by field, for the reviewer. */
function evidence(
  a: { nik: string; full_name: string; birth_date: string; village_code: string; phone: string | null },
  b: { nik: string; full_name: string; birth_date: string; village_code: string; phone: string | null },
) {
  const same = (x: unknown, y: unknown) => x === y;
  return {
    nik: nikNearness(a.nik, b.nik) ?? 'different',
    name: same(a.full_name.toLowerCase(), b.full_name.toLowerCase()),
    birth_date: same(a.birth_date, b.birth_date),
    village: same(a.village_code, b.village_code),
    phone: a.phone && b.phone ? same(a.phone, b.phone) : null,
  };
}

async function lockCandidate(db: Database, actor: Actor, id: number) {
  const c = await db
    .selectFrom('duplicate_candidates')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!c) throw new NotFoundError(`id: pasangan ${id} tidak ditemukan / candidate not found`);
  const visible = await loadPeople(db, actor, [c.a_id, c.b_id]);
  if (visible.length !== 2)
    throw new NotFoundError(`id: pasangan ${id} tidak ditemukan / candidate not found`);
  return { c, people: visible };
}

/**
 * Merges a pair: the survivor stays, the other record is closed and points at it ("merged into").
 * Nothing is deleted or moved: both keep their histories (events, contributions, versions), and the
 * survivor's page shows the merged record's too. An admin can reverse it.
 */
export async function mergeCandidate(
  db: Database,
  id: number,
  input: { survivorId: number; note?: string },
  actor: Actor,
  clock: Clock,
) {
  assertCan(actor, 'review.handle');
  return db.transaction().execute(async (trx) => {
    const { c, people: ps } = await lockCandidate(trx, actor, id);
    if (c.status !== 'open') throw new ConflictError('status: pasangan sudah diputuskan / already decided');
    if (input.survivorId !== c.a_id && input.survivorId !== c.b_id)
      throw new ValidationError('survivor_id: harus salah satu dari pasangan / must be one of the pair');
    const mergedId = input.survivorId === c.a_id ? c.b_id : c.a_id;
    if (ps.some((p) => p.merged_into !== null))
      throw new ConflictError('status: salah satu data sudah digabung / one record is already merged');
    const merged = ps.find((p) => p.id === mergedId)!;
    await trx
      .updateTable('participants')
      .set({ merged_into: input.survivorId, status: 'closed' })
      .where('id', '=', mergedId)
      .execute();
    const after = await trx
      .updateTable('duplicate_candidates')
      .set({
        status: 'merged',
        survivor_id: input.survivorId,
        decided_by: actor.username,
        decided_at: clock.now(),
        note: input.note ?? null,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('life_events')
      .values({
        participant_id: mergedId,
        kind: 'merge',
        effective_on: clock.now().toISOString().slice(0, 10),
        details: JSON.stringify({
          survivor_id: input.survivorId,
          candidate_id: id,
          previous_status: merged.status,
        }),
        recorded_by: actor.username,
      })
      .execute();
    await recordAudit(trx, actor, 'merge', 'participant', String(mergedId), c, after);
    return after;
  });
}

export async function markNotDuplicate(
  db: Database,
  id: number,
  note: string | undefined,
  actor: Actor,
  clock: Clock,
) {
  assertCan(actor, 'review.handle');
  return db.transaction().execute(async (trx) => {
    const { c } = await lockCandidate(trx, actor, id);
    if (c.status !== 'open') throw new ConflictError('status: pasangan sudah diputuskan / already decided');
    const after = await trx
      .updateTable('duplicate_candidates')
      .set({
        status: 'not_duplicate',
        decided_by: actor.username,
        decided_at: clock.now(),
        note: note ?? null,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, 'not_duplicate', 'duplicate_candidate', String(id), c, after);
    return after;
  });
}

/** An admin reverses a decision: a merge is undone (the record reopens as it was), the pair is open again. */
export async function reverseDecision(db: Database, id: number, note: string, actor: Actor, clock: Clock) {
  assertCan(actor, 'headoffice.operate');
  if (!note?.trim()) throw new ValidationError('note: alasan pembatalan wajib / a reason is required');
  return db.transaction().execute(async (trx) => {
    const { c } = await lockCandidate(trx, actor, id);
    if (c.status === 'open') throw new ConflictError('status: pasangan belum diputuskan / not decided yet');
    if (c.status === 'merged') {
      const mergedId = c.survivor_id === c.a_id ? c.b_id : c.a_id;
      const ev = await trx
        .selectFrom('life_events')
        .select('details')
        .where('participant_id', '=', mergedId)
        .where('kind', '=', 'merge')
        .orderBy('id', 'desc')
        .executeTakeFirst();
      const details = (typeof ev?.details === 'string' ? JSON.parse(ev.details) : ev?.details) as
        | { previous_status?: string }
        | undefined;
      await trx
        .updateTable('participants')
        .set({ merged_into: null, status: details?.previous_status ?? 'active' })
        .where('id', '=', mergedId)
        .execute();
      await trx
        .insertInto('life_events')
        .values({
          participant_id: mergedId,
          kind: 'unmerge',
          effective_on: clock.now().toISOString().slice(0, 10),
          details: JSON.stringify({ survivor_id: c.survivor_id, candidate_id: id, note }),
          recorded_by: actor.username,
        })
        .execute();
    }
    const after = await trx
      .updateTable('duplicate_candidates')
      .set({ status: 'open', survivor_id: null, decided_by: null, decided_at: null, note })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, 'reverse_duplicate_decision', 'duplicate_candidate', String(id), c, after);
    return after;
  });
}

/** Follows "merged into" to the record that survives (a chain of merges included). */
export async function survivorOf(db: Database, participantId: number): Promise<number> {
  const r = await sql<{ id: number }>`
    with recursive chain(id, merged_into, depth) as (
      select id, merged_into, 0 from participants where id = ${participantId}
      union all
      select p.id, p.merged_into, c.depth + 1 from participants p join chain c on p.id = c.merged_into where c.depth < 20
    )
    select id from chain where merged_into is null limit 1`.execute(db);
  return Number(r.rows[0]?.id ?? participantId);
}

/** Records merged into this one (shown on the survivor's page with their histories). */
export async function mergedRecords(db: Database, actor: Actor, survivorId: number) {
  const rows = await db
    .selectFrom('participants as p')
    .select([...PERSON])
    .where('p.merged_into', '=', survivorId)
    .where(participantScopeFilter(registryScope(actor)))
    .execute();
  return rows.map((r) => presentNik(actor, r));
}
