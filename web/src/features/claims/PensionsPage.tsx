import { useState } from 'react';
import { api } from '../../api.ts';
import { formatDate, formatNumber, formatPeriod, formatRupiah } from '../../format.ts';
import { Link } from '../../router.tsx';
import { Empty, ErrorBox, Loading, PageHeader } from '../../ui/components.tsx';
import { type Column, DataTable, type ListPage, useList } from '../../ui/DataTable.tsx';
import { useApi } from '../../ui/useApi.ts';
import { useSession } from '../access/session.tsx';
import { followJob, type Job } from '../jobs/useJob.ts';
import { useClaimsText } from './text.ts';

interface Pension {
  id: number;
  claim_id: number;
  participant_id: number;
  kpj: string;
  full_name: string;
  kind: string;
  payee_name: string;
  monthly_amount: number | string;
  start_period: string;
  end_period: string | null;
  status: string;
  ended_reason: string | null;
  months_paid: number;
}
interface Run {
  period: string;
  status: string;
  payments: number;
  amount: number;
  batches: number;
  started_at: string;
  finished_at: string | null;
}
interface Batch {
  id: number;
  channel: string;
  attempt: number;
  row_count: number;
  total_amount: number;
  created_at: string;
  paid: number;
  failed: number;
  pending: number;
}

/** The current month in WIB (YYYY-MM), the default month to pay. */
function wibMonth(): string {
  return new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 7);
}

/**
 * JP pensions in payment (scoped by the server: a branch sees its region's) and, for head office, the
 * monthly run (a background job, once per month), its bank batches with control totals, the bank
 * result import and the re-batch of failures.
 */
