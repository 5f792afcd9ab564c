import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { formatNumber } from '../../format.ts';
import { localize, useI18n } from '../../i18n.ts';
import { Empty, ErrorBox, Loading, StatusBadge } from '../../ui/components.tsx';
import type { ImportError, ImportJob } from './types.ts';

const POLL_MS = 600;
/** The table shows the first rows; the downloadable report has all of them. */
const SHOWN_ERRORS = 500;

/** Polls one import until it stops running, then shows its counts and the error report. */
export function ImportJobPanel({ jobId, onFinished }: { jobId: string; onFinished(): void }) {
  const { t, lang, pick } = useI18n();
  const [job, setJob] = useState<ImportJob | null>(null);
  const [errors, setErrors] = useState<ImportError[] | null>(null);
  const [failure, setFailure] = useState<unknown>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: onFinished is a stable reload callback
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const base = `/api/imports/${encodeURIComponent(jobId)}`;
    const poll = async () => {
      try {
        const { job: j } = await api<{ job: ImportJob }>(base);
        if (stopped) return;
        setJob(j);
        if (j.status === 'running') {
          timer = setTimeout(poll, POLL_MS);
          return;
        }
        onFinished();
        if (Number(j.rejected_rows ?? 0) > 0) {
          const r = await api<{ errors: ImportError[] }>(`${base}/errors?format=json`);
          if (!stopped) setErrors(r.errors);
        } else setErrors([]);
      } catch (e) {
        if (!stopped) setFailure(e);
      }
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [jobId]);

  if (failure && !job) return <ErrorBox error={failure} />;
  if (!job) return <Loading />;
  const total = Number(job.total_rows ?? 0);
  const processed =
    Number(job.accepted_rows ?? 0) + Number(job.unchanged_rows ?? 0) + Number(job.rejected_rows ?? 0);
  const pct =
    job.status === 'running'
      ? total > 0
        ? Math.min(100, Math.round((processed / total) * 100))
        : null
      : 100;
  const base = `/api/imports/${encodeURIComponent(jobId)}/errors`;

  return (
    <section className="card job" data-testid="import-job" data-status={job.status}>
      <div className="job-head">
        <h2>
          {t('imp.job', { id: job.id })}
          {job.file_name && <span className="muted"> · {job.file_name}</span>}
        </h2>
        <StatusBadge status={job.status} />
      </div>
      <div
        className={`progress${pct === null ? ' indeterminate' : ''}${job.status === 'failed' ? ' failed' : ''}`}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ?? undefined}
        data-testid="import-progress"
      >
        <div className="progress-bar" style={{ width: pct === null ? undefined : `${pct}%` }} />
      </div>
      <div className="stats compact">
        <Count label={t('imp.total')} value={job.total_rows} testId="import-total" />
        <Count label={t('imp.accepted')} value={job.accepted_rows} testId="import-accepted" tone="ok" />
        <Count label={t('imp.unchanged')} value={job.unchanged_rows} testId="import-unchanged" />
        <Count label={t('imp.rejected')} value={job.rejected_rows} testId="import-rejected" tone="bad" />
      </div>
      {job.dry_run && <p className="alert alert-info">{t('imp.dryRunNote')}</p>}
      {job.message && (
        <p className={job.status === 'failed' ? 'alert alert-error' : 'muted'} data-testid="import-message">
          {localize(job.message, lang)}
        </p>
      )}
      <ErrorBox error={failure} />
      {job.status !== 'running' && (
        <div className="job-errors">
          <div className="job-head">
            <h3>{t('imp.errors')}</h3>
            {Number(job.rejected_rows ?? 0) > 0 && (
              <span className="downloads">
                {t('imp.downloadErrors')}:{' '}
                <a href={`${base}?format=csv`} download data-testid="errors-csv">
                  CSV
                </a>{' '}
                ·{' '}
                <a href={`${base}?format=xlsx`} download data-testid="errors-xlsx">
                  XLSX
                </a>
              </span>
            )}
          </div>
          {errors === null && <Loading />}
          {errors?.length === 0 && <Empty>{t('imp.noErrors')}</Empty>}
          {errors && errors.length > 0 && (
            <div className="table-wrap">
              <table data-testid="import-errors">
                <thead>
                  <tr>
                    <th className="num">{t('imp.line')}</th>
                    <th>{t('imp.column')}</th>
                    <th>{t('imp.message')}</th>
                    <th>{t('imp.value')}</th>
                    <th>{t('imp.code')}</th>
                  </tr>
                </thead>
                <tbody>
                  {errors.slice(0, SHOWN_ERRORS).map((e, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: one line may carry several errors
                    <tr key={i} data-testid="import-error-row" data-line={e.line}>
                      <td className="num" data-testid="import-error-line">
                        {e.line}
                      </td>
                      <td className="mono">{e.column ?? '—'}</td>
                      <td data-testid="import-error-message">{pick(e.message_id, e.message_en)}</td>
                      <td className="mono">{e.value ?? ''}</td>
                      <td className="mono muted">{e.code}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {errors.length > SHOWN_ERRORS && (
                <p className="muted small">
                  {formatNumber(SHOWN_ERRORS)} / {formatNumber(errors.length)}
                </p>
              )}
            </div>
          )}
        </div>
      )}
    </section>
  );
}

function Count({
  label,
  value,
  testId,
  tone,
}: {
  label: string;
  value: number | null;
  testId: string;
  tone?: string;
}) {
  return (
    <div className={`stat${tone ? ` stat-${tone}` : ''}`}>
      <span className="stat-label">{label}</span>
      <span className="stat-value" data-testid={testId}>
        {value === null || value === undefined ? '…' : formatNumber(value)}
      </span>
    </div>
  );
}
