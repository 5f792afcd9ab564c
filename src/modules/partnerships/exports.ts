import { DICTS, SECTOR_ID } from '../../../web/src/features/partnerships/text.ts';
import type { ExportColumn } from '../../platform/list-export.ts';
import { word } from '../rules/words.ts';
import type { PerformanceRow } from './performance.ts';
import type { PartnerRow } from './queries.ts';

/** The partners list as a file: the columns the web's list shows, types and sectors in its words. */
export const PARTNER_COLUMNS: ExportColumn<PartnerRow>[] = [
  { header: 'Mitra / Partner', value: (p) => p.name },
  { header: 'Singkatan / Acronym', value: (p) => p.acronym },
  { header: 'Jenis / Type', value: (p, l) => word(l, `ptype.${p.type}`, p.type.replace(/_/g, ' '), DICTS) },
  {
    header: 'Sektor / Sector',
    value: (p, l) => (p.sector && l === 'id' ? (SECTOR_ID[p.sector] ?? p.sector) : p.sector),
  },
  { header: 'Wilayah / Region', value: (p) => p.region_name },
  { header: 'Perjanjian / Agreements', value: (p) => p.agreements },
  { header: 'Perusahaan anggota / Member companies', value: (p) => p.member_companies },
];

/** The agreement-performance table as a file, in the order the table is sorted. */
export const PERFORMANCE_COLUMNS: ExportColumn<PerformanceRow>[] = [
  { header: 'Nomor / Number', value: (r) => r.number },
  { header: 'Mitra / Partner', value: (r) => r.partner_name },
  { header: 'Status / Status', value: (r, l) => word(l, `status.${r.status}`, r.status, DICTS) },
  { header: 'Target (orang) / Target (people)', value: (r) => r.target_people },
  { header: 'Target pada / Target by', value: (r) => r.target_by },
  { header: 'Terdaftar / Registered', value: (r) => r.registered },
  { header: 'Aktif / Active', value: (r) => r.active },
  { header: 'Selisih target / Gap (target)', value: (r) => r.gap_to_target },
  { header: 'Selisih laju / Gap (pace)', value: (r) => r.gap_to_pace },
  { header: 'Perlu per bulan / Needed per month', value: (r) => r.needed_per_month },
];
