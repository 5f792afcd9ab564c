import type { ExportColumn } from '../../platform/list-export.ts';
import { word } from '../rules/words.ts';

interface ParticipantListRow {
  full_name: string;
  nik: string;
  kpj: string;
  birth_date: string;
  sex: string;
  segment: string;
  province_name: string | null;
  status: string;
}

/** The participants list as a file: the columns the web's list shows, codes in words. */
export const PARTICIPANT_COLUMNS: ExportColumn<ParticipantListRow>[] = [
  { header: 'Nama / Name', value: (p) => p.full_name },
  { header: 'NIK / NIK', value: (p) => p.nik },
  { header: 'KPJ / KPJ', value: (p) => p.kpj },
  { header: 'Tanggal lahir / Birth date', value: (p) => p.birth_date },
  { header: 'Jenis kelamin / Sex', value: (p, l) => word(l, `par.sex.${p.sex}`, p.sex) },
  { header: 'Segmen / Segment', value: (p, l) => word(l, `segment.${p.segment}`, p.segment) },
  { header: 'Provinsi / Province', value: (p) => p.province_name },
  { header: 'Status / Status', value: (p, l) => word(l, `status.${p.status}`, p.status) },
];