export function PensionsPage() {
  const { s, lang } = useClaimsText();
  const { user } = useSession();
  // Runs and batches are head office's (auditors read them); a branch sees only its pensions.
  const seesRuns = user?.role === 'admin' || user?.role === 'auditor';
  const paysRuns = user?.role === 'admin';
  const list = useList<ListPage<Pension>>('/api/pensions', {});
  const columns: Column<Pension>[] = [
    {
      header: s('participant'),
      cell: (p) => (
        <>
          <Link to={`/klaim/${p.claim_id}`}>{p.full_name}</Link> ({p.kpj})
        </>
      ),
    },
    { header: s('kind'), cell: (p) => s(`kind.${p.kind}`) },
    { header: s('payee'), cell: (p) => p.payee_name },
    { header: s('monthlyAmount'), cell: (p) => formatRupiah(Number(p.monthly_amount)), className: 'num' },
    { header: s('startPeriod'), cell: (p) => formatPeriod(p.start_period, lang) },
    { header: s('endPeriod'), cell: (p) => (p.end_period ? formatPeriod(p.end_period, lang) : '—') },
    {
      header: s('monthsPaid'),
      cell: (p) => <span data-testid="pension-months-paid">{formatNumber(p.months_paid)}</span>,
      className: 'num',
    },
    {
      header: s('status'),
      cell: (p) => `${s(`pension.${p.status}`)}${p.ended_reason ? ` (${s(`ended.${p.ended_reason}`)})` : ''}`,
    },
  ];
  const runs = useApi<{
    runs: Run[];
    batches: Batch[];
    tieout: { ok: boolean; paid: number; paid_amount: number; pending: number; failed: number };
  }>(seesRuns ? '/api/pensions/runs' : null);
  const [period, setPeriod] = useState(wibMonth());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [msg, setMsg] = useState<string | null>(null);
  const reload = () => {
    list.reload();
    runs.reload();
  };
  const runJob = async (path: string, body: object, onDone: (result: unknown) => string | null) => {
    setError(null);
    setMsg(null);
    setBusy(true);
    try {
      const res = await api<{ job?: Job; batches?: unknown[] }>(path, { method: 'POST', body });
      let result: unknown = res;
      if (res.job) {
        const job = await followJob(res.job.id);
        if (job.status !== 'done') throw new Error(job.error ?? s('runFailed'));
        result = job.result;
      }
      setMsg(onDone(result));
      reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const pay = () =>
    runJob('/api/pensions/runs', { period }, (r) => {
      const x = r as {
        period: string;
        payments: number;
        amount: number;
        batches: number;
        alreadyDone: boolean;
      };
      return x.alreadyDone
        ? s('runAlready', { period: formatPeriod(x.period, lang) })
        : s('runDone', {
            period: formatPeriod(x.period, lang),
            payments: formatNumber(x.payments),
            amount: formatRupiah(x.amount),
            batches: formatNumber(x.batches),
          });
    });
  const upload = async (f: File | undefined) => {
    if (!f) return;
    const content = await f.text();
    await runJob('/api/pensions/results', { file_name: f.name, content }, (r) => {
      const c = r as { applied?: number; unchanged?: number; rejected?: number };
      return s('importDone', {
        applied: c.applied ?? 0,
        unchanged: c.unchanged ?? 0,
        rejected: c.rejected ?? 0,
      });
    });
  };
  return (
    <div>
      <PageHeader title={s('pensions')} subtitle={s('pensionsIntro')} />
      {error ? <ErrorBox error={error} /> : null}
      {msg ? (
        <p className="card" data-testid="pensions-msg">
          {msg}
        </p>
      ) : null}
      {seesRuns ? (
        <section className="card" data-testid="pension-runs">
          <h2>{s('pensionRuns')}</h2>
          {paysRuns ? (
            <div className="form inline">
              <label>
                {s('runPeriod')}
                <input
                  type="month"
                  value={period}
                  onChange={(e) => setPeriod(e.target.value)}
                  data-testid="pension-run-period"
                />
              </label>
              <button type="button" disabled={busy || !period} onClick={pay} data-testid="pension-run">
                {busy ? s('running') : s('runMonth')}
              </button>{' '}
              <button
                type="button"
                className="secondary"
                disabled={busy}
                onClick={() =>
                  runJob('/api/pensions/rebatch', {}, (r) => {
                    const made =
                      (r as { batches?: Array<{ row_count: number; total_amount: number }> }).batches ?? [];
                    return s('rebatchDone', {
                      batches: formatNumber(made.length),
                      rows: formatNumber(made.reduce((n, b) => n + b.row_count, 0)),
                      amount: formatRupiah(made.reduce((n, b) => n + b.total_amount, 0)),
                    });
                  })
                }
              >
                {s('rebatch')}
              </button>
            </div>
          ) : null}
          {runs.data ? (
            runs.data.runs.length ? (
              <table data-testid="pension-runs-table">
                <thead>
                  <tr>
                    <th>{s('runPeriod')}</th>
                    <th>{s('status')}</th>
                    <th className="num">{s('payments_n')}</th>
                    <th className="num">{s('amount')}</th>
                    <th className="num">{s('batches_n')}</th>
                  </tr>
                </thead>
                <tbody>
                  {runs.data.runs.map((r) => (
                    <tr key={r.period} data-testid="pension-run-row" data-period={r.period}>
                      <td>{formatPeriod(r.period, lang)}</td>
                      <td>{s(`run.${r.status}`)}</td>
                      <td className="num">{formatNumber(r.payments)}</td>
                      <td className="num">{formatRupiah(r.amount)}</td>
                      <td className="num">{formatNumber(r.batches)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <Empty>{s('noRuns')}</Empty>
            )
          ) : runs.error ? (
            <ErrorBox error={runs.error} onRetry={runs.reload} />
          ) : (
            <Loading />
          )}
          <h3>{s('pensionBatches')}</h3>
          {paysRuns ? (
            <label>
              {s('importResults')}{' '}
              <input
                type="file"
                accept=".csv"
                disabled={busy}
                onChange={(e) => upload(e.target.files?.[0])}
                data-testid="pension-results-file"
              />
            </label>
          ) : null}
          {runs.data ? (
            <>
              <p className={runs.data.tieout.ok ? '' : 'warn-text'} data-testid="pension-tieout">
                {runs.data.tieout.ok ? s('tieOk') : s('tieBad')} {s('paid')}:{' '}
                {formatNumber(runs.data.tieout.paid)} ({formatRupiah(runs.data.tieout.paid_amount)}),{' '}
                {s('pending')}: {formatNumber(runs.data.tieout.pending)}, {s('failed')}:{' '}
                {formatNumber(runs.data.tieout.failed)}
              </p>
              <table>
                <thead>
                  <tr>
                    <th>#</th>
                    <th>{s('bank')}</th>
                    <th>{s('attempt')}</th>
                    <th className="num">{s('rows')}</th>
                    <th className="num">{s('amount')}</th>
                    <th className="num">{s('paid')}</th>
                    <th className="num">{s('failed')}</th>
                    <th className="num">{s('pending')}</th>
                    <th>{s('bankFile')}</th>
                  </tr>
                </thead>
                <tbody>
                  {runs.data.batches.map((b) => (
                    <tr key={b.id} data-testid="pension-batch-row" data-batch={b.id}>
                      <td>
                        {b.id} ({formatDate(b.created_at, lang)})
                      </td>
                      <td>{b.channel}</td>
                      <td>{b.attempt}</td>
                      <td className="num">{formatNumber(b.row_count)}</td>
                      <td className="num" data-testid="pension-batch-total" data-amount={b.total_amount}>
                        {formatRupiah(b.total_amount)}
                      </td>
                      <td className="num">{formatNumber(b.paid)}</td>
                      <td className="num">{formatNumber(b.failed)}</td>
                      <td className="num">{formatNumber(b.pending)}</td>
                      <td>
                        <a href={`/api/pensions/batches/${b.id}/file`} data-testid="pension-batch-file">
                          CSV
                        </a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
        </section>
      ) : null}
      <section className="card" data-testid="pensions">
        <h2>{s('pensionsInPayment')}</h2>
        <DataTable
          list={list}
          columns={columns}
          rowKey={(p) => p.id}
          count="list.count.pensions"
          empty={s('noPensions')}
          testId="pensions-table"
          rowTestId="pension-row"
          rowData={(p) => ({ 'data-claim': p.claim_id })}
        />
      </section>
    </div>
  );
}
