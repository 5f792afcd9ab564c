import { useState } from 'react';
import { api } from '../../api.ts';
import { formatNumber, formatPeriod } from '../../format.ts';
import { useI18n } from '../../i18n.ts';
import { ErrorBox } from '../../ui/components.tsx';
import { useApi } from '../../ui/useApi.ts';
import { JobProgress } from '../jobs/JobProgress.tsx';
import { jobEnded, useJob } from '../jobs/useJob.ts';
import { ctMaybe, useCt } from './i18n.ts';

interface Run {
  id: number;
  period: string;
  status: 'running' | 'done' | 'failed';
  phase: string;
  invoices: number;
  lines: number;
  progress?: number;
  error: string | null;
}

function lastMonth(): string {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
}

/**
 * Head office starts a month's billing here: it runs as a background job (one per month at a
 * time, resumable), followed live; the button waits while it runs and the list refreshes at the end.
 */
export function BillingRunsPanel() {
  const ct = useCt();
  const { lang } = useI18n();
  const runs = useApi<{ items: Run[] }>('/api/billing/runs');
  const [period, setPeriod] = useState(lastMonth());
  const [jobId, setJobId] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { job } = useJob(jobId, () => runs.reload());
  const busy = jobId !== null && !jobEnded(job);

  const start = async () => {
    setError(null);
    try {
      const r = await api<{ job: { id: number } }>('/api/billing/runs', { method: 'POST', body: { period } });
      setJobId(r.job.id);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section className="card" data-testid="billing-runs">
      <h2>{ct('run.title')}</h2>
      <div className="toolbar">
        <label>
          {ct('run.period')}{' '}
          <input
            type="month"
            value={period}
            onChange={(e) => setPeriod(e.target.value)}
            data-testid="billing-period"
          />
        </label>
        <button
          type="button"
          className="btn btn-primary"
          onClick={start}
          disabled={busy}
          data-testid="billing-start"
        >
          {ct('run.start')}
        </button>
      </div>
      {error ? <ErrorBox error={error} /> : null}
      {job ? (
        <div data-testid="billing-progress">
          <JobProgress job={job} />
        </div>
      ) : null}
      {runs.data && runs.data.items.length === 0 && <p className="muted">{ct('run.none')}</p>}
      {runs.data && runs.data.items.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>{ct('run.period')}</th>
                <th>{ct('run.phase')}</th>
                <th className="num">{ct('run.invoices')}</th>
                <th className="num">{ct('run.lines')}</th>
              </tr>
            </thead>
            <tbody>
              {runs.data.items.map((r) => (
                <tr key={r.id}>
                  <td>{formatPeriod(r.period, lang)}</td>
                  <td>{ctMaybe(lang, `run.status.${r.status}`, r.status)}</td>
                  <td className="num">{formatNumber(r.invoices)}</td>
                  <td className="num">{formatNumber(r.lines)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
