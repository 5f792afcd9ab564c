import type { ExportColumn } from '../../platform/list-export.ts';
import { word } from '../rules/words.ts';
import type { JobView } from './queries.ts';

/** The background jobs list as a file: what, state, progress, who started it, when. */
export const JOB_COLUMNS: ExportColumn<JobView>[] = [
  { header: 'Nomor / Number', value: (j) => j.id },
  {
    header: 'Pekerjaan / Job',
    value: (j, l) => word(l, `job.kind.${j.kind}`, word(l, 'job.kind.other', j.kind)),
  },
  { header: 'Keadaan / State', value: (j, l) => word(l, `job.status.${j.status}`, j.status) },
  { header: 'Selesai / Done', value: (j) => j.progress_done },
  { header: 'Dari / Of', value: (j) => j.progress_total },
  {
    header: 'Dimulai oleh / Started by',
    value: (j, l) =>
      j.created_by_name.startsWith('jadwal:') ? word(l, 'job.bySchedule', 'jadwal') : j.created_by_name,
  },
  { header: 'Dibuat / Created', value: (j) => j.created_at },
  { header: 'Selesai pada / Finished at', value: (j) => j.finished_at },
];
