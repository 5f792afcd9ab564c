import { useRef, useState } from 'react';
import { api } from '../../api.ts';
import { Link } from '../../router.tsx';
import { ErrorBox, Loading, PageHeader } from '../../ui/components.tsx';
import { Field, type FieldErrors, FormFooter, useTaskForm } from '../../ui/form.tsx';
import { useSession } from '../access/session.tsx';
import { ImportJobPanel } from '../imports/ImportJobPanel.tsx';
import { JobProgress } from '../jobs/JobProgress.tsx';
import { useJob } from '../jobs/useJob.ts';
import { useRg } from './i18n.ts';

const CATEGORIES = ['honorer', 'honorary_teacher', 'rt_rw', 'posyandu', 'linmas', 'religious'] as const;

/** Follows the upload's job live; once the import exists its panel shows the counts and the report. */
function NonAsnJob({ jobId }: { jobId: number }) {
  const { t } = useRg();
  const { job, error } = useJob(jobId);
  const result = job?.result as { importId?: number; registered?: number } | null | undefined;
  if (error) return <ErrorBox error={error} />;
  if (!job) return <Loading />;
  return (
    <div data-testid="non-asn-job">
      <JobProgress job={job} />
      {job.status === 'done' && result?.importId ? (
        <>
          <p data-testid="non-asn-registered">{t('na.registered', { n: String(result.registered ?? 0) })}</p>
          <ImportJobPanel jobId={String(result.importId)} onFinished={() => {}} />
        </>
      ) : null}
    </div>
  );
}

/** /daerah/non-asn/impor — a government employer's non-ASN staff list, with the category as a column. */
export function NonAsnImportPage() {
  const { t, code } = useRg();
  const { user } = useSession();
  const own = user?.role === 'employer';
  const fileRef = useRef<HTMLInputElement>(null);
  const f = useTaskForm({ employer_npp: '', file: '' }, { employer: 'employer_npp' });
  const v = f.values;
  const [jobId, setJobId] = useState<number | null>(null);
  const check = () => {
    const e: FieldErrors = {};
    const file = fileRef.current?.files?.[0];
    if (!file) e.file = { key: 'form.err.required' };
    else if (!/\.(csv|xlsx)$/i.test(file.name)) e.file = { text: t('na.err.format') };
    if (!own && !v.employer_npp.trim()) e.employer_npp = { key: 'form.err.required' };
    return e;
  };
  const send = async () => {
    const file = fileRef.current!.files![0]!;
    // Fields go before the file: the server reads the multipart stream in order.
    const form = new FormData();
    if (!own) form.append('employer_npp', v.employer_npp.trim());
    form.append('file', file, file.name);
    const r = await api<{ job: { id: number } }>('/api/non-asn/imports', { method: 'POST', body: form });
    if (fileRef.current) fileRef.current.value = '';
    setJobId(r.job.id);
  };
  return (
    <div>
      <p className="crumbs">
        <Link to="/daerah">← {t('bg.back')}</Link>
      </p>
      <PageHeader title={t('na.title')} subtitle={t('na.intro')} />
      <form
        className="card form-grid"
        noValidate
        data-testid="non-asn-form"
        onSubmit={(e) => {
          e.preventDefault();
          void f.submit(check, send);
        }}
      >
        {!own && (
          <Field label={t('na.employer')} error={f.errors.employer_npp} hint={t('na.employerHint')}>
            {(ctl) => (
              <input
                {...ctl}
                value={v.employer_npp}
                onChange={(e) => f.set('employer_npp', e.target.value)}
                data-testid="non-asn-npp"
              />
            )}
          </Field>
        )}
        <Field label={t('na.file')} error={f.errors.file} wide hint={t('na.columns')}>
          {(ctl) => (
            <input
              {...ctl}
              ref={fileRef}
              type="file"
              accept=".csv,.xlsx"
              onChange={() => f.set('file', fileRef.current?.files?.[0]?.name ?? '')}
              data-testid="non-asn-file"
            />
          )}
        </Field>
        <p className="span-2 muted small">
          {t('na.categories')}:{' '}
          {CATEGORIES.map((c, i) => (
            <span key={c}>
              {i > 0 && ', '}
              {code('cat', c)} <code data-raw>{c}</code>
            </span>
          ))}
        </p>
        <FormFooter
          error={f.formError}
          busy={f.busy}
          submit={t('na.upload')}
          back="/daerah"
          testId="non-asn-submit"
        />
      </form>
      {jobId !== null && <NonAsnJob key={jobId} jobId={jobId} />}
    </div>
  );
}
