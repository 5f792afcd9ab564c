import { sql } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../platform/db.ts';
import { addMonths, periodOf } from '../../platform/period.ts';
import { SYSTEM } from '../access/policy.ts';
import { historyMonths, participantHistory } from '../benefits/history.ts';
import { creditJhtContributions, jhtBalanceOn } from '../benefits/jht.ts';
import {
  billedMonths,
  consecutiveEndingAt,
  jpPaidMonths,
  lastWage,
  paidInWindow,
  paidMonths,
} from '../benefits/rules.ts';
import { participantStatus } from '../contributions/status.ts';
import { computeBeasiswa } from '../rules/beasiswa.ts';
import type { BenefitResult } from '../rules/benefit-result.ts';
import { computeJkk, computeJkm, JKK_KINDS } from '../rules/benefits.ts';
import { rp } from '../rules/exact.ts';
import { computeJhtWithdrawal, type JhtWithdrawalKind } from '../rules/jht-claim.ts';
import { computeJkp } from '../rules/jkp.ts';
import { intAt, tableAt } from '../rules/params.ts';
import { computeJp } from '../rules/savings.ts';
import { toWire } from '../rules/trace.ts';
import { ageOn, monthsOn } from './rules.ts';

/**
 * Eligibility and amount of a claim, always from the member's own history (benefits/history.ts,
 * the JHT account) through the rules calculators. The result carries the calculator's explanation
 * (inputs, every parameter with its legal reference, each step, warnings) plus the claim checks
 * the calculator does not make (exit recorded, termination reason, claim window, death recorded …).
 */

export interface Check {
  code: string;
  ok: boolean;
  label: string;
  detail: string;
}

export interface Assessment {
  benefit: string;
  eligible: boolean;
  amount: number;
  checks: Check[];
  /** What was read from the history, as given to the calculator. */
  facts: Record<string, unknown>;
  result: unknown;
}

export interface ClaimForAssessment {
  id: number;
  participant_id: number;
  benefit: string;
  kind: string | null;
  event_date: string;
  termination: string | null;
  filed_on: string;
  payee_related_id: number | null;
  /** The heir's name as the claim pays it (shown in the check instead of the row id). */
  payee_name?: string | null;
  children: number[];
  details?: unknown;
  reported_at?: string | null;
}

function finishAssessment(
  benefit: string,
  r: BenefitResult,
  checks: Check[],
  facts: Record<string, unknown>,
): Assessment {
  const eligible = r.eligible !== false && checks.every((c) => c.ok);
  for (const c of checks)
    r.explanation.steps.push({ label: c.label, calc: `${c.detail}: ${c.ok ? 'ya / yes' : 'tidak / no'}` });
  return { benefit, eligible, amount: eligible ? Number(r.total) : 0, checks, facts, result: toWire(r) };
}

async function lastExit(db: Database, participantId: number, onOrBefore: string) {
  const r = await sql<{ ended_on: string | null; open: string }>`
    select to_char(max(ended_on) filter (where ended_on <= ${onOrBefore}::date), 'YYYY-MM-DD') as ended_on,
           count(*) filter (where ended_on is null or ended_on > ${onOrBefore}::date) as open
    from employments where participant_id = ${participantId}::bigint and started_on <= ${onOrBefore}::date`.execute(
    db,
  );
  return { exitDate: r.rows[0]?.ended_on ?? null, stillEmployed: Number(r.rows[0]?.open ?? 0) > 0 };
}

