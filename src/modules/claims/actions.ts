import { sql } from 'kysely';
import { type Clock, isoDate, isoDateWib } from '../../platform/clock.ts';
import type { Database } from '../../platform/db.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { recordAudit } from '../access/audit.ts';
import { type Actor, assertCanWrite, ownEmployer, registryScope } from '../access/policy.ts';
import { personInScope } from '../benefits/history.ts';
import { recordJhtWithdrawal } from '../benefits/jht.ts';
import { openPension } from '../benefits/pensions.ts';
import { failedItems, type MadeBatch, writeBatches } from '../disbursement/batches.ts';
import { type BankResultSummary, importResults } from '../disbursement/results.ts';
import { reportDeath } from '../registry/life-events.ts';
import type { DeathCause } from '../registry/rules.ts';
import { type Assessment, assessClaim, JKK_KINDS } from './assess.ts';
import { claimInScope } from './queries.ts';
import {
  ASSESSED_BENEFITS,
  type ClaimBenefit,
  type ClaimStatus,
  documentsFor,
  JHT_KINDS,
  JP_KINDS,
  JP_SURVIVOR_KINDS,
  missingDocuments,
  NEXT,
  TERMINATION_REASONS,
} from './rules.ts';
import { assertHeadOffice, assertOfficer } from './scope.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Who filed a claim, as recorded on it: the employer (its own accident report, which it may read back),
 * a branch office (an officer of some regions), or head office — a person, or the system (CLI, jobs).
 */
function filedByKind(
  actor: Actor,
  asEmployer: number | null,
): 'employer' | 'branch_officer' | 'admin' | 'system' {
  if (asEmployer !== null) return 'employer';
  if (registryScope(actor).kind === 'regions') return 'branch_officer';
  return actor.userId === null ? 'system' : 'admin';
}

const today = (clock: Clock) => isoDateWib(clock.now());

function checkDate(field: string, v: string, clock: Clock): string {
  if (!DATE.test(v) || Number.isNaN(Date.parse(v)))
    throw new ValidationError(`${field}: tanggal harus YYYY-MM-DD / date must be YYYY-MM-DD (got "${v}")`);
  if (v > today(clock))
    throw new ValidationError(`${field}: tanggal di masa depan / date in the future (${v})`);
  return v;
}

export interface NewRelatedPerson {
  participant_id: number;
  relation: 'spouse' | 'child' | 'parent' | 'other';
  full_name: string;
  nik?: string | null;
  birth_date?: string | null;
  sex?: 'M' | 'F' | null;
  school_level?: string | null;
  school_year?: number | null;
  bank_code?: string | null;
  account_number?: string | null;
}

/** Records an heir or other related person of a participant (branch officers, head office). */
export async function addRelatedPerson(db: Database, input: NewRelatedPerson, actor: Actor, clock: Clock) {
  assertOfficer(actor);
  await personInScope(db, registryScope(actor), input.participant_id);
  if (input.birth_date) checkDate('birth_date', input.birth_date, clock);
  if ((input.bank_code == null) !== (input.account_number == null))
    throw new ValidationError(
      'account_number: bank dan nomor rekening diisi bersama / bank and account go together',
    );
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('related_persons')
      .values({
        participant_id: input.participant_id,
        relation: input.relation,
        full_name: input.full_name.trim(),
        nik: input.nik ?? null,
        birth_date: input.birth_date ?? null,
        sex: input.sex ?? null,
        school_level: input.school_level ?? null,
        school_year: input.school_year ?? null,
        bank_code: input.bank_code ?? null,
        account_number: input.account_number ?? null,
        created_by: actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, 'create', 'related_person', String(row.id), null, row);
    return row;
  });
}

