/**
 * Word lists and distributions for the synthetic sample. Shares are judgement calls unless a source is
 * named; they only need to look like the real registry, and the tests check the published ones
 * (segment mix, employer sizes, per-province counts), not these.
 */
import type { Segment, SizeClass } from '../workers/rules.ts';

// biome-ignore format: a word list reads better packed
export const MALE_FIRST = [
  'Agus', 'Budi', 'Eko', 'Rudi', 'Andi', 'Dedi', 'Hendra', 'Joko', 'Ahmad', 'Muhammad', 'Rizky', 'Fajar',
  'Dimas', 'Bayu', 'Arif', 'Yusuf', 'Irwan', 'Hadi', 'Slamet', 'Wahyu', 'Teguh', 'Bambang', 'Rahmat',
  'Putu', 'Made', 'Wayan', 'Ilham', 'Reza', 'Fikri', 'Gilang', 'Aditya', 'Yoga', 'Dani', 'Ari', 'Sigit',
  'Taufik', 'Hasan', 'Ikhsan', 'Rian', 'Surya', "Ma'ruf",
] as const;

// biome-ignore format: a word list reads better packed
export const FEMALE_FIRST = [
  'Siti', 'Sri', 'Dewi', 'Rina', 'Wulan', 'Nur', 'Ayu', 'Putri', 'Fitri', 'Indah', 'Lestari', 'Rahma',
  'Nabila', 'Aulia', 'Intan', 'Ratna', 'Yuni', 'Eka', 'Dian', 'Maya', 'Wati', 'Endang', 'Nia', 'Lina',
  'Tika', 'Ani', 'Ratih', 'Novi', 'Mega', 'Anisa', 'Kartika', 'Dwi', 'Tri', 'Nurul', 'Fatimah', 'Yanti',
  'Suci', 'Citra', 'Melati', 'Sari',
] as const;

// biome-ignore format: a word list reads better packed
export const MALE_LAST = [
  'Saputra', 'Pratama', 'Wijaya', 'Setiawan', 'Hidayat', 'Santoso', 'Nugroho', 'Kurniawan', 'Siregar',
  'Nasution', 'Harahap', 'Lubis', 'Simanjuntak', 'Sitompul', 'Hutapea', 'Tanjung', 'Rahman', 'Hakim',
  'Syahputra', 'Gunawan', 'Susanto', 'Wibowo', 'Purnomo', 'Utomo', 'Permana', 'Ramadhan', 'Firmansyah',
  'Halim', 'Pangestu', 'Manurung',
] as const;

// biome-ignore format: a word list reads better packed
export const FEMALE_LAST = [
  'Putri', 'Lestari', 'Sari', 'Anggraini', 'Wulandari', 'Rahayu', 'Handayani', 'Puspita', 'Kusuma',
  'Maharani', 'Siregar', 'Nasution', 'Lubis', 'Harahap', 'Wijaya', 'Hidayati', 'Safitri', 'Oktaviani',
  'Permatasari', 'Utami',
] as const;

// biome-ignore format: a word list reads better packed
export const COMPANY_WORD_1 = [
  'Sinar', 'Maju', 'Karya', 'Cahaya', 'Bumi', 'Mitra', 'Sentosa', 'Jaya', 'Mandiri', 'Sejahtera', 'Prima',
  'Nusantara', 'Indah', 'Makmur', 'Bintang', 'Surya', 'Graha', 'Tunas', 'Putra', 'Anugerah', 'Harapan',
  'Global', 'Lestari', 'Berkah', 'Citra', 'Delta', 'Samudra', 'Mega', 'Duta', 'Bahari',
] as const;

// biome-ignore format: a word list reads better packed
export const COMPANY_WORD_2 = [
  'Abadi', 'Jaya', 'Sentosa', 'Makmur', 'Perkasa', 'Mandiri', 'Utama', 'Sejahtera', 'Lestari', 'Persada',
  'Gemilang', 'Sukses', 'Bersama', 'Nusantara', 'Indonesia', 'Raya', 'Teknik', 'Sakti', 'Pratama',
  'Cemerlang',
] as const;

export const SHOP_WORDS = ['Toko', 'UD', 'Bengkel', 'Warung', 'Rumah Makan', 'Usaha'] as const;
// biome-ignore format: a word list reads better packed
export const AGENCIES = [
  'Dinas Pendidikan', 'Dinas Kesehatan', 'Dinas Perhubungan', 'Dinas Pekerjaan Umum', 'Dinas Sosial',
  'Dinas Lingkungan Hidup', 'Dinas Pertanian', 'Dinas Kependudukan dan Pencatatan Sipil', 'Sekretariat Daerah',
  'Badan Penanggulangan Bencana Daerah', 'Satuan Polisi Pamong Praja', 'RSUD',
] as const;

/** Mobile prefixes after the leading 08 (Telkomsel 11–13/21–23/51–53, Indosat 14–16/55–58, XL 17–19/59/77/78, Tri 95–99, Smartfren 81–89). */
// biome-ignore format: a word list reads better packed
export const PHONE_OPERATORS = [
  '11', '12', '13', '21', '22', '23', '51', '52', '53', '14', '15', '16', '55', '56', '57', '58', '17', '18',
  '19', '59', '77', '78', '95', '96', '97', '98', '99', '81', '82', '83', '87', '88', '89',
] as const;

export interface SectorProfile {
  name: string;
  /** Relative share of employers. */
  weight: number;
  /** JKK risk class range (PP 44/2015 Lampiran I: banking ~1, mining ~5; the mapping is illustrative). */
  risk: [number, number];
}

export const GOVERNMENT_SECTOR = 'Administrasi Pemerintahan';
export const CONSTRUCTION_SECTOR = 'Konstruksi';