async function assessJkp(db: Database, c: ClaimForAssessment): Promise<Assessment> {
  const months = await historyMonths(db, c.participant_id);
  const d = c.event_date;
  const dm = periodOf(d);
  // JKP has no contribution of its own on the bill: it is funded by the government share and a
  // recomposition of the JKK contribution (rules/rates.ts), so its contribution months are the paid JKK months.
  const end = paidMonths(months, 'JKK').includes(dm) ? dm : addMonths(dm, -1);
  const monthsPaid = paidInWindow(months, 'JKK', dm, 24);
  // Counted inside the same 24-month window (the calculator's input range).
  const consecutive = Math.min(24, consecutiveEndingAt(months, 'JKK', end));
  const enrolled = await db
    .selectFrom('participants')
    .select('programs')
    .where('id', '=', c.participant_id)
    .executeTakeFirst();
  const wage = lastWage(months, 'JKK', dm) ?? lastWage(months, 'JHT', dm) ?? 0;
  const exit = await lastExit(db, c.participant_id, d);
  const r = computeJkp({ jobLossDate: d, wage, monthsPaid, consecutiveMonths: consecutive });
  const [excluded] = tableAt('jkp.excluded_terminations', d, z.array(z.string()), 'event_date');
  const [window] = intAt('jkp.claim_window_months', d, 'event_date');
  const lastDay = `${addMonths(dm, window)}${d.slice(7)}`;
  const checks: Check[] = [
    {
      code: 'exit_recorded',
      ok: exit.exitDate === d,
      label: 'Berhenti bekerja tercatat pada tanggal PHK / exit recorded on the job-loss date',
      detail: exit.exitDate ?? '-',
    },
    {
      code: 'termination_covered',
      ok: !!c.termination && !excluded.includes(c.termination),
      label: 'Alasan PHK dijamin JKP (PP 37/2021 Pasal 20) / termination reason covered',
      detail: c.termination ?? '-',
    },
    {
      code: 'claim_window',
      ok: c.filed_on <= lastDay && c.filed_on >= d,
      label: `Diajukan dalam ${window} bulan setelah PHK / filed within ${window} months of the job loss`,
      detail: `${c.filed_on} ≤ ${lastDay}`,
    },
    {
      code: 'enrolled_jkp',
      ok: !!enrolled?.programs.includes('JKP'),
      label: 'Terdaftar dalam program JKP / enrolled in JKP',
      detail: (enrolled?.programs ?? []).join(', '),
    },
    {
      code: 'wage_known',
      ok: wage > 0,
      label: 'Upah terakhir dari riwayat / last wage from the history',
      detail: rp(wage),
    },
  ];
  return finishAssessment('JKP', r, checks, {
    monthsPaid,
    consecutiveMonths: consecutive,
    wage,
    window: `${addMonths(dm, -23)}..${dm}`,
    exitDate: exit.exitDate,
  });
}

async function assessJht(db: Database, c: ClaimForAssessment): Promise<Assessment> {
  await creditJhtContributions({ db }, { participantId: c.participant_id, actor: SYSTEM });
  const h = await participantHistory(db, { kind: 'all' }, c.participant_id);
  const balance = await jhtBalanceOn(db, c.participant_id, c.event_date);
  const exit = await lastExit(db, c.participant_id, c.event_date);
  const taken = await sql<{
    n: string;
  }>`select count(*) as n from claims where participant_id = ${c.participant_id}::bigint
      and benefit = 'JHT' and kind like 'partial%' and status in ('approved','in_payment','paid') and id <> ${c.id}::bigint`.execute(
    db,
  );
  const kind = (c.kind ?? 'full') as JhtWithdrawalKind;
  const input = {
    claimDate: c.event_date,
    kind,
    balance,
    membershipMonths: Math.max(0, monthsOn(h.participant.registered_on, c.event_date)),
    exitDate: exit.exitDate,
    stillEmployed: exit.stillEmployed,
    ageYears: ageOn(h.participant.birth_date, c.event_date),
    partialTaken: Number(taken.rows[0]?.n ?? 0) > 0,
  };
  const r = computeJhtWithdrawal(input);
  const checks: Check[] = [
    {
      code: 'balance_positive',
      ok: balance > 0,
      label: 'Saldo JHT lebih dari nol / JHT balance above zero',
      detail: rp(balance),
    },
  ];
  return finishAssessment('JHT', r, checks, input);
}

async function deathOf(db: Database, participantId: number) {
  return db
    .selectFrom('participant_deaths')
    .select([sql<string>`to_char(died_on, 'YYYY-MM-DD')`.as('died_on'), 'cause'])
    .where('participant_id', '=', participantId)
    .executeTakeFirst();
}

