/**
 * Agents recruiting informal workers (issue 18): registration, villages, monthly targets, recruits
 * attributed at enrolment, the monthly commission on recruits' paid months (a resumable run), its payable
 * lines for a bank batch, and fraud checks that share the partnership flags' review queue.
 */
import { sql } from 'kysely';
import type { Clock } from '../../platform/clock.ts';
import { isoDate } from '../../platform/clock.ts';
import type { Database } from '../../platform/db.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { decimalToString } from '../../platform/money.ts';
import { parsePeriod, periodEnd } from '../../platform/period.ts';
import { type Progress, silentProgress } from '../../platform/progress.ts';
import { recordAudit } from '../access/audit.ts';
import {
  type Actor,
  assertCan,
  can,
  inScope,
  maskNik,
  regionIn,
  regionInScope,
  registryScope,
  villageInScope,
} from '../access/policy.ts';
import { FRAUD_DEFAULTS } from '../partnerships/rules.ts';
import { intAt, rateAt } from '../rules/params.ts';

/** Agents' managers (agents.manage: head office, the system, branch officers in their regions). */
function assertManagerIn(actor: Actor, region: string) {
  assertCan(actor, 'agents.manage');
  if (!villageInScope(actor, region)) throw new ForbiddenError('Di luar wilayah Anda / outside your regions');
}

/**
 * SQL condition on agents `ag` for what an actor may read: an agent itself (agents.self); its managers
 * (agents.manage) and the head-office readers (headoffice.read: the auditor) inside their registry scope.
 */
export function agentFilter(actor: Actor) {
  if (can(actor, 'agents.self')) return sql<boolean>`ag.user_id = ${actor.userId ?? 0}`;
  if (!can(actor, 'agents.manage') && !can(actor, 'headoffice.read'))
    throw new ForbiddenError(
      'Data agen hanya untuk kantor cabang dan agen sendiri / agents are for branch offices and the agent',
    );
  return inScope(registryScope(actor), 'village', sql.ref('ag.region_code'));
}

export interface AgentInput {
  code: string;
  full_name: string;
  nik: string;
  phone: string;
  region_code: string;
  bank_code?: string | null;
  bank_account?: string | null;
  account_holder?: string | null;
  user_id?: number | null;
  registered_on: string;
}

export async function registerAgent(db: Database, i: AgentInput, actor: Actor) {
  assertManagerIn(actor, i.region_code);
  const region = await db
    .selectFrom('regions')
    .select('code')
    .where('code', '=', i.region_code)
    .executeTakeFirst();
  if (!region)
    throw new ValidationError(`region_code: wilayah ${i.region_code} tidak dikenal / unknown region`);
  const dup = await sql`select 1 from agents where code = ${i.code} or nik = ${i.nik}`.execute(db);
  if (dup.rows.length)
    throw new ConflictError(
      'agent: kode atau NIK agen sudah terdaftar / agent code or NIK already registered',
    );
  return db.transaction().execute(async (trx) => {
    const r = await sql<{ id: number }>`
      insert into agents (code, full_name, nik, phone, region_code, bank_code, bank_account, account_holder, user_id,
        registered_on, created_by)
      values (${i.code}, ${i.full_name}, ${i.nik}, ${i.phone}, ${i.region_code}, ${i.bank_code ?? null},
        ${i.bank_account ?? null}, ${i.account_holder ?? null}, ${i.user_id ?? null}, ${i.registered_on}::date, ${actor.userId})
      returning id`.execute(trx);
    const id = r.rows[0]!.id;
    await recordAudit(trx, actor, 'create', 'agent', String(id), null, { ...i, nik: maskNik(i.nik) });
    return { id };
  });
}

async function agentRow(db: Database, id: number) {
  const a = await sql<{
    id: number;
    region_code: string;
    status: string;
    registered_on: string;
    phone: string;
  }>`
    select id, region_code, status, to_char(registered_on, 'YYYY-MM-DD') as registered_on, phone from agents where id = ${id}`.execute(
    db,
  );
  if (!a.rows[0]) throw new NotFoundError(`agent: agen ${id} tidak ditemukan / agent not found`);
  return a.rows[0];
}

