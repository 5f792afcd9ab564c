import { type FormEvent, useEffect, useState } from 'react';
import { api } from '../../api.ts';
import { formatDate, formatNumber, formatRupiah } from '../../format.ts';
import { useI18n } from '../../i18n.ts';
import { Link } from '../../router.tsx';
import { ErrorBox } from '../../ui/components.tsx';
import { AmountRow, DateRow, FormPage, TaskFormCard, TextRow } from '../../ui/fields.tsx';
import {
  type Change,
  Choice,
  Confirmation,
  checks,
  EntityPicker,
  Field,
  type FieldErrors,
  isoToInput,
  type Picked,
  todayWib,
  useTaskForm,
} from '../../ui/form.tsx';
import { useFx } from '../../ui/form-text.ts';
import { useApi } from '../../ui/useApi.ts';
import { useSession } from '../access/session.tsx';
import { JobProgress } from '../jobs/JobProgress.tsx';
import { jobEnded, useJob } from '../jobs/useJob.ts';
import type { Partner } from '../partnerships/types.ts';
import { useCt } from './i18n.ts';
import type { BankImportResult, PayerKind } from './types.ts';

interface Recorded {
  created: boolean;
  credit: number;
  payment: { id: number };
  allocations: Array<{ invoice_id: number; target: 'contribution' | 'fine'; amount: number }>;
}

const KINDS = ['employer', 'participant', 'sponsor'] as const;

/**
 * /tagihan/bayar — a payment typed in by the office (or an employer for itself): the payer chosen by
 * NPP, KPJ, NIK or name (a sponsoring partner from its list), the amount typed the Indonesian way
 * ("5.000.000"), the value date day first in WIB; errors beside their fields, then what was recorded.
 */