async function assessJkm(db: Database, c: ClaimForAssessment): Promise<Assessment> {
  const h = await participantHistory(db, { kind: 'all' }, c.participant_id);
  const death = await deathOf(db, c.participant_id);
  const d = death?.died_on ?? c.event_date;
  const status = await participantStatus(db, c.participant_id, d);
  const membershipMonths = Math.max(0, monthsOn(h.participant.registered_on, d));
  const r = computeJkm({
    date: d,
    segment: h.participant.segment === 'BPU' ? 'BPU' : 'PU',
    membershipMonths,
  });
  const checks: Check[] = [
    {
      code: 'death_recorded',
      ok: death?.died_on === c.event_date,
      label: 'Kematian tercatat / death recorded',
      detail: death?.died_on ?? '-',
    },
    {
      code: 'non_work_death',
      ok: death?.cause === 'non_work',
      label: 'Meninggal bukan karena kecelakaan kerja / death not from a work accident',
      detail: death?.cause ?? '-',
    },
    {
      code: 'active_at_death',
      ok: status.active,
      label: 'Peserta aktif pada tanggal meninggal / participant active on the date of death',
      detail: status.status,
    },
    {
      code: 'payee_is_heir',
      ok: c.payee_related_id !== null,
      label: 'Dibayar kepada ahli waris / paid to an heir',
      detail: c.payee_related_id === null ? '-' : (c.payee_name ?? String(c.payee_related_id)),
    },
  ];
  return finishAssessment('JKM', r, checks, { date: d, membershipMonths, status: status.status });
}

async function assessBeasiswa(db: Database, c: ClaimForAssessment): Promise<Assessment> {
  const death = await deathOf(db, c.participant_id);
  const d = death?.died_on ?? c.event_date;
  const months = await historyMonths(db, c.participant_id);
  const contributionMonths = paidMonths(months, 'JKM').filter((p) => p <= periodOf(d)).length;
  const kids = c.children.length
    ? await db
        .selectFrom('related_persons')
        .select([
          'id',
          'relation',
          'school_level',
          'school_year',
          sql<string | null>`to_char(birth_date, 'YYYY-MM-DD')`.as('birth_date'),
        ])
        .where('participant_id', '=', c.participant_id)
        .where('id', 'in', c.children)
        .orderBy('birth_date')
        .execute()
    : [];
  const children = kids.map((k) => ({
    level: k.school_level ?? 'BELUM',
    year: k.school_year ?? 1,
    ...(k.birth_date ? { age: ageOn(k.birth_date, d) } : {}),
  }));
  const cause = death?.cause === 'work_accident' ? 'JKK' : 'JKM';
  const r = computeBeasiswa({
    date: d,
    cause,
    contributionMonths,
    children: children.length ? children : [{ level: 'BELUM' }],
  });
  const checks: Check[] = [
    {
      code: 'death_recorded',
      ok: death?.died_on === c.event_date,
      label: 'Kematian tercatat / death recorded',
      detail: death?.died_on ?? '-',
    },
    {
      code: 'children_recorded',
      ok: kids.length > 0 && kids.length === c.children.length && kids.every((k) => k.relation === 'child'),
      label: 'Anak tercatat sebagai orang terkait / children recorded as related persons',
      detail: String(kids.length),
    },
  ];
  return finishAssessment('BEASISWA', r, checks, { date: d, cause, contributionMonths, children });
}

export interface JkkDetails {
  months?: number;
  disability_percent?: string;
  function_loss_percent?: string;
  transport_land?: number;
  transport_sea?: number;
  transport_air?: number;
  homecare?: number;
}

/**
 * JKK: the wage of the accident month (else the month before) from the history, active on the
 * accident date, the accident reported by the employer within 2×24 hours (PP 44/2015 Pasal 27; a late
 * report is shown, it does not take the benefit away), and for a death the death recorded as a work
 * accident with an heir paid. Medical care is paid to the provider and not priced here.
 */
