import { useState } from 'react';
import { api } from '../../api.ts';
import { formatDate, formatNumber, formatPeriod, formatRupiah } from '../../format.ts';
import { useI18n } from '../../i18n.ts';
import { Link } from '../../router.tsx';
import { Empty, ErrorBox, Loading, PageHeader } from '../../ui/components.tsx';
import {
  type Change,
  Confirmation,
  ConfirmButton,
  checks,
  DateInput,
  Field,
  type FieldError,
  type FieldErrors,
  FormError,
  isoToInput,
  todayWib,
  useTaskForm,
} from '../../ui/form.tsx';
import { mapApiError } from '../../ui/form-input.ts';
import { useFx } from '../../ui/form-text.ts';
import { useApi } from '../../ui/useApi.ts';
import { useSession } from '../access/session.tsx';
import { JobProgress } from '../jobs/JobProgress.tsx';
import { type Job, useJob } from '../jobs/useJob.ts';
import type { PendingWaiver } from './types.ts';

type Waiver = PendingWaiver;

interface AssessResult {
  asOf: string;
  created: number;
  amount: number;
  invoices: number;
  creditAllocations: number;
}

/** /tagihan/denda — head office assesses late fines (a job); officers decide the waivers others asked for. */
export function FinesPage() {
  const { fx } = useFx();
  const { user } = useSession();
  return (
    <div>
      <p className="crumbs">
        <Link to="/tagihan">← {fx('fines.back')}</Link>
      </p>
      <PageHeader title={fx('fines.title')} subtitle={fx('fines.intro')} />
      {user?.role === 'admin' && <AssessCard />}
      <WaiversCard />
    </div>
  );
}

function AssessCard() {
  const { fx } = useFx();
  const { lang } = useI18n();
  const f = useTaskForm({ as_of: isoToInput(todayWib()) }, {});
  const [jobId, setJobId] = useState<number | null>(null);
  const [result, setResult] = useState<AssessResult | null>(null);
  const { job, error } = useJob(jobId, (j: Job) => {
    if (j.status === 'done') setResult(j.result as AssessResult);
  });
  let asOf = '';
  const check = () => {
    const e: FieldErrors = {};
    asOf = checks(e).date('as_of', f.values.as_of, { required: true, notAfter: todayWib() }) ?? '';
    return e;
  };
  const send = async () => {
    setResult(null);
    const r = await api<{ job: { id: number } }>('/api/fines/assess', {
      method: 'POST',
      body: { as_of: asOf },
    });
    setJobId(r.job.id);
  };
  const changes: Change[] = result
    ? [
        { label: fx('fines.asOf'), after: formatDate(result.asOf, lang) },
        { label: fx('fines.created'), after: formatNumber(result.created) },
        { label: fx('fines.invoices'), after: formatNumber(result.invoices) },
        { label: fx('fines.amount'), after: formatRupiah(result.amount) },
        { label: fx('fines.fromCredit'), after: formatNumber(result.creditAllocations) },
      ]
    : [];
  return (
    <section className="card" data-testid="assess-card">
      <h2>{fx('fines.assessTitle')}</h2>
      <p className="muted">{fx('fines.assessIntro')}</p>
      <form
        className="form-grid"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void f.submit(check, send);
        }}
      >
        <Field label={fx('fines.asOf')} error={f.errors.as_of} hint={fx('fines.asOfHint')}>
          {(ctl) => (
            <DateInput ctl={ctl} value={f.values.as_of} onChange={(x) => f.set('as_of', x)} testId="as-of" />
          )}
        </Field>
        <div className="span-2">
          <FormError error={f.formError} />
          <button
            type="submit"
            className="btn btn-primary"
            disabled={f.busy || (!!job && !['done', 'failed', 'cancelled'].includes(job.status))}
            data-testid="assess"
          >
            {fx('fines.assess')}
          </button>
        </div>
      </form>
      <ErrorBox error={error} />
      {job && <JobProgress job={job} />}
      {result && (
        <Confirmation
          title={result.created ? fx('fines.doneSome') : fx('fines.doneNone')}
          changes={changes}
        />
      )}
    </section>
  );
}

