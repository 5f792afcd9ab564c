import { useState } from 'react';
import { api } from '../../api.ts';
import { formatDate, formatNumber, formatPeriod, formatRate, formatRupiah } from '../../format.ts';
import { Link } from '../../router.tsx';
import { Empty, ErrorBox, Loading, PageHeader } from '../../ui/components.tsx';
import { type FieldError, FormError } from '../../ui/form.tsx';
import { useApi } from '../../ui/useApi.ts';
import { useSession } from '../access/session.tsx';
import { JobProgress } from '../jobs/JobProgress.tsx';
import { useJob } from '../jobs/useJob.ts';
import { useRg } from './i18n.ts';

interface Params {
  rate: string;
  cap_months: number;
  unconfirmed: boolean;
  references: Array<{ label: string; ref: string; unconfirmed: boolean }>;
}
interface Payments {
  period: string;
  run: { id: number; status: string; lines: number; total: number; params: Params } | null;
  items: Array<{
    agent_id: number;
    code: string;
    full_name: string;
    recruits: number;
    lines: number;
    amount: number;
    status: string;
    attempt: number | null;
    result_on: string | null;
  }>;
}
interface Batches {
  items: Array<{
    id: number;
    channel: string;
    attempt: number;
    row_count: number;
    total_amount: number;
    paid: number;
    failed: number;
    pending: number;
  }>;
  tie_out: { ok: boolean; items: number; paid: number; paid_amount: number; failed: number; pending: number };
}

const lastPeriod = () => {
  const now = new Date().toLocaleString('sv-SE', { timeZone: 'Asia/Jakarta' }).slice(0, 7);
  const [y, m] = now.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
};

/** The UNCONFIRMED flag of the commission parameters, on screen and on the printed page. */
export function CommissionParams({ params }: { params: Params }) {
  const { t } = useRg();
  return (
    <p data-testid="commission-params" className={params.unconfirmed ? 'alert alert-warning' : undefined}>
      {t('ag.rate', { rate: formatRate(params.rate), months: params.cap_months })}
      {params.unconfirmed && <strong data-testid="commission-unconfirmed"> — {t('cm.unconfirmed')}</strong>}
    </p>
  );
}

