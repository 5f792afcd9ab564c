import { DICTS } from '../../../web/src/features/subsidy/text.ts';
import type { ExportColumn } from '../../platform/list-export.ts';
import { word } from '../rules/words.ts';

interface AppealListRow {
  id: number;
  run_id: number;
  full_name: string;
  filed_by_kind: string;
  filed_by_role: string | null;
  grounds: string;
  status: string;
  decision_note: string | null;
  created_at: Date;
  decided_at: Date | null;
}

/** Who filed it, as the appeals page says it (an officer's filing says so whatever its kind). */
function filedBy(a: AppealListRow): string {
  if (a.filed_by_role && ['admin', 'branch_officer'].includes(a.filed_by_role)) return 'filedBy.officer';
  return a.filed_by_kind === 'employer' ? 'filedBy.employer' : 'filedBy.participant';
}

/** The wage-subsidy appeals as a file: the columns the web's list shows, codes in its words. */
export const APPEAL_COLUMNS: ExportColumn<AppealListRow>[] = [
  { header: 'Nomor / Number', value: (a) => a.id },
  { header: 'Penyaringan / Screening run', value: (a) => a.run_id },
  { header: 'Nama / Name', value: (a) => a.full_name },
  { header: 'Alasan sanggahan / Grounds', value: (a) => a.grounds },
  { header: 'Diajukan oleh / Filed by', value: (a, l) => word(l, filedBy(a), a.filed_by_kind, DICTS) },
  { header: 'Status / Status', value: (a, l) => word(l, `appealStatus.${a.status}`, a.status, DICTS) },
  { header: 'Catatan keputusan / Decision note', value: (a) => a.decision_note },
  { header: 'Diajukan pada / Filed at', value: (a) => a.created_at },
  { header: 'Diputuskan pada / Decided at', value: (a) => a.decided_at },
];
