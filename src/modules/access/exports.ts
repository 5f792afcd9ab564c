import { DICTS } from '../../../web/src/features/registry/text.ts';
import type { ExportColumn } from '../../platform/list-export.ts';
import { word } from '../rules/words.ts';
import type { ReviewRow } from './reviews.ts';

/** The branch office review queue as a file: the columns the web's queue shows, codes in its words. */
export const REVIEW_COLUMNS: ExportColumn<ReviewRow>[] = [
  { header: 'Nomor / Number', value: (r) => r.id },
  { header: 'Jenis / Kind', value: (r, l) => word(l, `rg.rev.kind.${r.kind}`, r.kind, DICTS) },
  { header: 'Status / Status', value: (r, l) => word(l, `rg.rev.status.${r.status}`, r.status, DICTS) },
  { header: 'NIK / NIK', value: (r) => r.nik },
  { header: 'Peserta / Participant', value: (r) => r.participant_name },
  { header: 'Perjanjian / Agreement', value: (r) => r.agreement_number },
  { header: 'Pemberi kerja / Employer', value: (r) => r.employer_name },
  { header: 'Diminta oleh / Requested by', value: (r) => r.requested_by },
  { header: 'Diminta pada / Requested at', value: (r) => `${r.requested_at} WIB` },
  { header: 'Wilayah / Region', value: (r) => r.region_name },
];