/** What ends a survivor's pension, by the heir's relation (PP 45/2015; docs/rules-reference.md §3.5). */
export const HEIR_EVENTS = {
  spouse: ['remarriage', 'death'],
  child: ['marriage', 'work', 'death'],
  parent: ['death'],
  other: ['death'],
} as const;
export type HeirEvent = 'remarriage' | 'marriage' | 'work' | 'death';
const HEIR_EVENT_WORDS: Record<HeirEvent, string> = {
  remarriage: 'menikah lagi / remarriage',
  marriage: 'menikah / marriage',
  work: 'bekerja / started work',
  death: 'meninggal dunia / death',
};
const RELATION_WORDS: Record<string, string> = {
  spouse: 'janda/duda / widow or widower',
  child: 'anak / child',
  parent: 'orang tua / parent',
  other: 'lainnya / other',
};

export interface HeirEventInput {
  related_person_id: number;
  event: HeirEvent;
  event_date: string;
  note?: string | null;
}

/**
 * Records an event that ends an heir's survivor pension (a widow's remarriage; a child's marriage or
 * work; a death). The monthly pension run pays up to the month of the event and not after.
 */
export async function recordHeirEvent(db: Database, input: HeirEventInput, actor: Actor, clock: Clock) {
  assertOfficer(actor);
  const heir = await db
    .selectFrom('related_persons')
    .select(['id', 'participant_id', 'relation', 'birth_date'])
    .where('id', '=', input.related_person_id)
    .executeTakeFirst();
  if (!heir) throw new NotFoundError('ahli waris tidak ditemukan / related person not found');
  // The heir is seen through the member: outside the officer's scope it does not exist.
  await personInScope(db, registryScope(actor), Number(heir.participant_id));
  checkDate('event_date', input.event_date, clock);
  const allowed = HEIR_EVENTS[heir.relation as keyof typeof HEIR_EVENTS] as readonly string[];
  if (!allowed.includes(input.event))
    throw new ValidationError(
      `event: ${HEIR_EVENT_WORDS[input.event] ?? input.event} tidak berlaku untuk ${RELATION_WORDS[heir.relation]} / does not apply to this relation`,
    );
  if (heir.birth_date && input.event_date < String(heir.birth_date).slice(0, 10))
    throw new ValidationError('event_date: sebelum tanggal lahir / before the date of birth');
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('related_person_events')
      .values({
        related_person_id: heir.id,
        event: input.event,
        event_date: input.event_date,
        note: input.note?.trim() || null,
        created_by: actor.userId,
      })
      .onConflict((oc) => oc.columns(['related_person_id', 'event']).doNothing())
      .returning(['id', 'event', sql<string>`to_char(event_date, 'YYYY-MM-DD')`.as('event_date')])
      .executeTakeFirst();
    if (!row)
      throw new ConflictError(
        `event: ${HEIR_EVENT_WORDS[input.event]} sudah dicatat untuk ahli waris ini / already recorded for this person`,
      );
    await recordAudit(trx, actor, 'record_event', 'related_person', String(heir.id), null, {
      event: input.event,
      event_date: input.event_date,
    });
    return {
      id: Number(row.id),
      related_person_id: Number(heir.id),
      event: row.event,
      event_date: row.event_date,
    };
  });
}

export interface DeathInput {
  participant_id: number;
  died_on: string;
  cause: DeathCause;
}

/**
 * A death reported from a claim desk: recorded through the registry (`reportDeath`, the one place a
 * death is written: membership closed, open employments ended, billing stops after the death month),
 * then the survivor benefits it opens for the heirs on file.
 */
export async function recordDeath(db: Database, input: DeathInput, actor: Actor, clock: Clock) {
  assertOfficer(actor);
  const p = await personInScope(db, registryScope(actor), input.participant_id);
  checkDate('died_on', input.died_on, clock);
  if (p.registered_on > input.died_on)
    throw new ValidationError('died_on: sebelum tanggal pendaftaran / before the registration date');
  await reportDeath(
    db,
    { participantId: p.id, diedOn: input.died_on, source: 'officer', cause: input.cause },
    actor,
    clock,
  );
  const heirs = await db
    .selectFrom('related_persons')
    .select(['id', 'relation', 'full_name'])
    .where('participant_id', '=', p.id)
    .execute();
  return {
    participant_id: p.id,
    died_on: input.died_on,
    survivor_benefits: survivorBenefits(input.cause, heirs),
  };
}

