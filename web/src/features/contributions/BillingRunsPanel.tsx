import { useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { formatNumber, formatPeriod } from '../../format.ts';
import { useI18n } from '../../i18n.ts';
import { ErrorBox } from '../../ui/components.tsx';
import { useApi } from '../../ui/useApi.ts';
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

/** Head office starts a month's billing here and watches it; a run is resumable, so starting it twice is harmless. */
export function BillingRunsPanel() {
  const ct = useCt();
  const { lang } = useI18n();
  const runs = useApi<{ items: Run[] }>('/api/billing/runs');
  const [period, setPeriod] = useState(lastMonth());
  const [watch, setWatch] = useState<Run | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!watch || watch.status !== 'running') return;
    const t = setTimeout(async () => {
      try {
        const r = await api<{ run: Run }>(`/api/billing/runs/${watch.period}`);
        setWatch(r.run);
        if (r.run.status !== 'running') runs.reload();
      } catch (e) {
        setError(e);
      }
    }, 1000);
    return () => clearTimeout(t);
  }, [watch, runs]);

  const start = async () => {
    setError(null);
    try {
      const r = await api<{ run: Run }>('/api/billing/runs', { method: 'POST', body: { period } });
      setWatch(r.run);
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
        <button type="button" className="btn btn-primary" onClick={start} data-testid="billing-start">
          {ct('run.start')}
        </button>
      </div>
      {error ? <ErrorBox error={error} /> : null}
      {watch && (
        <div data-testid="billing-progress">
          <progress max={1} value={watch.progress ?? 0} /> {Math.round((watch.progress ?? 0) * 100)}% ·{' '}
          {ctMaybe(lang, `run.status.${watch.status}`, watch.status)} · {ct('run.phase')}: {watch.phase}
        </div>
      )}
      {runs.data && runs.data.items.length === 0 && <p className="muted">{ct('run.none')}</p>}
      {runs.data && runs.data.items.length > 0 && (
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
      )}
    </section>
  );
}