export function PaymentPage() {
  const ct = useCt();
  const { fx } = useFx();
  const { lang } = useI18n();
  const { user } = useSession();
  const isEmployer = user?.role === 'employer';
  const initial = {
    payer_kind: 'employer' as PayerKind,
    payer: null as Picked | null,
    sponsor: '',
    reference: '',
    amount: '',
    paid_on: isoToInput(todayWib()),
  };
  const f = useTaskForm(initial, { payer_id: 'payer', payer_kind: 'payer_kind' });
  const v = f.values;
  const [done, setDone] = useState<{
    r: Recorded;
    payer: string;
    amount: number;
    paidOn: string;
    reference: string;
  } | null>(null);
  const [ownError, setOwnError] = useState<unknown>(null);
  const partners = useApi<{ items: Partner[] }>(
    v.payer_kind === 'sponsor' && !isEmployer ? '/api/partners' : null,
  );

  // An employer pays for itself: its own employer row is the only one its scope returns.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per user; f.set is a fresh closure each render
  useEffect(() => {
    if (!isEmployer) return;
    api<{ items: Array<{ id: number; npp: string; name: string }> }>('/api/employers?pageSize=1')
      .then((r) => {
        const e = r.items[0];
        if (e) f.set('payer', { id: e.id, number: e.npp, name: e.name, detail: '' });
      })
      .catch(setOwnError);
  }, [isEmployer]);

  let amount = 0;
  let paidOn = '';
  const payerId = () => (v.payer_kind === 'sponsor' ? Number(v.sponsor) || 0 : (v.payer?.id ?? 0));
  const payerWords = () => {
    if (v.payer_kind === 'sponsor')
      return partners.data?.items.find((p) => String(p.id) === v.sponsor)?.name ?? '';
    return v.payer
      ? `${v.payer.name} (${v.payer_kind === 'employer' ? 'NPP' : 'KPJ'} ${v.payer.number})`
      : '';
  };
  const check = () => {
    const e: FieldErrors = {};
    const c = checks(e);
    if (v.payer_kind === 'sponsor') c.picked('sponsor', v.sponsor);
    else c.picked('payer', v.payer);
    c.text('reference', v.reference, { max: 100 });
    amount = c.amount('amount', v.amount, { required: true, min: 1 }) ?? 0;
    if (amount && !Number.isInteger(amount)) e.amount = { key: 'form.err.number' };
    paidOn = c.date('paid_on', v.paid_on, { required: true, notAfter: todayWib() }) ?? '';
    return e;
  };
  const send = async () => {
    const r = await api<Recorded>('/api/payments', {
      method: 'POST',
      body: {
        reference: v.reference.trim(),
        payer_kind: v.payer_kind,
        payer_id: payerId(),
        amount,
        paid_on: paidOn,
        source: 'web',
      },
    });
    setDone({ r, payer: payerWords(), amount, paidOn, reference: v.reference.trim() });
  };

  if (done) {
    const spent = done.r.allocations.reduce((n, a) => n + a.amount, 0);
    const changes: Change[] = [
      { label: fx('payment.reference'), after: done.reference },
      { label: fx('payment.payerKind'), after: done.payer },
      { label: fx('payment.amount'), after: formatRupiah(done.amount) },
      { label: fx('payment.paidOn'), after: formatDate(done.paidOn, lang) },
      {
        label: fx('payment.allocated'),
        after: fx('payment.allocatedValue', {
          amount: formatRupiah(spent),
          n: formatNumber(new Set(done.r.allocations.map((a) => a.invoice_id)).size),
        }),
      },
      { label: fx('payment.credit'), after: formatRupiah(done.r.credit) },
    ];
    return (
      <FormPage title={ct('pay.title')}>
        <div data-testid="payment-result">
          <Confirmation title={done.r.created ? fx('payment.done') : fx('payment.repeat')} changes={changes}>
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => {
                setDone(null);
                f.setValues({ ...initial, payer_kind: v.payer_kind, payer: isEmployer ? v.payer : null });
              }}
            >
              {fx('payment.another')}
            </button>
            <Link to="/tagihan" className="btn">
              {fx('payment.openInvoices')}
            </Link>
          </Confirmation>
        </div>
      </FormPage>
    );
  }

  return (
    <FormPage crumb={{ to: '/tagihan', label: ct('inv.title') }} title={ct('pay.title')}>
      <ErrorBox error={ownError} />
      <TaskFormCard
        form={f}
        check={check}
        send={send}
        testId="payment-form"
        submit={fx('payment.submit')}
        submitTestId="payment-submit"
      >
        <Field label={fx('payment.payerKind')} error={f.errors.payer_kind}>
          {(ctl) => (
            <select
              {...ctl}
              value={v.payer_kind}
              disabled={isEmployer}
              data-testid="payment-kind"
              onChange={(e) => {
                f.set('payer_kind', e.target.value as PayerKind);
                f.set('payer', null);
                f.set('sponsor', '');
              }}
            >
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {fx(`payment.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {v.payer_kind === 'sponsor' ? (
          <Field label={fx('payment.sponsor')} error={f.errors.sponsor ?? f.errors.payer}>
            {(ctl) => (
              <Choice
                ctl={ctl}
                value={v.sponsor}
                onChange={(x) => f.set('sponsor', x)}
                placeholder={fx('form.choose')}
                options={(partners.data?.items ?? []).map((p) => [String(p.id), p.name])}
                testId="payment-sponsor"
              />
            )}
          </Field>
        ) : (
          <Field label={fx(`payment.${v.payer_kind}`)} error={f.errors.payer}>
            {(ctl) =>
              isEmployer ? (
                <div className="picked" data-testid="payment-payer-picked">
                  <span>
                    <strong>{v.payer?.name ?? '…'}</strong>{' '}
                    {v.payer && <span className="muted">NPP {v.payer.number}</span>}
                  </span>
                </div>
              ) : (
                <EntityPicker
                  ctl={ctl}
                  kind={v.payer_kind === 'participant' ? 'participant' : 'employer'}
                  value={v.payer}
                  onChange={(p) => f.set('payer', p)}
                  testId="payment-payer"
                />
              )
            }
          </Field>
        )}
        <TextRow
          form={f}
          name="reference"
          label={fx('payment.reference')}
          hint={fx('payment.referenceHint')}
          input={{ maxLength: 100, autoComplete: 'off' }}
          testId="payment-reference"
        />
        <AmountRow form={f} name="amount" label={fx('payment.amount')} testId="payment-amount" />
        <DateRow form={f} name="paid_on" label={fx('payment.paidOn')} testId="payment-paid-on" />
      </TaskFormCard>
      {!isEmployer && <BankImport />}
    </FormPage>
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
      <p className="muted small">
        {ct('pay.importHelp')} <code>reference, paid_on, payer_kind, payer_number, amount</code>
      </p>
      <form onSubmit={submit} className="toolbar">
        <input
          type="file"
          accept=".csv,.txt,.xlsx"
          aria-label={ct('pay.importFile')}
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