/** The benefits a death opens and the heirs who may receive them. */
export function survivorBenefits(
  cause: string,
  heirs: Array<{ id: number; relation: string; full_name: string }>,
) {
  const children = heirs.filter((h) => h.relation === 'child');
  const out: Array<{ benefit: string; heirs: number[] }> = [
    { benefit: cause === 'work_accident' ? 'JKK' : 'JKM', heirs: heirs.map((h) => h.id) },
    { benefit: 'JHT', heirs: heirs.map((h) => h.id) },
  ];
  if (children.length) out.push({ benefit: 'BEASISWA', heirs: children.map((h) => h.id) });
  return out;
}

export interface NewClaim {
  participant_id: number;
  benefit: ClaimBenefit;
  kind?: string | null;
  event_date: string;
  termination?: string | null;
  payee_related_id?: number | null;
  bank_code?: string | null;
  account_number?: string | null;
  children?: number[];
  documents?: string[];
  note?: string | null;
  /** JKK: months unable to work, disability percentages, reimbursements claimed (assess.ts JkkDetails). */
  details?: Record<string, unknown>;
}

/** Intake: the claim with its document checklist, by a branch officer (or head office). */
export async function fileClaim(db: Database, input: NewClaim, actor: Actor, clock: Clock) {
  assertCanWrite(actor);
  // Employers report work accidents (JKK) of their own workers; everything else is a branch intake.
  const asEmployer = ownEmployer(actor);
  if (asEmployer !== null) {
    if (input.benefit !== 'JKK')
      throw new ForbiddenError(
        'Pemberi kerja hanya melaporkan kecelakaan kerja (JKK) / Employers report work accidents (JKK) only',
      );
  } else assertOfficer(actor);
  if (!ASSESSED_BENEFITS.includes(input.benefit))
    throw new ValidationError(
      `benefit: klaim ${input.benefit} belum dapat diproses / ${input.benefit} claims cannot be processed yet`,
    );
  const p = await personInScope(db, registryScope(actor), input.participant_id);
  checkDate('event_date', input.event_date, clock);
  const kind =
    input.benefit === 'JHT'
      ? (input.kind ?? 'full')
      : input.benefit === 'JKK'
        ? (input.kind ?? 'stmb')
        : input.benefit === 'JP'
          ? (input.kind ?? 'old_age')
          : null;
  const kinds: readonly string[] =
    input.benefit === 'JKK' ? JKK_KINDS : input.benefit === 'JP' ? JP_KINDS : JHT_KINDS;
  if (kind && !kinds.includes(kind))
    throw new ValidationError(`kind: harus ${kinds.join('|')} / must be ${kinds.join('|')} (got "${kind}")`);
  if (
    input.benefit === 'JKP' &&
    !(TERMINATION_REASONS as readonly string[]).includes(input.termination ?? '')
  )
    throw new ValidationError(
      `termination: alasan wajib, salah satu ${TERMINATION_REASONS.join('|')} / reason required, one of ${TERMINATION_REASONS.join('|')}`,
    );
  const survivor =
    input.benefit === 'JKM' ||
    input.benefit === 'BEASISWA' ||
    kind === 'death' ||
    (input.benefit === 'JP' && (JP_SURVIVOR_KINDS as readonly string[]).includes(kind ?? ''));
  if (survivor && !input.payee_related_id)
    throw new ValidationError(
      'payee_related_id: klaim ahli waris wajib menyebut penerima / a survivor claim needs the heir paid',
    );
  let payeeName = p.full_name.toUpperCase();
  let bank = input.bank_code ?? null;
  let account = input.account_number ?? null;
  if (input.payee_related_id) {
    const heir = await db
      .selectFrom('related_persons')
      .selectAll()
      .where('id', '=', input.payee_related_id)
      .where('participant_id', '=', p.id)
      .executeTakeFirst();
    if (!heir) throw new NotFoundError('payee_related_id: ahli waris tidak ditemukan / heir not found');
    payeeName = heir.full_name.toUpperCase();
    bank ??= heir.bank_code;
    account ??= heir.account_number;
  } else if (!bank) {
    const acc = await db
      .selectFrom('participant_bank_accounts')
      .selectAll()
      .where('participant_id', '=', p.id)
      .where('verified_on', 'is not', null)
      .orderBy('verified_on', 'desc')
      .executeTakeFirst();
    if (acc) {
      bank = acc.bank_code;
      account = acc.account_number;
      payeeName = acc.holder_name.toUpperCase();
    }
  }
  if (!bank || !account || !/^[A-Z]{2,10}$/.test(bank) || !/^\d{6,20}$/.test(account))
    throw new ValidationError(
      'account_number: rekening penerima wajib (bank 2–10 huruf, nomor 6–20 angka) / a payee account is required (bank 2–10 letters, number 6–20 digits)',
    );
  const children = input.benefit === 'BEASISWA' ? (input.children ?? []) : [];
  if (input.benefit === 'BEASISWA' && !children.length)
    throw new ValidationError('children: minimal satu anak / at least one child');
  const employer = await db
    .selectFrom('employments')
    .select('employer_id')
    .where('participant_id', '=', p.id)
    .where('started_on', '<=', input.event_date)
    .$if(asEmployer !== null, (q) => q.where('employer_id', '=', asEmployer!))
    .orderBy('started_on', 'desc')
    .executeTakeFirst();
  if (asEmployer !== null && !employer)
    throw new NotFoundError(
      'participant_id: peserta tidak bekerja di sini pada tanggal itu / not employed here on that date',
    );
  return db.transaction().execute(async (trx) => {
    const dup = await trx
      .selectFrom('claims')
      .select(['id', 'status'])
      .where('participant_id', '=', p.id)
      .where('benefit', '=', input.benefit)
      .where('event_date', '=', input.event_date)
      .where(sql<boolean>`coalesce(kind, '') = ${kind ?? ''}`)
      .$if(input.benefit === 'JP', (q) =>
        q.where(
          sql<boolean>`payee_related_id is not distinct from ${input.payee_related_id ?? null}::bigint`,
        ),
      )
      .where('status', '<>', 'rejected')
      .executeTakeFirst();
    if (dup)
      throw new ConflictError(
        `claim: klaim yang sama sudah ada (#${dup.id}, ${dup.status}) / the same claim exists`,
      );
    const c = await trx
      .insertInto('claims')
      .values({
        participant_id: p.id,
        benefit: input.benefit,
        kind,
        event_date: input.event_date,
        termination: input.termination ?? null,
        employer_id: employer?.employer_id ?? null,
        payee_related_id: input.payee_related_id ?? null,
        payee_name: payeeName,
        bank_code: bank!,
        account_number: account!,
        children: sql<string[]>`${children.map(Number)}::bigint[]`,
        region_code: p.village_code,
        filed_by_kind: filedByKind(actor, asEmployer),
        details: JSON.stringify(input.details ?? {}),
        reported_at: input.benefit === 'JKK' ? clock.now() : null,
        filed_by: actor.userId,
        filed_at: clock.now(),
        note: input.note ?? null,
      })
      .returning(['id', 'status'])
      .executeTakeFirstOrThrow();
    const received = new Set(input.documents ?? []);
    await trx
      .insertInto('claim_documents')
      .values(
        documentsFor(input.benefit, kind).map((d) => ({
          claim_id: c.id,
          code: d.code,
          required: d.required,
          received: received.has(d.code),
          checked_by: received.has(d.code) ? actor.userId : null,
          checked_at: received.has(d.code) ? clock.now() : null,
        })),
      )
      .execute();
    await recordAudit(trx, actor, 'file', 'claim', String(c.id), null, { ...input, kind });
    return c;
  });
}