export const SECTORS: SectorProfile[] = [
  { name: 'Perdagangan Besar dan Eceran', weight: 28, risk: [1, 2] },
  { name: 'Industri Pengolahan', weight: 14, risk: [3, 4] },
  { name: 'Penyediaan Akomodasi dan Makan Minum', weight: 12, risk: [1, 2] },
  { name: 'Pertanian, Kehutanan dan Perikanan', weight: 8, risk: [3, 4] },
  { name: CONSTRUCTION_SECTOR, weight: 7, risk: [4, 5] },
  { name: 'Transportasi dan Pergudangan', weight: 6, risk: [3, 4] },
  { name: 'Jasa Perusahaan', weight: 6, risk: [2, 3] },
  { name: 'Jasa Pendidikan', weight: 4, risk: [1, 1] },
  { name: 'Informasi dan Komunikasi', weight: 3, risk: [1, 1] },
  { name: 'Jasa Keuangan dan Asuransi', weight: 3, risk: [1, 1] },
  { name: 'Jasa Kesehatan dan Kegiatan Sosial', weight: 3, risk: [2, 2] },
  { name: 'Jasa Lainnya', weight: 3, risk: [2, 2] },
  { name: 'Pertambangan dan Penggalian', weight: 2, risk: [5, 5] },
  { name: 'Listrik, Gas dan Air', weight: 1, risk: [3, 3] },
];

export type LegalForm = 'PT' | 'CV' | 'Koperasi' | 'Yayasan' | 'Perorangan' | 'BUMN' | 'BUMD' | 'Instansi';

/** Legal form by size: micro firms are mostly sole proprietors, large ones companies, SOEs and agencies. */
export const LEGAL_FORMS: Record<SizeClass, Array<[LegalForm, number]>> = {
  micro: [
    ['Perorangan', 50],
    ['CV', 25],
    ['PT', 15],
    ['Koperasi', 6],
    ['Yayasan', 4],
  ],
  small: [
    ['PT', 45],
    ['CV', 33],
    ['Koperasi', 8],
    ['Yayasan', 8],
    ['Perorangan', 6],
  ],
  medium: [
    ['PT', 70],
    ['CV', 8],
    ['Yayasan', 6],
    ['Koperasi', 5],
    ['BUMD', 3],
    ['Instansi', 8],
  ],
  large: [
    ['PT', 72],
    ['BUMN', 7],
    ['BUMD', 5],
    ['Instansi', 10],
    ['Yayasan', 4],
    ['Koperasi', 2],
  ],
};

/**
 * Planned headcount per size class before it is scaled to the province's PU total (BPS size bands:
 * micro 1–4, small 5–19, medium 20–99, large 100+). Large firms follow a Pareto tail (alpha 4/3, capped),
 * which with the national size split (national_figures.csv, Dec 2025) puts ~80% of PU workers in
 * large firms and gives ~29 workers per employer, as 25.4M PU / 0.88M employers does.
 */
export const HEADCOUNT_SQL = `case size_class
  when 'micro' then 1 + floor(u_w * 4)
  when 'small' then 5 + floor(u_w * 15)
  when 'medium' then 20 + floor(u_w * 80)
  else least(30000, floor(100 * power(1 - u_w, -0.75))) end`;

/** Share of a firm's workers reported below the minimum wage; small firms more often pay below UMP. */
export const BELOW_UMP_SHARE: Record<SizeClass, number> = {
  micro: 0.45,
  small: 0.3,
  medium: 0.12,
  large: 0.08,
};
export const MANAGER_SHARE = 0.03;
/** Workers reported at exactly the minimum wage: the largest single wage in real registries. */
export const AT_UMP_SHARE = 0.35;

/** Foreign-invested companies (IFICA) are medium and large PTs of any sector. */
export const FOREIGN_INVESTED_ACRONYM = 'IFICA';
export const FOREIGN_INVESTED_SHARE = 0.1;

export interface SegmentProfile {
  maleShare: number;
  /** Registration lies this many days before the reference date at most (skewed to recent). */
  registeredWithinDays: number;
  optionalJhtShare: number;
  vulnerableShare: number;
}

/**
 * Men are ~60% of the employed (BPS); construction crews are nearly all men and migrant workers mostly
 * women. PU men share kept slightly above half as the brief asks.
 */
export const SEGMENT_PROFILES: Record<Segment, SegmentProfile> = {
  PU: { maleShare: 0.56, registeredWithinDays: 0, optionalJhtShare: 0, vulnerableShare: 0 },
  BPU: { maleShare: 0.5, registeredWithinDays: 8 * 365, optionalJhtShare: 0.4, vulnerableShare: 0.25 },
  JAKON: { maleShare: 0.92, registeredWithinDays: 365, optionalJhtShare: 0, vulnerableShare: 0 },
  PMI: { maleShare: 0.35, registeredWithinDays: 730, optionalJhtShare: 0.3, vulnerableShare: 0 },
};

/** People whose NIK was issued in another region (born or first registered elsewhere). */
export const NIK_ISSUED_ELSEWHERE_SHARE = 0.03;
/** PU workers living in their employer's regency; the rest live elsewhere in the province. */
export const SAME_REGENCY_SHARE = 0.6;
/** Phones: missing, and shared by several participants (fraud checks look for these). */
export const PHONE_MISSING_SHARE = 0.05;
export const PHONE_SHARED_SHARE = 0.01;
/** PU with a raise since hiring, and with an earlier job that ended (an exit event). */
export const WAGE_CHANGE_SHARE = 0.3;
export const PRIOR_JOB_SHARE = 0.06;
/** Employer registrations start with the Jamsostek era; older dates are rare. */
export const EMPLOYERS_SINCE = '1990-01-01';
