/**
 * Addressees of Inpres 2/2021 (rules.md §5): the central addressees named in the sources, and every
 * province, regency and city from `regions`. Real evidence where rules.md/db/reference give it; clearly
 * labelled synthetic evidence for a subset when the database is the demo sample.
 */
import { sql } from 'kysely';
import type { Database, DbHandle } from '../../platform/db.ts';
import { ensureCoverageReference } from '../coverage/seed.ts';

const SETKAB =
  'https://setkab.go.id/en/president-jokowi-issues-presidential-instruction-to-improve-workers-social-security-program/';
const UNNAMED =
  'Inpres 2/2021 names 19 ministers; the sources on file name only these (rules.md §5). The other 13 are UNCONFIRMED and not seeded.';

const CENTRAL: Array<{ category: string; name: string; note: string }> = [
  {
    category: 'coordinating_ministry',
    name: 'Menteri Koordinator Bidang Pembangunan Manusia dan Kebudayaan',
    note: 'Koordinator; melapor ke Presiden tiap 6 bulan',
  },
  { category: 'coordinating_ministry', name: 'Menteri Koordinator Bidang Perekonomian', note: UNNAMED },
  { category: 'ministry', name: 'Menteri Ketenagakerjaan', note: UNNAMED },
  {
    category: 'ministry',
    name: 'Menteri Dalam Negeri',
    note: 'Mendorong kepala daerah menganggarkan (Permendagri 27/2021, 15/2024)',
  },
  { category: 'ministry', name: 'Menteri Luar Negeri', note: UNNAMED },
  { category: 'ministry', name: 'Menteri Agama', note: UNNAMED },
  {
    category: 'agency',
    name: 'Kepala Badan Koordinasi Penanaman Modal (BKPM)',
    note: 'Dictum on business licensing UNCONFIRMED',
  },
  { category: 'agency', name: 'Kepala Badan Nasional Penanggulangan Bencana (BNPB)', note: '' },
  { category: 'agency', name: 'Ketua Dewan Jaminan Sosial Nasional (DJSN)', note: '' },
  { category: 'agency', name: 'Direksi BPJS Ketenagakerjaan', note: '' },
  { category: 'attorney_general', name: 'Jaksa Agung', note: 'Penegakan kepatuhan; Jaksa Pengacara Negara' },
];

/** Seeds the addressees once (idempotent through the unique keys). */
export async function ensureAddressees(db: Database): Promise<void> {
  await db
    .insertInto('gov_addressees')
    .values(CENTRAL.map((c) => ({ ...c, source_url: SETKAB, note: c.note || null })))
    .onConflict((oc) => oc.doNothing())
    .execute();
  await sql`insert into gov_addressees (category, name, region_code, source_url, note)
    select case when level = 1 then 'province' when kind = 'kota' then 'city' else 'regency' end,
      case when level = 1 then 'Pemerintah Provinsi ' || name else 'Pemerintah ' || name end, code, ${SETKAB},
      'Gubernur / bupati / wali kota: regulasi daerah, anggaran, kepesertaan non-ASN dan pekerja rentan'
    from regions where level in (1, 2)
    on conflict do nothing`.execute(db);
}

interface Seeded {
  addressee: { region?: string; name?: string };
  kind: string;
  year: number;
  title: string;
  status: string;
  covered?: number;
  evidence_url: string;
  note: string;
}

const REPUBLIKA =
  'https://news.republika.co.id/berita/pcrf48453/wapres-beri-award-kepada-pemenang-jamsos-ketenagakerjaan';
const SUARA_2019 = 'https://suara.com/news/2019/07/03/125838';
const BANGDA_2022 = 'https://bangda.kemendagri.go.id/berita/baca_kontent/894';
const award = (region: string, edition: number, place: number, url: string): Seeded => ({
  addressee: { region },
  kind: 'other',
  year: edition,
  title: `Paritrana Award ${edition}: peringkat ${place}`,
  status: 'verified',
  evidence_url: url,
  note: 'rules.md §6 (edition = assessment year; URL slug truncated there where no slug is shown)',
});