/** Ticks documents as received (or not) on the checklist. Unknown codes are refused. */
export async function checkDocuments(
  db: Database,
  claimId: number,
  docs: Record<string, boolean>,
  actor: Actor,
  clock: Clock,
) {
  assertOfficer(actor);
  const c = await claimInScope(db, actor, claimId);
  if (c.status !== 'submitted' && c.status !== 'verified')
    throw new ConflictError(`status: klaim berstatus ${c.status} / claim is ${c.status}`);
  const known = new Set(documentsFor(c.benefit as ClaimBenefit, c.kind).map((d) => d.code));
  for (const code of Object.keys(docs))
    if (!known.has(code))
      throw new ValidationError(`documents.${code}: dokumen tidak dikenal / unknown document`);
  await db.transaction().execute(async (trx) => {
    for (const [code, received] of Object.entries(docs))
      await trx
        .updateTable('claim_documents')
        .set({ received, checked_by: actor.userId, checked_at: clock.now() })
        .where('claim_id', '=', claimId)
        .where('code', '=', code)
        .execute();
    await recordAudit(trx, actor, 'check_documents', 'claim', String(claimId), null, docs);
  });
}

function move(from: string, to: ClaimStatus) {
  if (!NEXT[from as ClaimStatus]?.includes(to))
    throw new ConflictError(
      `status: klaim berstatus ${from}, tidak dapat menjadi ${to} / a ${from} claim cannot become ${to}`,
    );
}

