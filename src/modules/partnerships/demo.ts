import { sql } from 'kysely';
import { type Clock, isoDate } from '../../platform/clock.ts';
import type { Database, DbHandle } from '../../platform/db.ts';
import { periodOf } from '../../platform/period.ts';
import { SYSTEM } from '../access/policy.ts';
import { createAgreement } from './actions.ts';
import { decideSponsorships } from './budget.ts';
import { seedOutreachDemo } from './demo-outreach.ts';
import { DEMO_MARK, partnerId, seedBabel, seedBaznas } from './demo-sponsors.ts';

export { DEMO_MARK };

import { checkFraud } from './fraud.ts';
import { sponsorMembers } from './members.ts';
import { getAgreement } from './queries.ts';
import { ASSOCIATION_SECTORS } from './rules.ts';

/**
 * Plausible agreements for the seeded partners, on top of the synthetic registry (seedDemo). Dates that
 * are on file are used as they are (partners.csv, docs/rules-reference.md §1.4); numbers, periods, targets and budgets
 * are invented and every such row says `synthetic`. Idempotent: does nothing when the demo agreements exist.
 */
const KADIN_NOTE =
  'Tanggal penandatanganan tidak disebutkan; 5 Des 2023 adalah tanggal pemberitaan (PKS ditandatangani sebelumnya, di Rakernas Kadin). Nomor, masa berlaku dan target sintetis.';

export interface PartnershipsDemoResult {
  skipped: boolean;
  agreements: number;
  attributed: number;
  sponsored: number;
}

async function scaleDenominator(db: Database): Promise<number> {
  const m = await db.selectFrom('demo_meta').select('scale_denominator').executeTakeFirst();
  return m?.scale_denominator ?? 200;
}

export async function seedPartnershipsDemo(h: DbHandle, clock: Clock): Promise<PartnershipsDemoResult> {
  const { db } = h;
  // Only on a demo database: synthetic agreements never go into a real registry.
  const meta = await db.selectFrom('demo_meta').select('id').executeTakeFirst();
  if (!meta) return { skipped: true, agreements: 0, attributed: 0, sponsored: 0 };
  const done = await db
    .selectFrom('agreements')
    .select('id')
    .where('number', 'like', `%${DEMO_MARK}%`)
    .executeTakeFirst();
  if (done) return { skipped: true, agreements: 0, attributed: 0, sponsored: 0 };
  const today = isoDate(clock.now());
  const scale = await scaleDenominator(db);
  let agreements = 0;
  let sponsored = 0;
  agreements += await seedKadin(db);
  agreements += await seedKemenkop(db, scale);
  agreements += await seedApeksi(db);
  const babel = await seedBabel(db, scale);
  agreements += babel.count;
  const baznas = await seedBaznas(db, scale);
  agreements += baznas.count;
  for (const id of [...babel.sponsorIds, ...baznas.sponsorIds]) {
    const a = await getAgreement(db, { kind: 'all' }, today, { id });
    sponsored += await sponsorMembers(db, a, a.starts_on);
  }
  await seedOutreachDemo(db);
  await decideSponsorships(db, periodOf(today));
  await checkFraud(db);
  const n = await sql<{ n: number }>`select count(*)::int as n from agreement_members`.execute(db);
  return { skipped: false, agreements, attributed: n.rows[0]?.n ?? 0, sponsored };
}

/** The eleven Kadin ALB associations: a PKS each; their member companies (and so their workers) attributed. */
async function seedKadin(db: Database): Promise<number> {
  const rows = await db
    .selectFrom('partners')
    .select(['id', 'acronym', 'source_url'])
    .where('type', '=', 'association')
    .execute();
  let n = 0;
  for (const p of rows) {
    const { id } = await createAgreement(
      db,
      {
        number: `PKS${DEMO_MARK}KADIN-ALB/${p.acronym}/XII/2023`,
        kind: 'pks',
        title: `Perjanjian Kerja Sama perlindungan pekerja anggota ${p.acronym}`,
        partner_id: p.id,
        signed_on: '2023-12-05',
        signed_precision: 'reported',
        starts_on: '2023-12-05',
        ends_on: '2026-12-04',
        segments: ['PU'],
        member_companies: 'all',
        payer: 'employer',
        source_url: p.source_url,
        note: KADIN_NOTE,
        synthetic: true,
        state: 'active',
      },
      SYSTEM,
    );
    await sql`insert into agreement_members (agreement_id, employer_id, attributed_on, via)
      select ${id}, em.employer_id, greatest(coalesce(em.since, '2023-12-05'::date), '2023-12-05'::date), 'membership'
      from employer_memberships em where em.partner_id = ${p.id}
      on conflict do nothing`.execute(db);
    await topUpEmployers(db, id, p.acronym ?? '');
    // Target: the workers of the member companies plus a quarter (the ones not yet reported).
    // Counted first, then written: Citus refuses to update a reference table in the statement that
    // reads the distributed tables behind agreement_people in parallel.
    const people = await sql<{
      n: number;
    }>`select count(*)::int as n from agreement_people where agreement_id = ${id}`.execute(db);
    await sql`update agreements set target_people = greatest(10, ceil(1.25 * ${people.rows[0]?.n ?? 0}::int))::int,
      target_by = '2026-12-04' where id = ${id}`.execute(db);
    n++;
  }
  return n;
}

