import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { formatDateTime } from '../../format.ts';
import { type Key, useI18n } from '../../i18n.ts';
import { ErrorBox, PageHeader } from '../../ui/components.tsx';
import { type Column, DataTable, type ListPage, useList } from '../../ui/DataTable.tsx';
import { useApi } from '../../ui/useApi.ts';
import { useSession } from '../access/session.tsx';
import { JobProgress, jobKindLabel } from './JobProgress.tsx';
import { type Job, jobEnded } from './useJob.ts';

interface Schedule {
  name: string;
  pattern: string;
  enabled: boolean;
  updated_at: string | null;
  updated_by: string | null;
}

/** Background jobs: an admin sees all of them, everyone else the ones they started; live while any runs. */
export function JobsPage() {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const jobs = useList<ListPage<Job>>('/api/jobs', {});
  const admin = user?.role === 'admin';
  const schedules = useApi<{ items: Schedule[] }>(
    admin || user?.role === 'auditor' ? '/api/schedules' : null,
  );
  const [error, setError] = useState<unknown>(null);
  const running = jobs.data?.items.some((j) => !jobEnded(j)) ?? false;

  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => jobs.reload(), 1500);
    return () => clearInterval(timer);
  }, [running, jobs]);

  const act = async (path: string, body?: unknown) => {
    setError(null);
    try {
      await api(path, { method: body ? 'PATCH' : 'POST', body });
      jobs.reload();
      schedules.reload();
    } catch (e) {
      setError(e);
    }
  };

  const columns: Column<Job>[] = [
    {
      header: t('job.col.what'),
      cell: (j) => (
        <>
          #{j.id} {jobKindLabel(lang, j.kind)}
        </>
      ),
    },
    { header: t('job.col.progress'), cell: (j) => <JobProgress job={j} />, className: 'job-cell' },
    {
      header: t('job.col.by'),
      cell: (j) => (j.created_by_name.startsWith('jadwal:') ? t('job.bySchedule') : j.created_by_name),
    },
    { header: t('job.col.created'), cell: (j) => formatDateTime(j.created_at, lang) },
    {
      header: '',
      cell: (j) =>
        !jobEnded(j) ? (
          <button type="button" className="btn" onClick={() => act(`/api/jobs/${j.id}/cancel`)}>
            {t('job.cancel')}
          </button>
        ) : j.status === 'failed' || j.status === 'cancelled' ? (
          <button type="button" className="btn" onClick={() => act(`/api/jobs/${j.id}/retry`)}>
            {t('job.retry')}
          </button>
        ) : null,
    },
  ];

  return (
    <div>
      <PageHeader title={t('job.title')} subtitle={admin ? t('job.introAdmin') : t('job.introOwn')} />
      {error ? <ErrorBox error={error} /> : null}
      <div className="card">
        <DataTable
          list={jobs}
          columns={columns}
          rowKey={(j) => j.id}
          count="list.count.jobs"
          empty={t('job.none')}
          testId="jobs-table"
          rowData={(j) => ({ 'data-testid': `job-${j.id}` })}
        />
      </div>
      {schedules.data ? (
        <section className="card">
          <h2>{t('job.schedules')}</h2>
          <div className="table-wrap">
            <table data-testid="schedules-table">
              <thead>
                <tr>
                  <th>{t('job.col.schedule')}</th>
                  <th>{t('job.col.state')}</th>
                  <th>{t('job.col.changed')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {schedules.data.items.map((s) => (
                  <tr key={s.name}>
                    <td>{t(`job.schedule.${s.name}` as Key)}</td>
                    <td>{s.enabled ? t('job.on') : t('job.off')}</td>
                    <td>{s.updated_at ? `${formatDateTime(s.updated_at, lang)} · ${s.updated_by}` : '—'}</td>
                    <td>
                      {admin ? (
                        <button
                          type="button"
                          className="btn"
                          data-testid={`schedule-toggle-${s.name}`}
                          onClick={() => act(`/api/schedules/${s.name}`, { enabled: !s.enabled })}
                        >
                          {s.enabled ? t('job.switchOff') : t('job.switchOn')}
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </div>
  );
}
