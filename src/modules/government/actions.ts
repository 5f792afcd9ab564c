/** Addressees, their evidence, their explained scores and the Paritrana-style ranking per category. */
import type { Clock } from '../../platform/clock.ts';
import type { Database } from '../../platform/db.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import { recordAudit } from '../access/audit.ts';
import { type Actor, assertCan, regionInScope, villageInScope } from '../access/policy.ts';
import { coverageRanking, type RankingRow } from '../coverage/ranking.ts';
import { rank } from '../coverage/rules.ts';
import type { CoverageScope } from '../coverage/scope.ts';
import { nonAsnEvidence } from '../regional/non-asn.ts';
import { type Criteria, type Evidence, loadCriteria, type Score, scoreOf } from './rules.ts';

export type Category = 'province' | 'regency_city';
const REGIONAL = ['province', 'regency', 'city'];

export interface Addressee {
  id: number;
  category: string;
  name: string;
  region_code: string | null;
  source_url: string | null;
  note: string | null;
}

const visible = (scope: CoverageScope, a: Addressee) =>
  scope.codes === null || (a.region_code !== null && regionInScope(a.region_code, scope.codes));

export async function listAddressees(db: Database, scope: CoverageScope, category?: string) {
  let q = db
    .selectFrom('gov_addressees as a')
    .leftJoin('gov_commitments as c', 'c.addressee_id', 'a.id')
    .select(['a.id', 'a.category', 'a.name', 'a.region_code', 'a.source_url', 'a.note'])
    .select((eb) => eb.fn.count<number>('c.id').as('evidence'))
    .groupBy('a.id')
    .orderBy('a.category')
    .orderBy('a.region_code')
    .orderBy('a.id');
  if (category === 'regency_city') q = q.where('a.category', 'in', ['regency', 'city']);
  else if (category) q = q.where('a.category', '=', category);
  const rows = await q.execute();
  return rows.filter((a) => visible(scope, a)).map((a) => ({ ...a, evidence: Number(a.evidence) }));
}

async function evidenceOf(db: Database, ids: number[]): Promise<Map<number, Evidence[]>> {
  const out = new Map<number, Evidence[]>();
  if (!ids.length) return out;
  const rows = await db
    .selectFrom('gov_commitments')
    .select([
      'id',
      'addressee_id',
      'kind',
      'year',
      'title',
      'status',
      'amount_rupiah',
      'used_rupiah',
      'covered',
      'eligible',
      'share_pct',
      'evidence_url',
      'synthetic',
    ])
    .where('addressee_id', 'in', ids)
    .orderBy('year', 'desc')
    .orderBy('id')
    .execute();
  for (const { addressee_id, ...r } of rows) {
    const list = out.get(addressee_id) ?? [];
    list.push({ ...r, share_pct: r.share_pct === null ? null : Number(r.share_pct) });
    out.set(addressee_id, list);
  }
  // Registered non-ASN staff of the addressee's own employers are real data: for their year they replace
  // the reported figure (regional/non-asn.ts).
  for (const [id, e] of await nonAsnEvidence(db, ids)) {
    const list = (out.get(id) ?? []).filter((x) => !(x.kind === 'non_asn' && x.year === e.year));
    list.push({
      id: -id,
      kind: 'non_asn',
      year: e.year,
      title: 'Pegawai non-ASN terdaftar (data registri)',
      status: 'registry',
      amount_rupiah: null,
      used_rupiah: null,
      covered: e.covered,
      eligible: e.eligible,
      share_pct: null,
      evidence_url: null,
      synthetic: false,
    });
    out.set(id, list);
  }
  return out;
}

export interface RankedGovernment {
  addressee: Addressee;
  coverage: Pick<RankingRow, 'coverage_pct' | 'progress_pp' | 'denominator_estimated'> | null;
  score: Score;
  rank: number | null;
}