/**
 * Verification: every required document received, then the assessment from the member's history
 * through the rules calculators, stored on the claim with its explanation.
 */
export async function verifyClaim(db: Database, claimId: number, actor: Actor): Promise<Assessment> {
  assertOfficer(actor);
  const c = await claimInScope(db, actor, claimId);
  move(c.status, 'verified');
  const docs = await db.selectFrom('claim_documents').selectAll().where('claim_id', '=', claimId).execute();
  const missing = missingDocuments(docs);
  if (missing.length)
    throw new ValidationError(
      `documents: dokumen wajib belum diterima / required documents missing: ${missing.join(', ')}`,
    );
  const a = await assessClaim(db, c);
  await db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('claims')
      .set({
        status: 'verified',
        verified_by: actor.userId,
        verified_at: new Date(),
        eligible: a.eligible,
        amount: a.amount,
        assessment: JSON.stringify(a),
      })
      .where('id', '=', claimId)
      .where('status', '=', c.status)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1)
      throw new ConflictError('status: klaim berubah bersamaan / the claim changed meanwhile');
    await recordAudit(
      trx,
      actor,
      'verify',
      'claim',
      String(claimId),
      { status: c.status },
      { eligible: a.eligible, amount: a.amount },
    );
  });
  return a;
}

export interface DecisionInput {
  outcome: 'approved' | 'rejected';
  reason_code?: string | null;
  note?: string | null;
}

/**
 * The decision, by a second person: never the verifier (maker-checker). Approval recomputes the
 * assessment from the history and refuses when it changed since verification or is not eligible;
 * the decision row stores the explanation it was based on.
 */