/** /agen/komisi — a month's agent commission: computed (a job), owed per agent, paid through the bank. */
export function CommissionPage() {
  const { t, code, lang } = useRg();
  const { user } = useSession();
  const headOffice = user?.role === 'admin';
  const [period, setPeriod] = useState(lastPeriod());
  const pay = useApi<Payments>(`/api/agent-commission/${period}/payments`);
  const batches = useApi<Batches>(
    headOffice || user?.role === 'auditor' ? '/api/agent-commission/batches' : null,
  );
  const [jobId, setJobId] = useState<number | null>(null);
  const [error, setError] = useState<FieldError | null>(null);
  const [busy, setBusy] = useState(false);
  const reload = () => {
    pay.reload();
    batches.reload();
  };
  const { job } = useJob(jobId, reload);
  const act = async (work: () => Promise<void>) => {
    setError(null);
    setBusy(true);
    try {
      await work();
    } catch (e) {
      setError({ text: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };
  const run = () =>
    act(async () => {
      const r = await api<{ job: { id: number } }>(`/api/agent-commission/${period}/run`, { method: 'POST' });
      setJobId(r.job.id);
    });
  const rebatch = () =>
    act(async () => {
      await api('/api/agent-commission/rebatch', { method: 'POST' });
      reload();
    });
  const upload = (file: File) =>
    act(async () => {
      const r = await api<{ job: { id: number } }>('/api/agent-commission/results', {
        method: 'POST',
        body: { file_name: file.name, content: await file.text() },
      });
      setJobId(r.job.id);
    });
  const p = pay.data;
  return (
    <div>
      <p className="crumbs">
        <Link to="/agen">← {t('agf.back')}</Link>
      </p>
      <PageHeader title={t('cm.title')} subtitle={t('cm.subtitle')} />
      <div className="form-actions">
        <label>
          {t('agf.month')}{' '}
          <input
            type="month"
            value={period}
            onChange={(e) => e.target.value && setPeriod(e.target.value)}
            data-testid="commission-period"
          />
        </label>
        {headOffice && (
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy}
            onClick={run}
            data-testid="commission-run"
          >
            {t('cm.run')}
          </button>
        )}
      </div>
      <FormError error={error} />
      {job && <JobProgress job={job} />}
      {pay.loading && <Loading />}
      {pay.error ? <ErrorBox error={pay.error} /> : null}
      {p &&
        (p.run ? (
          <section>
            <CommissionParams params={p.run.params} />
            <p>
              {formatPeriod(p.period, lang)}: {t('cm.lines', { n: formatNumber(p.run.lines) })} ·{' '}
              {t('cm.total')}: <strong data-testid="commission-total">{formatRupiah(p.run.total)}</strong>
            </p>
            <div className="table-wrap">
              <table data-testid="commission-payments">
                <thead>
                  <tr>
                    <th>{t('ag.code')}</th>
                    <th>{t('ag.name')}</th>
                    <th>{t('cm.recruits')}</th>
                    <th>{t('ag.paidMonths')}</th>
                    <th>{t('ag.commission')}</th>
                    <th>{t('cm.bank')}</th>
                  </tr>
                </thead>
                <tbody>
                  {p.items.map((x) => (
                    <tr key={x.agent_id} data-testid={`commission-${x.code}`}>
                      <td>{x.code}</td>
                      <td>{x.full_name}</td>
                      <td className="num">{formatNumber(x.recruits)}</td>
                      <td className="num">{formatNumber(x.lines)}</td>
                      <td className="num" data-testid="commission-amount">
                        {formatRupiah(x.amount)}
                      </td>
                      <td>
                        {code('pay', x.status)}
                        {x.attempt && x.attempt > 1 ? ` (${t('cm.attempt', { n: x.attempt })})` : ''}
                        {x.result_on ? ` · ${formatDate(x.result_on, lang)}` : ''}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ) : (
          <Empty>{t('cm.notRun')}</Empty>
        ))}
      {batches.data && (
        <section>
          <h2>{t('cm.batches')}</h2>
          <p data-testid="commission-tieout">
            {batches.data.tie_out.ok ? t('cm.tieOk') : t('cm.tieBad')} ·{' '}
            {t('cm.tie', {
              items: formatNumber(batches.data.tie_out.items),
              paid: formatNumber(batches.data.tie_out.paid),
              amount: formatRupiah(batches.data.tie_out.paid_amount),
              failed: formatNumber(batches.data.tie_out.failed),
              pending: formatNumber(batches.data.tie_out.pending),
            })}
          </p>
          {batches.data.items.length ? (
            <div className="table-wrap">
              <table data-testid="commission-batches">
                <thead>
                  <tr>
                    <th>{t('cm.batch')}</th>
                    <th>{t('cm.bankName')}</th>
                    <th>{t('cm.rows')}</th>
                    <th>{t('cm.control')}</th>
                    <th>{t('cm.state')}</th>
                  </tr>
                </thead>
                <tbody>
                  {batches.data.items.map((b) => (
                    <tr key={b.id}>
                      <td>
                        {headOffice ? (
                          <a href={`/api/agent-commission/batches/${b.id}/file`}>
                            {t('cm.file', { id: b.id })}
                          </a>
                        ) : (
                          b.id
                        )}
                        {b.attempt > 1 ? ` (${t('cm.attempt', { n: b.attempt })})` : ''}
                      </td>
                      <td>{b.channel}</td>
                      <td className="num">{formatNumber(b.row_count)}</td>
                      <td className="num">{formatRupiah(b.total_amount)}</td>
                      <td>
                        {t('cm.state3', {
                          paid: formatNumber(b.paid),
                          failed: formatNumber(b.failed),
                          pending: formatNumber(b.pending),
                        })}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <Empty>{t('cm.noBatches')}</Empty>
          )}
          {headOffice && (
            <div className="form-actions">
              <label className="btn">
                {t('cm.results')}{' '}
                <input
                  type="file"
                  accept=".csv,text/csv"
                  data-testid="commission-results"
                  onChange={(e) => {
                    const file = e.target.files?.[0];
                    if (file) void upload(file);
                    e.target.value = '';
                  }}
                />
              </label>
              <button
                type="button"
                className="btn"
                disabled={busy}
                onClick={rebatch}
                data-testid="commission-rebatch"
              >
                {t('cm.rebatch')}
              </button>
            </div>
          )}
        </section>
      )}
    </div>
  );
}