/** Assigns an agent to a village (inside the agent's area) from a date. */
export async function assignVillage(
  db: Database,
  agentId: number,
  o: { village_code: string; from_date: string },
  actor: Actor,
) {
  const a = await agentRow(db, agentId);
  assertManagerIn(actor, a.region_code);
  const v = await db
    .selectFrom('regions')
    .select(['code', 'level'])
    .where('code', '=', o.village_code)
    .executeTakeFirst();
  if (v?.level !== 4)
    throw new ValidationError(`village_code: desa ${o.village_code} tidak dikenal / unknown village`);
  if (!regionInScope(o.village_code, [a.region_code]))
    throw new ValidationError('village_code: desa di luar wilayah agen / village outside the agent’s area');
  await db.transaction().execute(async (trx) => {
    await sql`insert into agent_villages (agent_id, village_code, from_date) values (${agentId}, ${o.village_code}, ${o.from_date}::date)
      on conflict do nothing`.execute(trx);
    await recordAudit(trx, actor, 'assign_village', 'agent', String(agentId), null, o);
  });
  return { agent_id: agentId, ...o };
}

export async function setTarget(
  db: Database,
  agentId: number,
  o: { period: string; target_people: number },
  actor: Actor,
) {
  const a = await agentRow(db, agentId);
  assertManagerIn(actor, a.region_code);
  const period = parsePeriod(o.period);
  await db.transaction().execute(async (trx) => {
    await sql`insert into agent_targets (agent_id, period, target_people) values (${agentId}, ${period}, ${o.target_people})
      on conflict (agent_id, period) do update set target_people = excluded.target_people`.execute(trx);
    await recordAudit(trx, actor, 'set_target', 'agent', String(agentId), null, o);
  });
  return { agent_id: agentId, period, target_people: o.target_people };
}

/**
 * Attributes a newly enrolled BPU member to the agent who recruited them. At enrolment only: the member
 * must have registered on or after the agent's registration, within 30 days before the attribution, in a
 * village the agent was assigned to that day. One agent per member.
 */
export async function attributeRecruit(
  db: Database,
  agentId: number,
  o: { participant_id?: number; nik?: string },
  actor: Actor,
  clock: Clock,
) {
  const a = await agentRow(db, agentId);
  assertManagerIn(actor, a.region_code);
  if (a.status !== 'active') throw new ValidationError('agent: agen tidak aktif / agent is not active');
  const p = await sql<{ id: number; segment: string; village_code: string; registered_on: string }>`
    select id, segment, village_code, to_char(registered_on, 'YYYY-MM-DD') as registered_on from participants
    where ${o.participant_id ? sql`id = ${o.participant_id}` : sql`nik = ${o.nik ?? ''}`}`.execute(db);
  const m = p.rows[0];
  // Outside the officer's regions a person is "not found", like anyone unknown: nothing is revealed.
  if (!m || !villageInScope(actor, m.village_code))
    throw new NotFoundError('participant: peserta tidak ditemukan / participant not found');
  if (m.segment !== 'BPU') throw new ValidationError('participant: hanya peserta BPU / BPU members only');
  const today = isoDate(clock.now());
  const days = (Date.parse(today) - Date.parse(m.registered_on)) / 86_400_000;
  if (m.registered_on < a.registered_on || days > 30)
    throw new ValidationError(
      'participant: atribusi hanya saat pendaftaran (paling lama 30 hari) / attribution only at enrolment (within 30 days)',
    );
  const assigned =
    await sql`select 1 from agent_villages where agent_id = ${agentId} and village_code = ${m.village_code}
    and from_date <= ${m.registered_on}::date and (to_date is null or to_date >= ${m.registered_on}::date)`.execute(
      db,
    );
  if (!assigned.rows.length)
    throw new ValidationError(
      'participant: desa peserta bukan desa tugas agen / the member’s village is not one of the agent’s',
    );
  return db.transaction().execute(async (trx) => {
    const r = await sql`insert into agent_recruits (participant_id, agent_id, enrolled_on, village_code)
      values (${m.id}, ${agentId}, ${m.registered_on}::date, ${m.village_code}) on conflict (participant_id) do nothing`.execute(
      trx,
    );
    if (!Number(r.numAffectedRows ?? 0n))
      throw new ConflictError(
        'participant: peserta sudah diatribusikan ke agen / member already attributed to an agent',
      );
    await recordAudit(trx, actor, 'attribute_recruit', 'agent', String(agentId), null, {
      participant_id: m.id,
    });
    return { agent_id: agentId, participant_id: m.id, enrolled_on: m.registered_on };
  });
}

