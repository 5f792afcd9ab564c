import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { SYSTEM } from '../access/policy.ts';
import { type AgreementInput, createAgreement, createPartner } from './actions.ts';

/** Every demo agreement number carries this mark (and its row `synthetic`). */
export const DEMO_MARK = '/DEMO/';

/** Sponsor agreements of the demo: Pemprov Babel (APBD) and BAZNAS (zakat). Synthetic except the dates on file. */
const BAZNAS = {
  name: 'Badan Amil Zakat Nasional',
  acronym: 'BAZNAS',
  source: 'https://jpnn.com/news/baznas-gandeng-bpjs-ketenagakerjaan-bantu-pekerja-rentan',
};

export const partnerId = async (db: Database, acronym: string) =>
  (await db.selectFrom('partners').select('id').where('acronym', '=', acronym).executeTakeFirst())?.id ??
  null;

/** Pemprov Babel: the 2016 MoU (non-ASN staff) and a sponsorship of vulnerable BPU workers under a ceiling. */
export async function seedBabel(db: Database, scale: number) {
  const pid = await partnerId(db, 'Pemprov Babel');
  if (!pid) return { count: 0, sponsorIds: [] as number[] };
  const mou = await createAgreement(
    db,
    {
      number: `MOU${DEMO_MARK}PEMPROV-BABEL/VIII/2016`,
      kind: 'mou',
      partner_id: pid,
      title: 'Nota Kesepahaman Sekda Babel dan BPJS Ketenagakerjaan',
      signed_on: '2016-08-25',
      starts_on: '2016-08-25',
      region_codes: ['19'],
      worker_groups: ['non_asn'],
      payer: 'employer',
      state: 'active',
      synthetic: true,
      source_url: 'https://bkpsdmd.babelprov.go.id/content/sekda-babel-kepala-bpjs-tandatangani-mou',
      note: 'Tanggal MoU tercatat; nomor sintetis, tanpa tanggal berakhir.',
    },
    SYSTEM,
  );
  await sql`insert into agreement_members (agreement_id, participant_id, attributed_on, via)
    select ${mou.id}, p.id, greatest(p.registered_on, '2016-08-25'::date), 'officer' from participants p
    where p.province_code = '19' and p.is_non_asn order by p.id on conflict do nothing`.execute(db);
  const target = Math.max(20, Math.round(3750 / scale));
  // Budget: JKK 1% + JKM Rp6,800 on the Rp1,000,000 minimum income (Rp16,800 a month) for the target,
  // for 24 months, less a tenth, so the ceiling binds before the end if the target is reached.
  const sponsor: AgreementInput = {
    number: `PKS${DEMO_MARK}PEMPROV-BABEL/RENTAN/I/2025`,
    kind: 'pks',
    partner_id: pid,
    title: 'PKS iuran pekerja rentan dan UMKM dari APBD Provinsi',
    signed_on: '2024-12-20',
    starts_on: '2025-01-01',
    ends_on: '2026-12-31',
    segments: ['BPU'],
    programs: ['JKK', 'JKM'],
    region_codes: ['19'],
    worker_groups: ['vulnerable', 'umkm'],
    target_people: target,
    target_by: '2026-12-31',
    payer: 'sponsor',
    sponsor_shares: { JKK: 100, JKM: 100 },
    budget_ceiling: Math.round(target * 16_800 * 24 * 0.9),
    state: 'active',
    synthetic: true,
    source_url: 'https://beritaumkm.com/perlindungan-bpjs-ketenagakerjaan-untuk-umkm-babel',
    note: 'Pada 2025 Pemprov membayar iuran 3.750 pekerja UMKM (sumber). Nomor, tanggal, target (diskalakan) dan plafon sintetis.',
  };
  const pks = await createAgreement(db, sponsor, SYSTEM);
  await sql`insert into agreement_members (agreement_id, participant_id, attributed_on, via)
    select ${pks.id}, p.id, greatest(p.registered_on, '2025-01-01'::date), 'officer' from participants p
    where p.province_code = '19' and p.segment = 'BPU' and p.is_vulnerable
    order by p.registered_on, p.id limit ${Math.ceil(target * 0.75)} on conflict do nothing`.execute(db);
  return { count: 2, sponsorIds: [pks.id] };
}

/** BAZNAS (docs/rules-reference.md §1.4): zakat for mustahik BPU workers, JKK + JKM, outside Babel. */
export async function seedBaznas(db: Database, scale: number) {
  const pid =
    (await partnerId(db, BAZNAS.acronym)) ??
    (
      await createPartner(
        db,
        {
          name: BAZNAS.name,
          acronym: BAZNAS.acronym,
          type: 'zakat',
          sector: 'zakat, infak, sedekah',
          source_url: BAZNAS.source,
          note: 'Perjanjian BAZNAS–BPJS 13 Agu 2018 (JKK + JKM); diluncurkan ulang 19 Sep 2025, sasaran 2 juta pekerja rentan (docs/rules-reference.md §1.4).',
        },
        SYSTEM,
      )
    ).id;
  const target = Math.max(20, Math.round(2_000_000 / scale / 10));
  const a = await createAgreement(
    db,
    {
      number: `PKS${DEMO_MARK}BAZNAS/MUSTAHIK/IX/2025`,
      kind: 'pks',
      partner_id: pid,
      title: 'Perlindungan JKK dan JKM bagi pekerja rentan mustahik (peluncuran ulang)',
      signed_on: '2025-09-19',
      starts_on: '2025-10-01',
      ends_on: '2027-09-30',
      segments: ['BPU'],
      programs: ['JKK', 'JKM'],
      worker_groups: ['vulnerable', 'mustahik'],
      target_people: target,
      target_by: '2027-09-30',
      payer: 'sponsor',
      sponsor_shares: { JKK: 100, JKM: 100 },
      budget_ceiling: Math.round(target * 16_800 * 24),
      state: 'active',
      synthetic: true,
      source_url:
        'https://updatesore.com/gandeng-baznas-bpjs-ketenagakerjaan-sasar-perlindungan-jaminan-sosial-bagi-mustahik-46731.html',
      note: 'Tanggal peluncuran ulang tercatat; nomor, masa berlaku, target (sepersepuluh sasaran nasional, diskalakan) dan plafon sintetis.',
    },
    SYSTEM,
  );
  await sql`insert into agreement_members (agreement_id, participant_id, attributed_on, via)
    select ${a.id}, p.id, greatest(p.registered_on, '2025-10-01'::date), 'officer' from participants p
    where p.province_code <> '19' and p.segment = 'BPU' and p.is_vulnerable
      and not exists (select 1 from sponsorships s where s.participant_id = p.id)
    order by p.registered_on desc, p.id limit ${Math.round(target * 0.6)} on conflict do nothing`.execute(db);
  // Planted for the fraud review queue: one person already sponsored by Pemprov Babel enrolled again.
  await sql`insert into agreement_members (agreement_id, participant_id, attributed_on, via)
    select ${a.id}, am.participant_id, '2025-10-02', 'officer' from agreement_members am join agreements b on b.id = am.agreement_id
    where b.number like 'PKS/DEMO/PEMPROV-BABEL/RENTAN%' order by am.id limit 1 on conflict do nothing`.execute(
    db,
  );
  return { count: 1, sponsorIds: [a.id] };
}
