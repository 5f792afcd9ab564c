import { useState } from 'react';
import { api } from '../../api.ts';
import { formatDate, formatPeriod, formatRate, formatRupiah } from '../../format.ts';
import { localize, useI18n } from '../../i18n.ts';
import { Link } from '../../router.tsx';
import { Empty, ErrorBox, Facts, Loading, PageHeader } from '../../ui/components.tsx';
import { checks, Field, type FieldErrors, useTaskForm } from '../../ui/form.tsx';
import { useFx } from '../../ui/form-text.ts';
import { useApi } from '../../ui/useApi.ts';
import { useSession } from '../access/session.tsx';
import { InvoiceStatus } from './components.tsx';
import { PayerLink } from './InvoicesPage.tsx';
import { ctMaybe, useCt } from './i18n.ts';
import type { InvoiceDetail } from './types.ts';

export function InvoiceDetailPage({ id }: { id: string }) {
  const ct = useCt();
  const { lang } = useI18n();
  const { user } = useSession();
  const res = useApi<InvoiceDetail>(`/api/invoices/${encodeURIComponent(id)}`);
  if (res.loading) return <Loading />;
  if (res.error || !res.data) return <ErrorBox error={res.error} onRetry={res.reload} />;
  const { invoice: i, due, lines, fines, allocations } = res.data;
  const officer = user?.role === 'admin' || user?.role === 'branch_officer';
  const rolled = due.skipped.length
    ? ct('inv.dueRolled', {
        nominal: formatDate(due.nominal, lang),
        reasons: due.skipped.map((s) => localize(s.reason, lang)).join(', '),
      })
    : null;
  return (
    <div data-testid="invoice-detail">
      <p className="crumbs">
        <Link to="/tagihan">← {ct('inv.title')}</Link>
      </p>
      <PageHeader
        title={`${ct('inv.title')} ${formatPeriod(i.period, lang)}`}
        subtitle={
          <>
            <PayerLink row={i} /> · {ctMaybe(lang, `inv.kind.${i.payer_kind}`, i.payer_kind)}{' '}
            <InvoiceStatus status={i.status} />
          </>
        }
      />
      <section className="card">
        <Facts
          items={[
            [
              ct('inv.due'),
              <span key="d" title={rolled ?? undefined}>
                {formatDate(i.due_date, lang)} ({due.basis})
              </span>,
              'invoice-due',
            ],
            [ct('inv.amount'), formatRupiah(i.amount)],
            [ct('inv.adjustments'), formatRupiah(i.adjustments)],
            [ct('inv.paid'), formatRupiah(i.paid)],
            [ct('inv.fines'), formatRupiah(i.fines_owed), 'invoice-fines'],
            [ct('inv.outstanding'), formatRupiah(i.outstanding), 'invoice-outstanding'],
            [ct('inv.paidAt'), formatDate(i.paid_at, lang)],
          ]}
        />
        {rolled && <p className="muted small">{rolled}</p>}
        {due.warning && <p className="muted small">{localize(due.warning, lang)}</p>}
      </section>
      <section className="card">
        <h2>{ct('inv.lines')}</h2>
        <div className="table-wrap">
          <table data-testid="invoice-lines">
            <thead>
              <tr>
                <th>{ct('inv.program')}</th>
                <th>{ct('inv.share')}</th>
                <th>{ct('inv.forPeriod')}</th>
                <th className="num">{ct('inv.participants')}</th>
                <th className="num">{ct('inv.amount')}</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((l) => (
                <tr key={`${l.program}-${l.payer}-${l.for_period}-${l.adjustment}`}>
                  <td>{l.program}</td>
                  <td>{ctMaybe(lang, `inv.share.${l.payer}`, l.payer)}</td>
                  <td>
                    {formatPeriod(l.for_period, lang)}{' '}
                    {l.adjustment && <span className="muted small">({ct('inv.adjustment')})</span>}
                  </td>
                  <td className="num">{l.participants}</td>
                  <td className="num">{formatRupiah(l.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section className="card">
        <h2>{ct('inv.finesTitle')}</h2>
        {fines.length === 0 ? (
          <Empty>{ct('inv.noFines')}</Empty>
        ) : (
          <div className="table-wrap">
            <table data-testid="invoice-fines-table">
              <thead>
                <tr>
                  <th className="num">{ct('inv.monthNo')}</th>
                  <th className="num">{ct('inv.base')}</th>
                  <th className="num">{ct('inv.rate')}</th>
                  <th className="num">{ct('inv.amount')}</th>
                  <th className="num">{ct('inv.paid')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {fines.map((f) => (
                  <tr key={f.id}>
                    <td className="num">{f.month_no}</td>
                    <td className="num">{formatRupiah(f.base)}</td>
                    <td className="num">{formatRate(f.rate)}</td>
                    <td className="num">{formatRupiah(f.amount)}</td>
                    <td className="num">{formatRupiah(f.paid)}</td>
                    <td>
                      {f.waived ? (
                        <span className="badge badge-neutral">{ct('inv.waived')}</span>
                      ) : (
                        officer && f.paid < f.amount && <WaiverRequest fineId={f.id} onDone={res.reload} />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card">
        <h2>{ct('inv.allocations')}</h2>
        {allocations.length === 0 ? (
          <Empty>{ct('inv.noAllocations')}</Empty>
        ) : (
          <ul data-testid="invoice-allocations">
            {allocations.map((a) => (
              <li key={`${a.payment_id}-${a.target}`}>
                {formatDate(a.paid_on, lang)} · <span className="mono">{a.reference}</span> ·{' '}
                {ctMaybe(lang, `inv.target.${a.target}`, a.target)} {formatRupiah(a.amount)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

/** A branch officer asks for a fine to be waived; another officer decides (/tagihan/denda). */
function WaiverRequest({ fineId, onDone }: { fineId: number; onDone(): void }) {
  const ct = useCt();
  const { fx } = useFx();
  const f = useTaskForm({ reason: '' });
  const [sent, setSent] = useState(false);
  const check = () => {
    const e: FieldErrors = {};
    checks(e).text('reason', f.values.reason, { min: 10, max: 1000 });
    return e;
  };
  const send = async () => {
    await api(`/api/fines/${fineId}/waivers`, { method: 'POST', body: { reason: f.values.reason.trim() } });
    setSent(true);
  };
  if (sent)
    return (
      <div className="small" role="status" data-testid="waiver-sent">
        ✓ {fx('waiver.sent')}{' '}
        <button type="button" className="btn btn-small btn-ghost" onClick={onDone}>
          {fx('waiver.refresh')}
        </button>
      </div>
    );
  return (
    <form
      noValidate
      className="inline-form"
      data-testid="waiver-form"
      onSubmit={(e) => {
        e.preventDefault();
        void f.submit(check, send);
      }}
    >
      <Field label={ct('inv.waiverReason')} error={f.errors.reason ?? f.formError}>
        {(ctl) => (
          <input
            {...ctl}
            value={f.values.reason}
            onChange={(e) => f.set('reason', e.target.value)}
            maxLength={1000}
            data-testid="waiver-reason"
          />
        )}
      </Field>
      <button type="submit" className="btn btn-small" disabled={f.busy} data-testid="waiver-submit">
        {ct('inv.requestWaiver')}
      </button>
    </form>
  );
}