async function assessJkk(db: Database, c: ClaimForAssessment): Promise<Assessment> {
  const months = await historyMonths(db, c.participant_id);
  const dm = periodOf(c.event_date);
  const wage = lastWage(months, 'JKK', dm) ?? 0;
  const status = await participantStatus(db, c.participant_id, c.event_date);
  const d = (c.details ?? {}) as JkkDetails;
  const kind = c.kind ?? 'stmb';
  const r = computeJkk({
    date: c.event_date,
    wage,
    kind,
    months: d.months,
    disabilityPercent: d.disability_percent,
    functionLossPercent: d.function_loss_percent,
    transportLand: d.transport_land,
    transportSea: d.transport_sea,
    transportAir: d.transport_air,
    homecare: d.homecare,
  });
  const reportedBy = c.reported_at ?? `${c.filed_on}T23:59:59+07:00`;
  const hours = (Date.parse(reportedBy) - Date.parse(`${c.event_date}T00:00:00+07:00`)) / 3600_000;
  const inTime = hours <= 48;
  if (!inTime)
    r.explanation.warnings.push(
      'Laporan kecelakaan melewati 2×24 jam: kewajiban pemberi kerja, manfaat tetap dinilai / accident reported after 2×24 hours: an employer obligation, the benefit is still assessed',
    );
  const checks: Check[] = [
    {
      code: 'active_at_accident',
      ok: status.active,
      label: 'Peserta aktif pada tanggal kecelakaan / participant active on the accident date',
      detail: status.status,
    },
    {
      code: 'wage_known',
      ok: wage > 0,
      label: 'Upah bulan kecelakaan dari riwayat / wage of the accident month from the history',
      detail: rp(wage),
    },
  ];
  if (kind === 'death') {
    const death = await deathOf(db, c.participant_id);
    checks.push(
      {
        code: 'death_recorded',
        ok: death?.died_on !== undefined && death.cause === 'work_accident',
        label: 'Kematian karena kecelakaan kerja tercatat / work-accident death recorded',
        detail: death ? `${death.died_on} ${death.cause}` : '-',
      },
      {
        code: 'payee_is_heir',
        ok: c.payee_related_id !== null,
        label: 'Dibayar kepada ahli waris / paid to an heir',
        detail: c.payee_related_id === null ? '-' : (c.payee_name ?? String(c.payee_related_id)),
      },
    );
  }
  return finishAssessment('JKK', r, checks, {
    wage,
    kind,
    reportedInTime: inTime,
    reportedHours: Math.round(hours),
    status: status.status,
    ...d,
  });
}

/** The relation an heir must have for each JP survivor pension, and how a check names it. */
const JP_HEIR: Record<string, string> = { spouse: 'spouse', child: 'child', parent: 'parent' };
const JP_HEIR_WORDS: Record<string, { id: string; en: string }> = {
  spouse: { id: 'suami/istri', en: 'spouse' },
  child: { id: 'anak', en: 'child' },
  parent: { id: 'orang tua', en: 'parent' },
};

/**
 * JP: the paid JP months of the history (each month's billed, capped wage and its contribution) go to
 * the rules module's JP calculator, which computes the months, the indexed average wage, and the
 * monthly pension or the lump sum for the benefit type. The claim checks here are the ones the
 * calculator cannot make: enrolment, the death recorded for survivors, the heir's relation, the
 * child limits, no spouse or child for a parent pension, and the member alive for their own pension.
 */