/** Facts from rules.md §5–§7 and db/reference/partners.csv. */
const REAL: Seeded[] = [
  {
    addressee: { name: 'Menteri Dalam Negeri' },
    kind: 'regulation',
    year: 2021,
    title:
      'Permendagri 27/2021 (pedoman APBD 2022: non-ASN, penyelenggara pemilu, pekerja rentan, pekerja BUMD)',
    status: 'issued',
    evidence_url:
      'https://suaratanjab.com/sosialisasi-terkait-inpres-no-2-tahun-2021-diikuti-wabup-dan-sekda/',
    note: 'rules.md §5',
  },
  {
    addressee: { name: 'Menteri Dalam Negeri' },
    kind: 'regulation',
    year: 2024,
    title: 'Permendagri 15/2024 (pedoman APBD 2025: cakupan naik 20 poin per kab/kota)',
    status: 'issued',
    evidence_url: 'https://babel.antaranews.com/berita/471081',
    note: 'rules.md §5, §7.2',
  },
  {
    addressee: { name: 'Jaksa Agung' },
    kind: 'other',
    year: 2021,
    title: 'Penegakan kepatuhan pemberi kerja oleh Jaksa Pengacara Negara',
    status: 'reported',
    evidence_url: 'https://observerid.com/presidential-instruction-issued-to-optimize-social-security/',
    note: 'rules.md §5',
  },
  {
    addressee: { region: '19' },
    kind: 'other',
    year: 2016,
    title: 'MoU Sekda Babel – BPJS Ketenagakerjaan (25 Agu 2016)',
    status: 'verified',
    evidence_url: 'https://bkpsdmd.babelprov.go.id/content/sekda-babel-kepala-bpjs-tandatangani-mou',
    note: 'db/reference/partners.csv',
  },
  {
    addressee: { region: '19' },
    kind: 'budget',
    year: 2025,
    title: 'Pemprov membayar iuran 3.750 pekerja UMKM',
    status: 'reported',
    covered: 3750,
    evidence_url: 'https://beritaumkm.com/perlindungan-bpjs-ketenagakerjaan-untuk-umkm-babel',
    note: 'db/reference/partners.csv; amount not published',
  },
  {
    addressee: { region: '61' },
    kind: 'regulation',
    year: 2025,
    title: 'Perda Kalimantan Barat dengan target UCJ 61% pada 2026',
    status: 'issued',
    evidence_url:
      'https://borneoreview.co/gubernur-kalbar-ajak-pemda-tingkatkan-kepesertaan-bpjs-ketenagakerjaan',
    note: 'Number/year of the Perda not stated in the source',
  },
  award('33', 2017, 1, REPUBLIKA),
  award('35', 2017, 2, REPUBLIKA),
  award('31', 2017, 3, REPUBLIKA),
  award('33.72', 2017, 1, REPUBLIKA),
  award('35.09', 2017, 2, REPUBLIKA),
  award('33', 2018, 1, SUARA_2019),
  award('16', 2018, 2, SUARA_2019),
  award('19', 2018, 3, SUARA_2019),
  award('71.72', 2018, 1, SUARA_2019),
  award('21.72', 2018, 2, SUARA_2019),
  award('73.71', 2018, 3, SUARA_2019),
  award('32', 2021, 1, BANGDA_2022),
  award('92', 2021, 2, BANGDA_2022),
  award('31', 2021, 3, BANGDA_2022),
  award('96.03', 2021, 1, BANGDA_2022),
  award('35.09', 2021, 2, BANGDA_2022),
  award('71.71', 2021, 3, BANGDA_2022),
  {
    ...award(
      '19.04',
      2023,
      2,
      'https://wartapublik.com/2023/06/12/pemkab-bangka-tengah-juara-terbaik-kedua-paritrana-award-2023/',
    ),
    note: 'rules.md §7.3 (Bangka Tengah, terbaik kedua)',
  },
];

