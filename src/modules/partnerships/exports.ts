import { DICTS, SECTOR_ID } from '../../../web/src/features/partnerships/text.ts';
import { type ExportColumn, word } from '../../platform/list-export.ts';
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
