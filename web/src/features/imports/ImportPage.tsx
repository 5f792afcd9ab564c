import { type FormEvent, useEffect, useRef, useState } from 'react';
import { api } from '../../api.ts';
import { formatDateTime, formatNumber } from '../../format.ts';
import { useI18n } from '../../i18n.ts';
import { Link, useRouter } from '../../router.tsx';
import { Empty, ErrorBox, Loading, PageHeader, StatusBadge } from '../../ui/components.tsx';
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
  const fileRef = useRef<HTMLInputElement>(null);
  const [npp, setNpp] = useState('');
  const [dryRun, setDryRun] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const recent = useApi<{ items: ImportJob[] }>('/api/imports');
  const writable = !!user && canWrite(user.role);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const file = fileRef.current?.files?.[0];
    if (!file) {
      setError(new Error(t('imp.chooseFile')));
      return;
    }
    // Fields go before the file: the server reads the multipart stream in order.
    const form = new FormData();
    if (npp.trim()) form.append('employer_npp', npp.trim());
    if (dryRun) form.append('dry_run', 'true');
    form.append('file', file, file.name);
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ job: { id: number } }>('/api/imports/workers', { method: 'POST', body: form });
      if (fileRef.current) fileRef.current.value = '';
      navigate(`/impor/pekerjaan/${r.job.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div>
      <PageHeader title={t('imp.title')} subtitle={t('imp.intro')} />
      {writable ? (
        <form className="card upload-card" onSubmit={submit} data-testid="import-form">
          <div className="form-grid">
            <label className="field span-2">
              <span>{t('imp.file')}</span>
              <input
                ref={fileRef}
                type="file"
                accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                data-testid="import-file"
                required
              />
            </label>
            <label className="field">
              <span>
                {t('imp.employerNpp')} <em className="muted">({t('common.optional')})</em>
              </span>
              <input value={npp} onChange={(e) => setNpp(e.target.value)} data-testid="import-npp" />
            </label>
            <label className="check">
              <input
                type="checkbox"
                checked={dryRun}
                onChange={(e) => setDryRun(e.target.checked)}
                data-testid="import-dry-run"
              />
              {t('imp.dryRun')}
            </label>
          </div>
          <ErrorBox error={error} />
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" disabled={busy} data-testid="import-submit">
              {busy ? t('imp.uploading') : t('imp.upload')}
            </button>
            <span className="muted small">
              {t('imp.template')}:{' '}
              <a href="/api/imports/template?format=csv" download data-testid="template-csv">
                CSV
              </a>{' '}
              ·{' '}
              <a href="/api/imports/template?format=xlsx" download data-testid="template-xlsx">
                XLSX
              </a>
            </span>
          </div>
        </form>
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