async function assessJp(db: Database, c: ClaimForAssessment): Promise<Assessment> {
  const h = await participantHistory(db, { kind: 'all' }, c.participant_id);
  const kind = c.kind ?? 'old_age';
  const death = await deathOf(db, c.participant_id);
  const last = periodOf(c.event_date);
  const history = jpPaidMonths(h.months, last);
  const billed = billedMonths(h.months, 'JP', last);
  const r = computeJp({
    claimDate: c.event_date,
    birthDate: h.participant.birth_date,
    kind,
    history,
    billedMonths: billed,
  });
  const enrolled = await db
    .selectFrom('participants')
    .select(['programs', 'segment'])
    .where('id', '=', c.participant_id)
    .executeTakeFirst();
  const checks: Check[] = [
    {
      code: 'enrolled_jp',
      ok: !!enrolled?.programs.includes('JP') && enrolled.segment !== 'BPU',
      label: 'Terdaftar dalam program JP (bukan BPU) / enrolled in JP (not BPU)',
      detail: `${enrolled?.segment ?? '-'}: ${(enrolled?.programs ?? []).join(', ')}`,
    },
  ];
  const relations = await db
    .selectFrom('related_persons')
    .select(['id', 'relation', sql<string | null>`to_char(birth_date, 'YYYY-MM-DD')`.as('birth_date')])
    .where('participant_id', '=', c.participant_id)
    .execute();
  const heir = relations.find((x) => x.id === c.payee_related_id);
  if (kind === 'old_age' || kind === 'disability') {
    checks.push({
      code: 'member_alive',
      ok: !death || death.died_on > c.event_date,
      label: 'Peserta masih hidup pada tanggal klaim / member alive on the claim date',
      detail: death?.died_on ?? '-',
    });
  } else {
    checks.push(
      {
        code: 'death_recorded',
        ok: death?.died_on === c.event_date,
        label: 'Kematian tercatat / death recorded',
        detail: death?.died_on ?? '-',
      },
      {
        code: 'payee_relation',
        ok: !!heir && heir.relation === JP_HEIR[kind],
        label: `Penerima adalah ${JP_HEIR_WORDS[kind]?.id} peserta / the payee is the member's ${JP_HEIR_WORDS[kind]?.en}`,
        detail: heir ? (JP_HEIR_WORDS[heir.relation]?.id ?? heir.relation) : '-',
      },
    );
  }
  const others = await sql<{
    n: string;
  }>`select count(*) as n from claims where participant_id = ${c.participant_id}::bigint
      and benefit = 'JP' and kind = ${kind} and id <> ${c.id}::bigint and status in ('approved','in_payment','paid')
      and payee_related_id is not distinct from ${c.payee_related_id}::bigint`.execute(db);
  checks.push({
    code: 'not_claimed_before',
    ok: Number(others.rows[0]?.n ?? 0) === 0,
    label: 'Manfaat yang sama belum diklaim / the same benefit not claimed before',
    detail: String(others.rows[0]?.n ?? 0),
  });
  let endPeriod: string | null = null;
  if (kind === 'child') {
    const [limit] = intAt('jp.child.age_limit', c.event_date, 'event_date');
    const [max] = intAt('jp.child.max_count', c.event_date, 'event_date');
    const age = heir?.birth_date ? ageOn(heir.birth_date, c.event_date) : null;
    const siblings = await sql<{ n: string }>`select count(distinct payee_related_id) as n from claims
      where participant_id = ${c.participant_id}::bigint and benefit = 'JP' and kind = 'child' and id <> ${c.id}::bigint
        and status in ('approved','in_payment','paid')`.execute(db);
    checks.push(
      {
        code: 'child_age',
        ok: age !== null && age < limit,
        label: `Usia anak di bawah ${limit} tahun / child under ${limit}`,
        detail: age === null ? '-' : String(age),
      },
      {
        code: 'child_count',
        ok: Number(siblings.rows[0]?.n ?? 0) < max,
        label: `Paling banyak ${max} anak / at most ${max} children`,
        detail: String(Number(siblings.rows[0]?.n ?? 0) + 1),
      },
    );
    // The last month payable: the month before the child reaches the age limit.
    if (heir?.birth_date)
      endPeriod = addMonths(
        `${Number(heir.birth_date.slice(0, 4)) + limit}${heir.birth_date.slice(4, 7)}`,
        -1,
      );
  }
  if (kind === 'parent') {
    const closer = relations.filter((x) => x.relation === 'spouse' || x.relation === 'child').length;
    checks.push({
      code: 'no_spouse_or_child',
      ok: closer === 0,
      label: 'Tidak ada suami/istri atau anak tercatat / no spouse or child recorded',
      detail: String(closer),
    });
  }
  const details = r.details as { kind?: string };
  return finishAssessment('JP', r, checks, {
    kind,
    payment: details.kind ?? null,
    months: history.length,
    billedMonths: billed,
    averageWage: Number(r.details.averageWage ?? 0),
    firstPeriod: history[0]?.period ?? null,
    lastPeriod: history.at(-1)?.period ?? null,
    // A monthly pension starts the month after the event (pension claim, disability or death).
    startPeriod: addMonths(last, 1),
    endPeriod,
  });
}

export { JKK_KINDS };

export async function assessClaim(db: Database, c: ClaimForAssessment): Promise<Assessment> {
  switch (c.benefit) {
    case 'JKP':
      return assessJkp(db, c);
    case 'JHT':
      return assessJht(db, c);
    case 'JKM':
      return assessJkm(db, c);
    case 'BEASISWA':
      return assessBeasiswa(db, c);
    case 'JKK':
      return assessJkk(db, c);
    case 'JP':
      return assessJp(db, c);
    default:
      throw new Error(`no assessment for ${c.benefit}`);
  }
}