export async function decideClaim(db: Database, claimId: number, input: DecisionInput, actor: Actor) {
  assertOfficer(actor);
  const c = await claimInScope(db, actor, claimId);
  move(c.status, input.outcome);
  if (c.verified_by !== null && c.verified_by === actor.userId)
    throw new ForbiddenError(
      'Petugas yang memverifikasi tidak boleh memutuskan / the verifier may not decide (maker-checker)',
    );
  if (input.outcome === 'approved' && c.status !== 'verified')
    throw new ConflictError('status: klaim harus diverifikasi dulu / the claim must be verified first');
  let explanation: unknown = c.assessment ?? { note: 'rejected before verification' };
  let amount = 0;
  if (input.outcome === 'approved') {
    const a = await assessClaim(db, c);
    if (!a.eligible)
      throw new ConflictError(
        'outcome: klaim tidak memenuhi syarat, tolak dengan alasan / not eligible: reject it with a reason',
      );
    if (a.amount !== c.amount)
      throw new ConflictError(
        `amount: jumlah berubah sejak verifikasi (${c.amount} → ${a.amount}), verifikasi ulang / the amount changed since verification, verify again`,
      );
    explanation = a;
    amount = a.amount;
  } else if (!input.reason_code) {
    throw new ValidationError('reason_code: alasan penolakan wajib / a rejection needs a reason code');
  }
  if (input.reason_code) {
    const known = await db
      .selectFrom('claim_reasons')
      .select('code')
      .where('code', '=', input.reason_code)
      .executeTakeFirst();
    if (!known)
      throw new ValidationError(
        `reason_code: kode alasan tidak dikenal / unknown reason code "${input.reason_code}"`,
      );
  }
  return db.transaction().execute(async (trx) => {
    const r = await trx
      .updateTable('claims')
      .set({ status: input.outcome })
      .where('id', '=', claimId)
      .where('status', '=', c.status)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1)
      throw new ConflictError('status: klaim berubah bersamaan / the claim changed meanwhile');
    // A JP monthly pension is paid by the monthly pension runs, not as one claim payment: the claim
    // is in payment from the decision, and the pension row carries the amount, payee and months.
    const facts = (
      explanation as { facts?: { payment?: string; startPeriod?: string; endPeriod?: string | null } }
    ).facts;
    const pension = input.outcome === 'approved' && c.benefit === 'JP' && facts?.payment === 'monthly';
    if (pension) {
      await trx.updateTable('claims').set({ status: 'in_payment' }).where('id', '=', claimId).execute();
      await openPension(
        trx,
        {
          claimId,
          participantId: c.participant_id,
          kind: c.kind ?? 'old_age',
          beneficiaryRelatedId: c.payee_related_id,
          payeeName: c.payee_name,
          bankCode: c.bank_code,
          accountNumber: c.account_number,
          regionCode: c.region_code,
          monthlyAmount: amount,
          startPeriod: facts.startPeriod!,
          endPeriod: facts.endPeriod ?? null,
        },
        actor,
      );
    }
    await trx
      .insertInto('claim_decisions')
      .values({
        claim_id: claimId,
        outcome: input.outcome,
        reason_code: input.outcome === 'rejected' ? input.reason_code! : null,
        note: input.note ?? null,
        amount,
        explanation: JSON.stringify(explanation),
        decided_by: actor.userId,
        verified_by: c.verified_by,
      })
      .execute();
    await recordAudit(
      trx,
      actor,
      input.outcome === 'approved' ? 'approve' : 'reject',
      'claim',
      String(claimId),
      { status: c.status },
      { ...input, amount },
    );
    return { id: claimId, status: pension ? 'in_payment' : input.outcome, amount };
  });
}

/** Approved claims not yet in a batch go out as bank batches (one per bank), status in_payment. */
export async function batchApprovedClaims(
  db: Database,
  actor: Actor,
  o: { maxSize?: number } = {},
): Promise<MadeBatch[]> {
  assertHeadOffice(actor);
  return db.transaction().execute(async (trx) => {
    // One batching at a time (a transaction lock, not FOR UPDATE on the claims: on a Citus coordinator
    // claims are distributed and a multi-shard FOR UPDATE is refused); a second run waits, then finds
    // the claims already in payment.
    await sql`select pg_advisory_xact_lock(20261214)`.execute(trx);
    const rows = await sql<{
      id: number;
      amount: string;
      bank_code: string;
      account_number: string;
      payee_name: string;
    }>`
      select c.id, d.amount, c.bank_code, c.account_number, c.payee_name from claims c join claim_decisions d on d.claim_id = c.id
      where c.status = 'approved' and d.amount > 0 order by c.id`.execute(trx);
    const made = await writeBatches(
      trx,
      actor,
      'claims',
      rows.rows.map((r) => ({
        item_id: r.id,
        amount: Number(r.amount),
        channel: r.bank_code,
        account_number: r.account_number,
        holder_name: r.payee_name,
        attempt: 1,
      })),
      o.maxSize,
    );
    if (rows.rows.length)
      await sql`update claims set status = 'in_payment' where id in (${sql.join(rows.rows.map((r) => sql`${r.id}::bigint`))})`.execute(
        trx,
      );
    return made;
  });
}

