import { useState } from 'react';
import { api } from '../../api.ts';
import { formatDateTime, formatNumber, formatPeriod } from '../../format.ts';
import { useI18n } from '../../i18n.ts';
import { Link } from '../../router.tsx';
import { ErrorBox, PageHeader } from '../../ui/components.tsx';
import {
  type Change,
  Confirmation,
  Field,
  type FieldErrors,
  FormError,
  todayWib,
  useTaskForm,
} from '../../ui/form.tsx';
import { useFx } from '../../ui/form-text.ts';
import { useApi } from '../../ui/useApi.ts';
import { JobProgress } from '../jobs/JobProgress.tsx';
import { type Job, useJob } from '../jobs/useJob.ts';

interface Run {
  id: number;
  started_at: string;
  finished_at: string | null;
  status: string;
  mode: string;
  window_start: string;
  window_end: string;
  provinces: string[];
  delta_rows: number;
  rollup_rows: number;
}

interface RefreshResult {
  mode: 'full' | 'incremental' | 'noop';
  windowStart: string;
  windowEnd: string;
  provinces: string[];
  deltaRows: number;
  rollupRows: number;
}

/** /cakupan/segarkan — head office refreshes the coverage rollups now (a job), followed live. */
export function CoverageRefreshPage() {
  const { fx } = useFx();
  const { lang } = useI18n();
  const runs = useApi<{ runs: Run[] }>('/api/coverage/runs');
  const f = useTaskForm({ period: todayWib().slice(0, 7), full: false }, {});
  const [jobId, setJobId] = useState<number | null>(null);
  const [result, setResult] = useState<RefreshResult | null>(null);
  const { job, error } = useJob(jobId, (j: Job) => {
    if (j.status === 'done') setResult(j.result as RefreshResult);
    runs.reload();
  });
  const check = () => {
    const e: FieldErrors = {};
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(f.values.period)) e.period = { key: 'form.err.period' };
    else if (f.values.period > todayWib().slice(0, 7)) e.period = { key: 'form.err.future' };
    return e;
  };
  const send = async () => {
    setResult(null);
    const r = await api<{ job: { id: number } }>('/api/coverage/refresh', {
      method: 'POST',
      body: { period: f.values.period, full: f.values.full },
    });
    setJobId(r.job.id);
  };
  const running = !!job && !['done', 'failed', 'cancelled'].includes(job.status);
  const changes: Change[] = result
    ? [
        { label: fx('coverageRefresh.mode'), after: fx(`coverageRefresh.mode.${result.mode}`) },
        {
          label: fx('coverageRefresh.window'),
          after: `${formatPeriod(result.windowStart.slice(0, 7), lang)} – ${formatPeriod(result.windowEnd.slice(0, 7), lang)}`,
        },
        { label: fx('coverageRefresh.provinces'), after: formatNumber(result.provinces.length) },
        { label: fx('coverageRefresh.deltaRows'), after: formatNumber(result.deltaRows) },
        { label: fx('coverageRefresh.rollupRows'), after: formatNumber(result.rollupRows) },
      ]
    : [];
  return (
    <div>
      <p className="crumbs">
        <Link to="/cakupan">← {fx('coverageRefresh.back')}</Link>
      </p>
      <PageHeader title={fx('coverageRefresh.title')} subtitle={fx('coverageRefresh.intro')} />
      <form
        className="card form-grid"
        noValidate
        data-testid="coverage-refresh-form"
        onSubmit={(e) => {
          e.preventDefault();
          void f.submit(check, send);
        }}
      >
        <Field
          label={fx('coverageRefresh.period')}
          error={f.errors.period}
          hint={fx('coverageRefresh.periodHint')}
        >
          {(ctl) => (
            <input
              {...ctl}
              type="month"
              value={f.values.period}
              max={todayWib().slice(0, 7)}
              onChange={(e) => f.set('period', e.target.value)}
              data-testid="period"
            />
          )}
        </Field>
        <Field label={fx('coverageRefresh.full')} hint={fx('coverageRefresh.fullHint')}>
          {(ctl) => (
            <span className="check">
              <input
                {...ctl}
                type="checkbox"
                checked={f.values.full}
                onChange={(e) => f.set('full', e.target.checked)}
              />
              {fx('coverageRefresh.fullLabel')}
            </span>
          )}
        </Field>
        <div className="span-2">
          <FormError error={f.formError} />
          <button
            type="submit"
            className="btn btn-primary"
            disabled={f.busy || running}
            data-testid="refresh"
          >
            {fx('coverageRefresh.start')}
          </button>
        </div>
      </form>
      <ErrorBox error={error} />
      {job && <JobProgress job={job} />}
      {result && (
        <Confirmation
          title={fx(result.mode === 'noop' ? 'coverageRefresh.doneNoop' : 'coverageRefresh.done')}
          changes={changes}
        >
          <Link to="/cakupan" className="btn btn-primary">
            {fx('coverageRefresh.open')}
          </Link>
        </Confirmation>
      )}
      <section className="card">
        <h2>{fx('coverageRefresh.history')}</h2>
        <ErrorBox error={runs.error} />
        <div className="table-wrap">
          <table className="table" data-testid="coverage-runs">
            <thead>
              <tr>
                <th scope="col">{fx('coverageRefresh.startedAt')}</th>
                <th scope="col">{fx('coverageRefresh.mode')}</th>
                <th scope="col">{fx('coverageRefresh.window')}</th>
                <th scope="col" className="num">
                  {fx('coverageRefresh.rollupRows')}
                </th>
                <th scope="col">{fx('coverageRefresh.state')}</th>
              </tr>
            </thead>
            <tbody>
              {(runs.data?.runs ?? []).map((r) => (
                <tr key={r.id}>
                  <td>{formatDateTime(r.started_at, lang)}</td>
                  <td>{fx.maybe(`coverageRefresh.mode.${r.mode}`, r.mode)}</td>
                  <td>
                    {formatPeriod(String(r.window_start).slice(0, 7), lang)} –{' '}
                    {formatPeriod(String(r.window_end).slice(0, 7), lang)}
                  </td>
                  <td className="num">{formatNumber(r.rollup_rows)}</td>
                  <td>{fx.maybe(`coverageRefresh.state.${r.status}`, r.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
