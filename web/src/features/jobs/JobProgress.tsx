import { formatDateTime, formatNumber } from '../../format.ts';
import { type Key, translateMaybe, useI18n } from '../../i18n.ts';
import { ErrorBox } from '../../ui/components.tsx';
import type { Job } from './useJob.ts';

export function jobKindLabel(lang: 'id' | 'en', kind: string): string {
  return translateMaybe(lang, `job.kind.${kind}`, translateMaybe(lang, 'job.kind.other', kind));
}

/** A job's state in words, with a progress bar and the rate while it runs. */
export function JobProgress({ job }: { job: Job }) {
  const { t, lang } = useI18n();
  const pct =
    job.status === 'done'
      ? 100
      : job.progress_total
        ? Math.min(100, Math.floor((100 * job.progress_done) / job.progress_total))
        : null;
  return (
    <div className={`job-progress job-${job.status}`} data-testid="job-progress" data-status={job.status}>
      <div className="job-progress-head">
        <strong>{jobKindLabel(lang, job.kind)}</strong>
        <span
          className={`badge badge-${job.status === 'done' ? 'ok' : job.status === 'failed' ? 'bad' : 'info'}`}
        >
          {t(`job.status.${job.status}` as Key)}
        </span>
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-label={t('job.progress')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct ?? undefined}
      >
        <div className="progress-bar" style={{ width: `${pct ?? (job.status === 'running' ? 5 : 0)}%` }} />
      </div>
      <p className="muted small">
        {[
          pct !== null ? `${pct}%` : '',
          (job.progress_done || job.progress_total ? formatNumber(job.progress_done) : '') +
            (job.progress_total ? ` / ${formatNumber(job.progress_total)}` : ''),
          job.rate && job.status === 'running'
            ? `${formatNumber(Math.round(job.rate))} ${t('job.perSecond')}`
            : '',
          job.children ? t('job.parts', { done: job.children.done, total: job.children.total }) : '',
          job.finished_at ? `${t('job.finishedAt')} ${formatDateTime(job.finished_at, lang)}` : '',
        ]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {job.status === 'failed' && job.error ? <ErrorBox error={new Error(job.error)} /> : null}
    </div>
  );
}
