import { type FormEvent, useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { formatRupiah, jakartaDate } from '../../format.ts';
import { useI18n } from '../../i18n.ts';
import { Link } from '../../router.tsx';
import { ErrorBox, PageHeader } from '../../ui/components.tsx';
import { useSession } from '../access/session.tsx';
import { JobProgress } from '../jobs/JobProgress.tsx';
import { jobEnded, useJob } from '../jobs/useJob.ts';
import { ctMaybe, useCt } from './i18n.ts';
import type { BankImportResult, PayerKind } from './types.ts';

interface Recorded {
  created: boolean;
  credit: number;
  payment: { id: number };
}

// The payment form's default date is today in WIB, not the UTC date (07:00 WIB is midnight UTC).
const today = () => jakartaDate();

export function PaymentPage() {
  const ct = useCt();
  const { lang } = useI18n();
  const { user } = useSession();
  const [kind, setKind] = useState<PayerKind>('employer');
  const [payerId, setPayerId] = useState('');
  const [reference, setReference] = useState('');
  const [amount, setAmount] = useState('');
  const [paidOn, setPaidOn] = useState(today());
  const [done, setDone] = useState<Recorded | null>(null);
  const [error, setError] = useState<unknown>(null);

  // An employer pays for itself: its own employer row is the only one its scope returns.
  useEffect(() => {
    if (user?.role !== 'employer') return;
    api<{ items: Array<{ id: number }> }>('/api/employers?pageSize=1')
      .then((r) => setPayerId(String(r.items[0]?.id ?? '')))
      .catch(setError);
  }, [user]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setDone(null);
    api<Recorded>('/api/payments', {
      method: 'POST',
      body: {
        reference,
        payer_kind: kind,
        payer_id: Number(payerId),
        amount: Number(amount),
        paid_on: paidOn,
        source: 'web',
      },
    }).then(setDone, setError);
  };

  return (
    <div>
      <p className="crumbs">
        <Link to="/tagihan">← {ct('inv.title')}</Link>
      </p>
      <PageHeader title={ct('pay.title')} />
      <form className="card form-grid" onSubmit={submit} data-testid="payment-form">
        <label className="field">
          <span>{ct('inv.payerKind')}</span>
          <select
            value={kind}
            onChange={(e) => setKind(e.target.value as PayerKind)}
            disabled={user?.role === 'employer'}
          >
            {(['employer', 'participant', 'sponsor'] as const).map((k) => (
              <option key={k} value={k}>
                {ctMaybe(lang, `inv.kind.${k}`, k)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{ct('pay.payerId')}</span>
          <input
            value={payerId}
            onChange={(e) => setPayerId(e.target.value)}
            required
            pattern="\d+"
            data-testid="payment-payer"
          />
        </label>
        <label className="field">
          <span>{ct('pay.reference')}</span>
          <input
            value={reference}
            onChange={(e) => setReference(e.target.value)}
            required
            maxLength={100}
            data-testid="payment-reference"
          />
        </label>
        <label className="field">
          <span>{ct('pay.amount')}</span>
          <input
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            required
            pattern="\d+"
            inputMode="numeric"
            data-testid="payment-amount"
          />
        </label>
        <label className="field">
          <span>{ct('pay.paidOn')}</span>
          <input
            type="date"
            value={paidOn}
            onChange={(e) => setPaidOn(e.target.value)}
            required
            max={today()}
          />
        </label>
        <div>
          <button type="submit" className="btn btn-primary" data-testid="payment-submit">
            {ct('pay.submit')}
          </button>
        </div>
      </form>
      <ErrorBox error={error} />
      {done && (
        <div className="alert" role="status" data-testid="payment-result">
          {done.created
            ? ct('pay.recorded', { id: done.payment.id, credit: formatRupiah(done.credit) })
            : ct('pay.repeat', { id: done.payment.id })}
        </div>
      )}
      {user?.role !== 'employer' && <BankImport />}
    </div>
  );
}

function BankImport() {
  const ct = useCt();
  const { pick } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [jobId, setJobId] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { job } = useJob(jobId);
  const result = job?.status === 'done' ? (job.result as BankImportResult) : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    const body = new FormData();
    body.append('file', file);
    setError(null);
    api<{ job: { id: number } }>('/api/payments/import', { method: 'POST', body }).then(
      (r) => setJobId(r.job.id),
      setError,
    );
  };
  return (
    <section className="card">
      <h2>{ct('pay.importTitle')}</h2>
      <p className="muted small">{ct('pay.importHelp')}</p>
      <form onSubmit={submit} className="toolbar">
        <input
          type="file"
          accept=".csv,.txt,.xlsx"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          data-testid="bank-file"
        />
        <button
          type="submit"
          className="btn btn-primary"
          disabled={!file || (jobId !== null && !jobEnded(job))}
        >
          {ct('pay.import')}
        </button>
      </form>
      <ErrorBox error={error} />
      {job && !result ? <JobProgress job={job} /> : null}
      {result && (
        <>
          <p data-testid="bank-result">
            {ct('pay.importResult', {
              total: result.total,
              recorded: result.recorded,
              unchanged: result.unchanged,
              rejected: result.rejected,
            })}
          </p>
          {result.errors.length > 0 && (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th className="num">{ct('pay.line')}</th>
                    <th>{ct('pay.column')}</th>
                    <th>{ct('pay.message')}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.errors.map((e) => (
                    <tr key={`${e.line}-${e.column}-${e.code}`}>
                      <td className="num">{e.line}</td>
                      <td className="mono">{e.column}</td>
                      <td>{pick(e.message_id, e.message_en)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