/** Commission parameters for a run period, from the rules module (flagged unconfirmed there). */
export function commissionParams(period: string) {
  const asOf = periodEnd(period);
  const [rate, rateRef] = rateAt('agent.commission.rate', asOf);
  const [capMonths, capRef] = intAt('agent.commission.cap_months', asOf);
  return {
    rate: decimalToString(rate),
    cap_months: capMonths,
    references: [rateRef, capRef].map((r) => ({
      name: r.name,
      label: r.label,
      value: String(r.value),
      ref: r.ref,
      unconfirmed: r.unconfirmed,
    })),
    unconfirmed: rateRef.unconfirmed || capRef.unconfirmed,
  };
}

/**
 * The monthly commission run for `period` (long work: a job when the engine lands). For every recruit of
 * an active agent, each contribution month up to `period` that the member paid in full on their own
 * invoice and that no earlier run commissioned earns round(paid × rate), for the member's first
 * cap_months paid months since enrolment. Resumable: recruits in keyset chunks, one transaction each with
 * the watermark; the lines' key (participant, month) makes a rerun add nothing.
 */
export async function runAgentCommission(
  db: Database,
  params: { period: string; chunkSize?: number },
  ctx: { progress?: Progress; onChunk?: (lastKey: number) => void } = {},
) {
  const period = parsePeriod(params.period);
  const progress = ctx.progress ?? silentProgress;
  const p = commissionParams(period);
  await sql`insert into agent_commission_runs (period, params) values (${period}, ${JSON.stringify(p)}::jsonb)
    on conflict (period) do nothing`.execute(db);
  const run = (
    await sql<{ id: number; status: string; last_key: number; params: typeof p }>`
      select id, status, last_key::int, params from agent_commission_runs where period = ${period}`.execute(
      db,
    )
  ).rows[0]!;
  if (run.status === 'done') return summary(db, run.id, true);
  // The parameters frozen when the run started, so a resumed run pays at the same rate.
  const { rate, cap_months: cap } = run.params;
  const size = params.chunkSize ?? 2000;
  const total = (await sql<{ n: number }>`select count(*)::int as n from agent_recruits`.execute(db)).rows[0]!
    .n;
  progress.total(total);
  let last = run.last_key;
  for (;;) {
    const hi = (
      await sql<{
        hi: number | null;
      }>`select max(participant_id)::int as hi from (select participant_id from agent_recruits
        where participant_id > ${last} order by participant_id limit ${size}) s`.execute(db)
    ).rows[0]!.hi;
    if (hi === null) break;
    await db.transaction().execute(async (trx) => {
      const ins = await sql<{ amount: string }>`
        with paid as (
          select cl.participant_id, cl.for_period, sum(cl.amount)::bigint as paid
          from agent_recruits ar
          join contribution_lines cl on cl.participant_id = ar.participant_id and not cl.adjustment
            and cl.for_period >= to_char(ar.enrolled_on, 'YYYY-MM') and cl.for_period <= ${period}
          join invoices i on i.id = cl.invoice_id and i.payer_kind = 'participant' and i.payer_id = ar.participant_id
            and i.status = 'paid'
          where ar.participant_id > ${last} and ar.participant_id <= ${hi}
          group by 1, 2
        ), numbered as (
          select paid.*, row_number() over (partition by participant_id order by for_period) as month_no from paid
        )
        insert into agent_commission_lines (run_id, agent_id, participant_id, for_period, month_no, paid_amount, rate, amount)
        select ${run.id}, ar.agent_id, n.participant_id, n.for_period, n.month_no, n.paid, ${rate}::numeric,
          round(n.paid * ${rate}::numeric)::bigint
        from numbered n join agent_recruits ar on ar.participant_id = n.participant_id
        join agents ag on ag.id = ar.agent_id and ag.status = 'active'
        where n.month_no <= ${cap}
        on conflict (participant_id, for_period) do nothing
        returning amount`.execute(trx);
      const sum = ins.rows.reduce((s, r) => s + BigInt(r.amount), 0n);
      await sql`update agent_commission_runs set last_key = ${hi}, lines = lines + ${ins.rows.length},
        total = total + ${sum} where id = ${run.id}`.execute(trx);
    });
    progress.tick(size);
    ctx.onChunk?.(hi);
    last = hi;
  }
  await sql`update agent_commission_runs set status = 'done', finished_at = now() where id = ${run.id}`.execute(
    db,
  );
  progress.done('komisi agen selesai / agent commission done');
  return summary(db, run.id, false);
}