/** Failed payments go out again (attempt + 1), to the claim's account as corrected since. */
export async function rebatchClaimFailures(db: Database, actor: Actor): Promise<MadeBatch[]> {
  assertHeadOffice(actor);
  return db.transaction().execute(async (trx) => {
    const failed = await failedItems(trx, 'claims');
    if (!failed.length) return [];
    const claims = await trx
      .selectFrom('claims')
      .select(['id', 'bank_code', 'account_number', 'payee_name'])
      .where(
        'id',
        'in',
        failed.map((f) => f.item_id),
      )
      .where('status', '=', 'in_payment')
      .execute();
    const byId = new Map(claims.map((c) => [c.id, c]));
    const items = failed
      .filter((f) => byId.has(f.item_id))
      .map((f) => {
        const c = byId.get(f.item_id)!;
        return {
          item_id: f.item_id,
          amount: f.amount,
          channel: c.bank_code,
          account_number: c.account_number,
          holder_name: c.payee_name,
          attempt: f.attempt + 1,
        };
      });
    return writeBatches(trx, actor, 'claims', items);
  });
}

/** Corrects the payee account of a claim whose payment failed (then re-batch). */
export async function correctClaimAccount(
  db: Database,
  claimId: number,
  input: { bank_code: string; account_number: string },
  actor: Actor,
) {
  assertOfficer(actor);
  const c = await claimInScope(db, actor, claimId);
  if (!['approved', 'in_payment', 'verified', 'submitted'].includes(c.status))
    throw new ConflictError(`status: klaim berstatus ${c.status} / claim is ${c.status}`);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('claims').set(input).where('id', '=', claimId).execute();
    await recordAudit(
      trx,
      actor,
      'correct_account',
      'claim',
      String(claimId),
      { bank_code: c.bank_code, account_number: c.account_number },
      input,
    );
  });
}

/**
 * Bank results for claim payments (shared disbursement import). A paid payment closes its claim
 * (status paid) and, for JHT, books the withdrawal on the account, in the same transaction.
 */
export async function importClaimResults(
  db: Database,
  actor: Actor,
  file: string,
  fileName = file,
): Promise<BankResultSummary> {
  assertHeadOffice(actor);
  return importResults(
    db,
    actor,
    {
      payments: 'disbursement_payments',
      imports: 'disbursement_results',
      source: 'claims',
      auditEntity: 'claim_bank_result',
      afterApply: async (trx, changed) => {
        const paid = changed.filter((c) => c.status === 'paid');
        if (!paid.length) return;
        const rows = await trx
          .selectFrom('disbursement_payments as y')
          .innerJoin('claims as c', 'c.id', 'y.item_id')
          .select(['y.id', 'y.item_id', 'y.amount', 'c.participant_id', 'c.benefit', 'c.status'])
          .where(
            'y.id',
            'in',
            paid.map((p) => p.id),
          )
          .execute();
        const when = new Map(paid.map((p) => [p.id, p.paidOn]));
        for (const r of rows) {
          if (r.status !== 'in_payment') continue;
          await trx.updateTable('claims').set({ status: 'paid' }).where('id', '=', r.item_id).execute();
          if (r.benefit === 'JHT')
            await recordJhtWithdrawal(trx, {
              participantId: r.participant_id,
              claimId: r.item_id,
              amount: Number(r.amount),
              paidOn: when.get(r.id) ?? isoDate(new Date()),
            });
          await recordAudit(
            trx,
            actor,
            'paid',
            'claim',
            String(r.item_id),
            { status: 'in_payment' },
            { status: 'paid', payment: r.id },
          );
        }
      },
    },
    file,
    fileName,
  );
}