function WaiversCard() {
  const { fx } = useFx();
  const { lang } = useI18n();
  const { user } = useSession();
  const list = useApi<{ items: Waiver[] }>('/api/waivers');
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<FieldError | null>(null);
  const [done, setDone] = useState<{ approve: boolean; w: Waiver } | null>(null);
  const decide = async (w: Waiver, approve: boolean) => {
    setBusy(w.id);
    setError(null);
    setDone(null);
    try {
      await api(`/api/waivers/${w.id}/decision`, { method: 'POST', body: { approve } });
      setDone({ approve, w });
      list.reload();
    } catch (e) {
      setError(mapApiError(e, lang, []).form);
    } finally {
      setBusy(null);
    }
  };
  return (
    <section className="card" data-testid="waivers-card">
      <h2>{fx('fines.waiversTitle')}</h2>
      <p className="muted">{fx('fines.waiversIntro')}</p>
      {done && (
        <Confirmation
          title={fx(done.approve ? 'fines.waiverApproved' : 'fines.waiverRejected')}
          changes={[
            { label: fx('fines.payer'), after: done.w.payer_name ?? '—' },
            { label: fx('fines.period'), after: formatPeriod(done.w.period, lang) },
            {
              label: fx('fines.fineOwed'),
              before: formatRupiah(done.w.amount),
              after: done.approve ? formatRupiah(0) : formatRupiah(done.w.amount),
            },
          ]}
        />
      )}
      <FormError error={error} />
      <ErrorBox error={list.error} onRetry={list.reload} />
      {list.loading && !list.data && <Loading />}
      {list.data && list.data.items.length === 0 && <Empty>{fx('fines.noWaivers')}</Empty>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="waivers-table">
            <thead>
              <tr>
                <th scope="col">{fx('fines.payer')}</th>
                <th scope="col">{fx('fines.period')}</th>
                <th scope="col" className="num">
                  {fx('fines.fineOwed')}
                </th>
                <th scope="col">{fx('fines.reason')}</th>
                <th scope="col">{fx('fines.requestedBy')}</th>
                <th scope="col">{fx('fines.decision')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((w) => {
                const own = w.requested_by === user?.username;
                return (
                  <tr key={w.id} data-testid="waiver-row">
                    <td>
                      <Link to={`/tagihan/${w.invoice_id}`}>{w.payer_name ?? '—'}</Link>
                    </td>
                    <td>{formatPeriod(w.period, lang)}</td>
                    <td className="num">{formatRupiah(w.amount)}</td>
                    <td>{w.reason}</td>
                    <td>
                      {w.requested_by}
                      <div className="muted small">
                        {formatDate(w.requested_at.slice(0, 10), lang)} {w.requested_at.slice(11, 16)} WIB
                      </div>
                    </td>
                    <td>
                      {own ? (
                        <span className="muted small">{fx('fines.ownRequest')}</span>
                      ) : (
                        <div className="form-actions">
                          <ConfirmButton
                            primary
                            label={fx('fines.approve')}
                            question={fx('fines.approveAsk', {
                              amount: formatRupiah(w.amount),
                              payer: w.payer_name ?? '—',
                            })}
                            yes={fx('fines.approveYes')}
                            disabled={busy === w.id}
                            onConfirm={() => void decide(w, true)}
                            testId="approve"
                          />
                          <ConfirmButton
                            label={fx('fines.reject')}
                            question={fx('fines.rejectAsk', { amount: formatRupiah(w.amount) })}
                            yes={fx('fines.rejectYes')}
                            disabled={busy === w.id}
                            onConfirm={() => void decide(w, false)}
                            testId="reject"
                          />
                        </div>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