async function summary(db: Database, runId: number, alreadyDone: boolean) {
  const r = await sql<{ id: number; period: string; lines: number; total: string; params: unknown }>`
    select id, period, lines, total::text, params from agent_commission_runs where id = ${runId}`.execute(db);
  const x = r.rows[0]!;
  return {
    run_id: x.id,
    period: x.period,
    lines: x.lines,
    total: Number(x.total),
    params: x.params,
    already_done: alreadyDone,
  };
}

/**
 * What a run owes each agent: the payable lines a bank batch pays (the batching itself belongs to the
 * disbursement module). Agents without a bank account are listed as not payable, never dropped.
 */
export async function commissionPayables(db: Database, actor: Actor, period: string) {
  const r = await sql<{
    agent_id: number;
    code: string;
    full_name: string;
    bank_code: string | null;
    bank_account: string | null;
    account_holder: string | null;
    recruits: number;
    months: number;
    amount: string;
  }>`
    select ag.id as agent_id, ag.code, ag.full_name, ag.bank_code, ag.bank_account, ag.account_holder,
      count(distinct l.participant_id)::int as recruits, count(*)::int as months, sum(l.amount)::text as amount
    from agent_commission_runs run join agent_commission_lines l on l.run_id = run.id
    join agents ag on ag.id = l.agent_id
    where run.period = ${parsePeriod(period)} and ${agentFilter(actor)}
    group by ag.id order by ag.code`.execute(db);
  return r.rows.map((x) => ({
    ...x,
    amount: Number(x.amount),
    payable: !!(x.bank_code && x.bank_account && x.account_holder),
    // An agent sees its own account; others see the last four digits.
    bank_account:
      can(actor, 'agents.manage') || can(actor, 'agents.self')
        ? x.bank_account
        : x.bank_account
          ? `••••${x.bank_account.slice(-4)}`
          : null,
  }));
}

/** A branch officer sees the recruits living in its regions; head office, the auditor and the agent all of them. */
function recruitsRegion(actor: Actor) {
  const scope = registryScope(actor);
  return scope.kind === 'regions' ? sql`and ${regionIn(sql.ref('p.village_code'), scope.codes)}` : sql``;
}

/** An agent's recruits (own agent: names and KPJ; NIK masked) with their paid months and commission. */
export async function agentRecruits(db: Database, actor: Actor, agentId: number) {
  const r = await sql<{
    participant_id: number;
    kpj: string;
    full_name: string;
    village_code: string;
    enrolled_on: string;
    paid_months: number;
    commission: string;
    status: string;
  }>`
    select ar.participant_id, p.kpj, p.full_name, ar.village_code, to_char(ar.enrolled_on, 'YYYY-MM-DD') as enrolled_on, p.status,
      (select count(*) from agent_commission_lines l where l.participant_id = ar.participant_id)::int as paid_months,
      (select coalesce(sum(l.amount), 0) from agent_commission_lines l where l.participant_id = ar.participant_id)::text as commission
    from agent_recruits ar join agents ag on ag.id = ar.agent_id join participants p on p.id = ar.participant_id
    where ar.agent_id = ${agentId} and ${agentFilter(actor)}
      ${recruitsRegion(actor)}
    order by ar.enrolled_on desc, p.full_name`.execute(db);
  return r.rows.map((x) => ({ ...x, commission: Number(x.commission) }));
}

