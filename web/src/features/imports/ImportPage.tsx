import { useEffect } from 'react';
import { api } from '../../api.ts';
import { formatDateTime, formatNumber } from '../../format.ts';
import { useI18n } from '../../i18n.ts';
import { Link, useRouter } from '../../router.tsx';
import { Empty, ErrorBox, Loading, PageHeader, StatusBadge } from '../../ui/components.tsx';
import { CheckRow, EntityRow, FileRow, TaskFormCard } from '../../ui/fields.tsx';
import { type FieldErrors, type Picked, useTaskForm } from '../../ui/form.tsx';
import { useFx } from '../../ui/form-text.ts';
import { useApi } from '../../ui/useApi.ts';
import { canWrite } from '../access/nav.ts';
import { useSession } from '../access/session.tsx';
import { JobProgress } from '../jobs/JobProgress.tsx';
import { useJob } from '../jobs/useJob.ts';
import { ImportJobPanel } from './ImportJobPanel.tsx';
import type { ImportJob } from './types.ts';

export function ImportPage({ jobId, queuedJob }: { jobId?: string; queuedJob?: string }) {
  const { t, lang } = useI18n();
  const { user } = useSession();
  const { navigate } = useRouter();
  const { fx } = useFx();
  const f = useTaskForm<{ file: File | null; employer: Picked | null; dry_run: boolean }>(
    { file: null, employer: null, dry_run: false },
    { employer_npp: 'employer' },
  );
  const recent = useApi<{ items: ImportJob[] }>('/api/imports');
  const writable = !!user && canWrite(user.role);

  const check = () => {
    const e: FieldErrors = {};
    if (!f.values.file) e.file = { key: 'importForm.chooseFile' };
    return e;
  };
  const send = async () => {
    const { file, employer, dry_run } = f.values;
    if (!file) return;
    // Fields go before the file: the server reads the multipart stream in order.
    const form = new FormData();
    if (employer) form.append('employer_npp', employer.number);
    if (dry_run) form.append('dry_run', 'true');
    form.append('file', file, file.name);
    const r = await api<{ job: { id: number } }>('/api/imports/workers', { method: 'POST', body: form });
    f.set('file', null);
    navigate(`/impor/pekerjaan/${r.job.id}`);
  };

  return (
    <div>
      <PageHeader title={t('imp.title')} subtitle={t('imp.intro')} />
      {writable ? (
        <TaskFormCard
          form={f}
          check={check}
          send={send}
          testId="import-form"
          className="upload-card"
          submit={t('imp.upload')}
          busyText={fx('form.uploading')}
          submitTestId="import-submit"
        >
          <FileRow
            form={f}
            name="file"
            label={fx('importForm.file')}
            wide
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            testId="import-file"
          />
          <EntityRow
            form={f}
            name="employer"
            kind="employer"
            label={fx('importForm.employer')}
            optional
            hint={fx('importForm.employerHint')}
            testId="import-employer"
          />
          <CheckRow
            form={f}
            name="dry_run"
            label={fx('importForm.dryRun')}
            text={fx('importForm.dryRunText')}
            testId="import-dry-run"
          />
          <p className="span-2 muted small">
            {t('imp.template')}:{' '}
            <a href="/api/imports/template?format=csv" download data-testid="template-csv">
              CSV
            </a>{' '}
            ·{' '}
            <a href="/api/imports/template?format=xlsx" download data-testid="template-xlsx">
              XLSX
            </a>
          </p>
        </TaskFormCard>
      ) : (
        <p className="alert alert-info">{t('imp.readOnly')}</p>
      )}
      {queuedJob && <QueuedImport jobId={Number(queuedJob)} />}
      {jobId && <ImportJobPanel key={jobId} jobId={jobId} onFinished={recent.reload} />}
      <section className="card flush">
        <h2 className="card-title">{t('imp.recent')}</h2>
        <ErrorBox error={recent.error} onRetry={recent.reload} />
        {recent.loading && !recent.data && <Loading />}
        {recent.data && recent.data.items.length === 0 && <Empty>{t('imp.noRecent')}</Empty>}
        {recent.data && recent.data.items.length > 0 && (
          <div className="table-wrap">
            <table data-testid="import-list">
              <thead>
                <tr>
                  <th>#</th>
                  <th>{t('imp.fileName')}</th>
                  <th>{t('common.status')}</th>
                  <th className="num">{t('imp.total')}</th>
                  <th className="num">{t('imp.accepted')}</th>
                  <th className="num">{t('imp.unchanged')}</th>
                  <th className="num">{t('imp.rejected')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {recent.data.items.map((j) => (
                  <tr key={j.id} className={String(j.id) === jobId ? 'selected' : undefined}>
                    <td>
                      <Link to={`/impor/${j.id}`}>{j.id}</Link>
                    </td>
                    <td>
                      {j.file_name ?? '—'}
                      {j.dry_run && <span className="badge badge-neutral">dry run</span>}
                      <div className="muted small">{formatDateTime(j.created_at, lang)}</div>
                    </td>
                    <td>
                      <StatusBadge status={j.status} />
                    </td>
                    <td className="num">{formatNumber(j.total_rows)}</td>
                    <td className="num">{formatNumber(j.accepted_rows)}</td>
                    <td className="num">{formatNumber(j.unchanged_rows)}</td>
                    <td className="num">{formatNumber(j.rejected_rows)}</td>
                    <td>
                      <Link to={`/impor/${j.id}`}>{t('common.details')}</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

/** The upload is a background job: follow it until its import exists, then show the import itself. */
function QueuedImport({ jobId }: { jobId: number }) {
  const { navigate } = useRouter();
  const { job, error } = useJob(jobId);
  const importId = (job?.result as { importId?: number } | null)?.importId;
  useEffect(() => {
    if (importId) navigate(`/impor/${importId}`);
  }, [importId, navigate]);
  if (error) return <ErrorBox error={error} />;
  return job ? <JobProgress job={job} /> : <Loading />;
}