/** Scores every addressee of a category (coverage from the rollups), ranks them, shows the caller's own. */
export async function governmentRanking(
  db: Database,
  scope: CoverageScope,
  category: Category,
  criteria: Criteria = loadCriteria(),
): Promise<{
  criteria: Omit<Criteria, 'criteria'> & {
    weights: Array<{ key: string; weight: number; assumed: boolean }>;
  };
  rows: RankedGovernment[];
  total_ranked: number;
  meta: unknown;
}> {
  const level = category === 'province' ? 1 : 2;
  const all: CoverageScope = { codes: null, minCell: scope.minCell, names: scope.names };
  const cov = await coverageRanking(db, all, { level });
  const byCode = new Map(cov.rows.map((r) => [r.code, r]));
  const addressees = (await listAddressees(db, all, category)) as Addressee[];
  const evidence = await evidenceOf(
    db,
    addressees.map((a) => a.id),
  );
  const rows = addressees.map((a): RankedGovernment => {
    const c = a.region_code ? byCode.get(a.region_code) : undefined;
    return {
      addressee: a,
      coverage: c
        ? {
            coverage_pct: c.coverage_pct,
            progress_pp: c.progress_pp,
            denominator_estimated: c.denominator_estimated,
          }
        : null,
      score: scoreOf(criteria, {
        coverage_pct: c?.coverage_pct ?? null,
        progress_pp: c?.progress_pp ?? null,
        evidence: evidence.get(a.id) ?? [],
      }),
      rank: null,
    };
  });
  const ranks = rank(rows, (r) => r.score.score);
  for (const r of rows) r.rank = ranks.get(r) ?? null;
  const { criteria: list, ...head } = criteria;
  return {
    criteria: {
      ...head,
      weights: list.map((c) => ({ key: c.key, weight: c.weight, assumed: c.weight_assumed })),
    },
    rows: rows.filter((r) => visible(scope, r.addressee)).sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9)),
    total_ranked: rows.length,
    meta: cov.meta,
  };
}

/** One addressee with its evidence and, for regional governments, its explained score and rank. */
export async function addresseeDetail(db: Database, scope: CoverageScope, id: number) {
  const a = await db.selectFrom('gov_addressees').selectAll().where('id', '=', id).executeTakeFirst();
  if (!a) throw new NotFoundError(`id: penerima Inpres ${id} tidak ditemukan / addressee not found`);
  if (!visible(scope, a)) throw new ForbiddenError();
  const commitments = await db
    .selectFrom('gov_commitments')
    .selectAll()
    .where('addressee_id', '=', id)
    .orderBy('year', 'desc')
    .orderBy('id')
    .execute();
  if (!REGIONAL.includes(a.category))
    return {
      addressee: a,
      commitments,
      score: null,
      rank: null,
      note: 'Tidak dinilai: bukan kategori Paritrana daerah / not scored: no regional Paritrana category',
    };
  const ranking = await governmentRanking(
    db,
    { ...scope, codes: null },
    a.category === 'province' ? 'province' : 'regency_city',
  );
  const mine = ranking.rows.find((r) => r.addressee.id === id);
  return {
    addressee: a,
    commitments,
    score: mine?.score ?? null,
    rank: mine?.rank ?? null,
    total_ranked: ranking.total_ranked,
    criteria: ranking.criteria,
    coverage: mine?.coverage ?? null,
  };
}

export interface NewCommitment {
  kind: 'regulation' | 'budget' | 'non_asn' | 'village' | 'licensing' | 'innovation' | 'other';
  year: number;
  title: string;
  status?: string;
  amount_rupiah?: number | null;
  used_rupiah?: number | null;
  covered?: number | null;
  eligible?: number | null;
  share_pct?: number | null;
  evidence_url?: string | null;
  note?: string | null;
}

/** Records one piece of evidence (admin, or a branch officer for an addressee in their regions); audited. */
export async function recordCommitment(
  db: Database,
  actor: Actor,
  id: number,
  input: NewCommitment,
  _clock?: Clock,
) {
  assertCan(actor, 'agreements.manage');
  const a = await db.selectFrom('gov_addressees').selectAll().where('id', '=', id).executeTakeFirst();
  if (!a) throw new NotFoundError(`id: penerima Inpres ${id} tidak ditemukan / addressee not found`);
  if (!villageInScope(actor, a.region_code))
    throw new ForbiddenError('Di luar wilayah Anda / outside your regions');
  if (input.used_rupiah && !input.amount_rupiah)
    throw new ValidationError('amount_rupiah: realisasi tanpa alokasi / used amount without an allocation');
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('gov_commitments')
      .values({
        ...input,
        share_pct: input.share_pct === null || input.share_pct === undefined ? null : String(input.share_pct),
        status: input.status ?? (input.kind === 'regulation' ? 'issued' : 'reported'),
        addressee_id: id,
        synthetic: false,
        recorded_by: actor.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, 'create', 'gov_commitment', String(row.id), null, row);
    return row;
  });
}