/** Agents visible to the actor with villages, this month's target and recruits, and commission so far. */
export async function listAgents(db: Database, actor: Actor, period: string) {
  const r = await sql<{
    id: number;
    code: string;
    full_name: string;
    region_code: string;
    status: string;
    villages: string[];
    target: number | null;
    recruited: number;
    recruits_total: number;
    commission_total: string;
    open_flags: number;
  }>`
    select ag.id, ag.code, ag.full_name, ag.region_code, ag.status,
      coalesce((select array_agg(v.village_code order by v.village_code) from agent_villages v where v.agent_id = ag.id
        and v.to_date is null), '{}') as villages,
      (select t.target_people from agent_targets t where t.agent_id = ag.id and t.period = ${period}) as target,
      (select count(*) from agent_recruits ar where ar.agent_id = ag.id and to_char(ar.enrolled_on, 'YYYY-MM') = ${period})::int as recruited,
      (select count(*) from agent_recruits ar where ar.agent_id = ag.id)::int as recruits_total,
      (select coalesce(sum(l.amount), 0) from agent_commission_lines l where l.agent_id = ag.id)::text as commission_total,
      (select count(*) from fraud_flags f where f.agent_id = ag.id and f.status = 'open')::int as open_flags
    from agents ag where ${agentFilter(actor)} order by ag.code`.execute(db);
  return r.rows.map((x) => ({ ...x, commission_total: Number(x.commission_total) }));
}

/** Thresholds of the agent checks; the burst and phone sizes are the partnership checks' own. */
export const AGENT_FRAUD = {
  /** Recruits enrolled at least this many months ago count for "never pays". */
  neverPaidAfterMonths: 3,
  /** …flagged when at least this many of an agent's recruits, and this share of them, never paid a month. */
  neverPaidMin: 5,
  neverPaidShare: 0.8,
  burstMin: FRAUD_DEFAULTS.burstMin,
  phoneMin: FRAUD_DEFAULTS.phoneMin,
};

/**
 * Agent fraud checks, set-based, into the partnership fraud flags (unique per kind and subject, so a
 * rerun keeps earlier reviews): recruits who never pay, bursts of enrolments on one day, and recruits
 * sharing one phone (or the agent's own).
 */
export async function checkAgentFraud(db: Database, today: string) {
  const t = AGENT_FRAUD;
  const never = await sql`
    insert into fraud_flags (kind, subject, agent_id, evidence)
    select 'agent_recruits_never_pay', 'agent:' || x.agent_id || ':' || to_char(${today}::date, 'YYYY-MM'), x.agent_id,
      jsonb_build_object('recruits', x.n, 'never_paid', x.never, 'months', ${t.neverPaidAfterMonths}::int)
    from (
      select ar.agent_id, count(*) as n, count(*) filter (where not exists (
        select 1 from contribution_lines cl join invoices i on i.id = cl.invoice_id and i.payer_kind = 'participant'
          and i.payer_id = ar.participant_id and i.status = 'paid' where cl.participant_id = ar.participant_id)) as never
      from agent_recruits ar where ar.enrolled_on <= (${today}::date - make_interval(months => ${t.neverPaidAfterMonths}::int))
      group by 1
    ) x where x.never >= ${t.neverPaidMin}::int and x.never >= x.n * ${t.neverPaidShare}::numeric
    on conflict (kind, subject) do nothing`.execute(db);
  const burst = await sql`
    insert into fraud_flags (kind, subject, agent_id, evidence)
    select 'agent_burst', 'agent:' || ar.agent_id || ':' || ar.enrolled_on, ar.agent_id,
      jsonb_build_object('day', ar.enrolled_on, 'recruits', count(*), 'participant_ids', jsonb_agg(ar.participant_id order by ar.participant_id))
    from agent_recruits ar group by ar.agent_id, ar.enrolled_on having count(*) >= ${t.burstMin}::int
    on conflict (kind, subject) do nothing`.execute(db);
  const phone = await sql`
    insert into fraud_flags (kind, subject, agent_id, evidence)
    select 'agent_shared_phone', 'agent:' || x.agent_id || ':phone:' || x.phone, x.agent_id,
      jsonb_build_object('recruits', x.n, 'agent_phone', x.own, 'participant_ids', x.ids)
    from (
      select ar.agent_id, p.phone, count(*) as n, bool_or(p.phone = ag.phone) as own,
        jsonb_agg(ar.participant_id order by ar.participant_id) as ids
      from agent_recruits ar join participants p on p.id = ar.participant_id join agents ag on ag.id = ar.agent_id
      where p.phone is not null and p.phone <> '' group by 1, 2
    ) x where x.n >= ${t.phoneMin}::int or x.own
    on conflict (kind, subject) do nothing`.execute(db);
  const c = (r: { numAffectedRows?: bigint }) => Number(r.numAffectedRows ?? 0n);
  return { agent_recruits_never_pay: c(never), agent_burst: c(burst), agent_shared_phone: c(phone) };
}
