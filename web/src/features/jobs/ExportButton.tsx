import { useState } from 'react';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { ErrorBox } from '../../ui/components.tsx';
import { JobProgress } from './JobProgress.tsx';
import { type Job, useJob } from './useJob.ts';

/**
 * An export that runs as a background job: the button starts it (POST `path` with `body`), the job's
 * progress shows beside it, and when it is done the file downloads (GET /api/jobs/:id/file).
 */
export function ExportButton({
  path,
  body = {},
  label,
  testId,
}: {
  path: string;
  body?: object;
  label: string;
  testId?: string;
}) {
  const { t } = useI18n();
  const [jobId, setJobId] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { job } = useJob(jobId, (j) => {
    if (j.status === 'done') window.location.assign(`/api/jobs/${j.id}/file`);
  });
  const running = !!job && (job.status === 'queued' || job.status === 'running');
  return (
    <span className="export-button">
      <button
        type="button"
        className="btn"
        data-testid={testId}
        disabled={running || (jobId !== null && !job)}
        onClick={async () => {
          setError(null);
          try {
            const r = await api<{ job: Job }>(path, { method: 'POST', body });
            setJobId(r.job.id);
          } catch (e) {
            setError(e);
          }
        }}
      >
        {running ? t('job.exporting') : label}
      </button>
      {job && job.status !== 'done' ? <JobProgress job={job} /> : null}
      {job?.status === 'done' ? (
        <a href={`/api/jobs/${job.id}/file`} data-testid={testId ? `${testId}-file` : undefined}>
          {t('job.downloadAgain')}
        </a>
      ) : null}
      {error ? <ErrorBox error={error} /> : null}
    </span>
  );
}