/**
 * A small sample may give an association no member company with workers; the demo partner login would
 * then show an empty agreement. Such an agreement gets three firms of its sector with current workers,
 * attributed as brought in by a branch officer (not as members, which the registry did not say).
 */
async function topUpEmployers(db: Database, agreementId: number, acronym: string): Promise<void> {
  const have = await sql<{
    n: number;
  }>`select count(*)::int as n from agreement_people where agreement_id = ${agreementId}`.execute(db);
  if ((have.rows[0]?.n ?? 0) >= 5) return;
  const sector = ASSOCIATION_SECTORS.find((a) => a.acronym === acronym)?.sector ?? null;
  // The firms picked by a read, then inserted: on a Citus coordinator employers and agreement_members
  // are reference tables and employments distributed, and an INSERT … SELECT mixing them is refused.
  const picked = await sql<{ id: number }>`
    select e.id from employers e
    left join agreement_members am on am.employer_id = e.id
    where am.employer_id is null
      and e.id in (select m.employer_id from employments m where m.ended_on is null)
    order by (e.sector = ${sector}) desc, e.province_code = '19' desc, e.id limit 3`.execute(db);
  if (!picked.rows.length) return;
  await sql`insert into agreement_members (agreement_id, employer_id, attributed_on, via)
    select ${agreementId}, x.id, '2024-03-01'::date, 'officer'
    from unnest(${picked.rows.map((r) => Number(r.id))}::bigint[]) as x (id)
    on conflict do nothing`.execute(db);
}

async function seedKemenkop(db: Database, scale: number): Promise<number> {
  const pid = await partnerId(db, 'Kemenkop UKM');
  if (!pid) return 0;
  const { id } = await createAgreement(
    db,
    {
      number: `MOU${DEMO_MARK}KEMENKOP-UKM/XI/2020`,
      kind: 'mou',
      title: 'Nota Kesepahaman perlindungan pekerja koperasi dan UMKM',
      partner_id: pid,
      signed_on: '2020-11-04',
      starts_on: '2020-11-04',
      ends_on: '2025-11-03',
      segments: ['PU', 'BPU'],
      worker_groups: ['koperasi', 'umkm'],
      target_people: Math.max(50, Math.round(1_000_000 / scale)),
      target_by: '2025-11-03',
      payer: 'employer',
      source_url:
        'https://ekonomi.republika.co.id/berita/qj999j430/bp-jamsostek-kemenkop-ukm-lindungi-pekerja-ukm-dan-koperasi',
      note: 'Tanggal MoU tercatat; masa berlaku 5 tahun, nomor dan target sintetis. Kementerian dipecah Okt 2024: periksa penerusnya.',
      synthetic: true,
      state: 'active',
    },
    SYSTEM,
  );
  // Cooperatives registered after the MoU, attributed on their registration date.
  await sql`insert into agreement_members (agreement_id, employer_id, attributed_on, via)
    select ${id}, e.id, e.registered_on, 'officer' from employers e
    where e.legal_form = 'Koperasi' and e.registered_on between '2020-11-04' and '2025-11-03'
    order by e.id limit 400 on conflict do nothing`.execute(db);
  return 1;
}

async function seedApeksi(db: Database): Promise<number> {
  const pid = await partnerId(db, 'Apeksi');
  if (!pid) return 0;
  await createAgreement(
    db,
    {
      number: `MOU${DEMO_MARK}APEKSI/RANCANGAN`,
      kind: 'mou',
      title: 'Rancangan MoU: pekerja non-ASN dan pekerja rentan kota (dukungan Inpres 2/2021)',
      partner_id: pid,
      starts_on: '2027-01-01',
      segments: ['PU', 'BPU'],
      worker_groups: ['non_asn', 'vulnerable'],
      payer: 'sponsor',
      source_url:
        'https://www.beritasatu.com/ekonomi/757287/lindungi-pekerja-rentan-apeksi-dukung-bpjs-ketenagakerjaan',
      note: 'Hanya pernyataan dukungan 7 Apr 2021 yang tercatat; belum ada perjanjian. Rancangan sintetis.',
      synthetic: true,
      state: 'draft',
    },
    SYSTEM,
  );
  return 1;
}