async function addresseeId(db: Database, a: Seeded['addressee']): Promise<number | undefined> {
  let q = db.selectFrom('gov_addressees').select('id');
  q = a.region ? q.where('region_code', '=', a.region) : q.where('name', '=', a.name ?? '');
  return (await q.executeTakeFirst())?.id;
}

/** Real evidence, once each (matched on addressee and title). */
export async function ensureRealEvidence(db: Database): Promise<void> {
  for (const s of REAL) {
    const id = await addresseeId(db, s.addressee);
    if (!id) continue;
    const exists = await db
      .selectFrom('gov_commitments')
      .select('id')
      .where('addressee_id', '=', id)
      .where('title', '=', s.title)
      .executeTakeFirst();
    if (exists) continue;
    const { addressee: _a, ...row } = s;
    await db
      .insertInto('gov_commitments')
      .values({ ...row, addressee_id: id, synthetic: false })
      .execute();
  }
}

/**
 * Synthetic evidence for about half the provinces and a third of regencies/cities, drawn by a hash of the
 * region code so every demo database gets the same picture. Every row says it is synthetic.
 */
export async function seedSyntheticEvidence(db: Database, year: number): Promise<number> {
  const done = await db
    .selectFrom('gov_commitments')
    .select('id')
    .where('synthetic', '=', true)
    .executeTakeFirst();
  if (done) return 0;
  const note = 'CONTOH SINTETIS untuk demo / synthetic demo evidence — not a real commitment';
  const r = await sql`
    with a as (
      select id, region_code, ('x' || substr(md5(region_code), 1, 8))::bit(32)::bigint::float8 / 4294967295 as u,
        ('x' || substr(md5(region_code), 9, 8))::bit(32)::bigint::float8 / 4294967295 as v
      from gov_addressees where region_code is not null
    ), pick as (select * from a where u < case when length(region_code) = 2 then 0.55 else 0.35 end)
    insert into gov_commitments (addressee_id, kind, year, title, status, amount_rupiah, used_rupiah, covered,
      eligible, share_pct, note, synthetic)
    select id, 'regulation', ${year}::int, case when v < 0.6 then 'Perda jaminan sosial ketenagakerjaan' else 'Rancangan Perkada' end,
      case when v < 0.6 then 'issued' else 'draft' end, null::bigint, null::bigint, null::bigint, null::bigint,
      null::numeric, ${note}::text, true from pick
    union all
    select id, 'budget', ${year}::int, 'APBD iuran pekerja rentan', 'reported',
      (500 + floor(v * 9500))::bigint * 1000000, floor((500 + floor(v * 9500)) * (0.4 + 0.6 * u))::bigint * 1000000,
      null, null, null, ${note}::text, true from pick where v > 0.2
    union all
    select id, 'non_asn', ${year}::int, 'Pegawai non-ASN terlindungi', 'reported', null, null,
      floor((200 + v * 3000) * (0.3 + 0.7 * u))::bigint, (200 + floor(v * 3000))::bigint, null, ${note}::text, true from pick
    union all
    select id, 'village', ${year}::int, 'Desa melindungi perangkat desa', 'reported', null, null, null, null,
      round((20 + 80 * u * v)::numeric, 2), ${note}::text, true from pick where u < 0.3
    union all
    select id, 'licensing', ${year}::int, 'Kepesertaan sebagai syarat izin usaha daerah', 'reported', null, null, null, null,
      null, ${note}::text, true from pick where v > 0.7`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** Coverage's reference (targets) plus the addressees and their real evidence; idempotent. */
export async function ensureGovernmentReference(h: DbHandle): Promise<void> {
  await ensureCoverageReference(h);
  await ensureAddressees(h.db);
  await ensureRealEvidence(h.db);
}

/** The reference plus synthetic evidence for the demo sample's year (labelled as synthetic). */
export async function seedGovernmentDemo(h: DbHandle): Promise<void> {
  await ensureGovernmentReference(h);
  const demo = await h.db.selectFrom('demo_meta').select('reference_period').executeTakeFirst();
  if (demo) await seedSyntheticEvidence(h.db, Number(demo.reference_period.slice(0, 4)));
}
