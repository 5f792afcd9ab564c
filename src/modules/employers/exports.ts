import type { ExportColumn } from '../../platform/list-export.ts';
import { word } from '../rules/words.ts';

interface EmployerListRow {
  npp: string;
  name: string;
  legal_form: string | null;
  sector: string | null;
  size_class: string | null;
  risk_class: number | null;
  province_name: string | null;
  regency_name: string | null;
  workers: number;
  status: string;
}

/** The employers list as a file: the columns the web's list shows, codes in words. */
export const EMPLOYER_COLUMNS: ExportColumn<EmployerListRow>[] = [
  { header: 'NPP / NPP', value: (e) => e.npp },
  { header: 'Nama / Name', value: (e) => e.name },
  { header: 'Bentuk badan usaha / Legal form', value: (e) => e.legal_form },
  { header: 'Sektor / Sector', value: (e) => e.sector },
  {
    header: 'Skala usaha / Size',
    value: (e, l) => (e.size_class ? word(l, `size.${e.size_class}`, e.size_class) : null),
  },
  { header: 'Kelas risiko / Risk class', value: (e) => e.risk_class },
  { header: 'Kabupaten/kota / Regency/city', value: (e) => e.regency_name },
  { header: 'Provinsi / Province', value: (e) => e.province_name },
  { header: 'Tenaga kerja / Workers', value: (e) => e.workers },
  { header: 'Status / Status', value: (e, l) => word(l, `status.${e.status}`, e.status) },
];
