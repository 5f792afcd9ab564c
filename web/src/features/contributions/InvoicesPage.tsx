import { useState } from 'react';
import { api, qs } from '../../api.ts';
import { formatDate, formatPeriod, formatRupiah } from '../../format.ts';
import { useI18n } from '../../i18n.ts';
import { Link, useRouter } from '../../router.tsx';
import { ErrorBox, PageHeader } from '../../ui/components.tsx';
import { type Column, DataTable, type ListPage, useList } from '../../ui/DataTable.tsx';
import { ConfirmButton } from '../../ui/form.tsx';
import { useFx } from '../../ui/form-text.ts';
import { useApi } from '../../ui/useApi.ts';
import { canWrite } from '../access/nav.ts';
import { useSession } from '../access/session.tsx';
import { TaskLink } from '../access/TaskGate.tsx';
import { BillingRunsPanel } from './BillingRunsPanel.tsx';
import { InvoiceStatus } from './components.tsx';
import { ctMaybe, useCt } from './i18n.ts';
import type { InvoiceRow, PendingWaiver } from './types.ts';

export function InvoicesPage() {
  const { fx } = useFx();
  const ct = useCt();
  const { lang } = useI18n();
  const { user } = useSession();
  const { location, navigate } = useRouter();
  const status = location.search.get('status') ?? '';
  const period = location.search.get('period') ?? '';
  const kind = location.search.get('payer_kind') ?? '';
  const list = useList<ListPage<InvoiceRow>>('/api/invoices', { status, period, payer_kind: kind });
  const columns: Column<InvoiceRow>[] = [
    {
      header: ct('inv.period'),
      cell: (i) => <Link to={`/tagihan/${i.id}`}>{formatPeriod(i.period, lang)}</Link>,
    },
    {
      header: ct('inv.payer'),
      cell: (i) => (
        <>
          <PayerLink row={i} />
          <div className="muted small">
            {ctMaybe(lang, `inv.kind.${i.payer_kind}`, i.payer_kind)} ·{' '}
            <span className="mono">{i.payer_number}</span>
          </div>
        </>
      ),
    },
    { header: ct('inv.due'), cell: (i) => formatDate(i.due_date, lang) },
    { header: ct('inv.amount'), cell: (i) => formatRupiah(i.amount + i.adjustments), className: 'num' },
    { header: ct('inv.paid'), cell: (i) => formatRupiah(i.paid), className: 'num' },
    { header: ct('inv.fines'), cell: (i) => formatRupiah(i.fines_owed), className: 'num' },
    { header: ct('inv.outstanding'), cell: (i) => formatRupiah(i.outstanding), className: 'num' },
    { header: ct('inv.status.paid'), cell: (i) => <InvoiceStatus status={i.status} /> },
  ];
  const go = (next: Record<string, string | number | undefined>) =>
    navigate(`/tagihan${qs({ status, period, payer_kind: kind, ...next })}`);
  const officer = user?.role === 'admin' || user?.role === 'branch_officer';

  return (
    <div>
      <PageHeader
        title={ct('inv.title')}
        actions={
          <>
            <TaskLink task="fines.waivers" to="/tagihan/denda" testId="fines-open">
              {fx('fines.open')}
            </TaskLink>
            {user && canWrite(user.role) ? (
              <Link to="/tagihan/bayar" className="btn btn-primary" testId="payment-new">
                + {ct('inv.record')}
              </Link>
            ) : null}
          </>
        }
      />
      <div className="toolbar">
        <select
          value={status}
          onChange={(e) => go({ status: e.target.value })}
          aria-label="status"
          data-testid="invoice-status-filter"
        >
          <option value="">
            {ct('inv.status.unpaid')} / {ct('inv.status.paid')}
          </option>
          {['unpaid', 'open', 'partial', 'paid'].map((s) => (
            <option key={s} value={s}>
              {ctMaybe(lang, `inv.status.${s}`, s)}
            </option>
          ))}
        </select>
        <select
          value={kind}
          onChange={(e) => go({ payer_kind: e.target.value })}
          aria-label={ct('inv.payerKind')}
        >
          <option value="">{ct('inv.payerKind')}</option>
          {['employer', 'participant', 'sponsor'].map((k) => (
            <option key={k} value={k}>
              {ctMaybe(lang, `inv.kind.${k}`, k)}
            </option>
          ))}
        </select>
        <input
          type="month"
          value={period}
          onChange={(e) => go({ period: e.target.value })}
          aria-label={ct('inv.period')}
        />
      </div>
      {user?.role === 'admin' && <BillingRunsPanel />}
      {officer && <WaiverPanel />}
      <DataTable
        list={list}
        columns={columns}
        rowKey={(i) => i.id}
        count="list.count.invoices"
        empty={ct('inv.empty')}
        testId="invoice-table"
        rowTestId="invoice-row"
      />
    </div>
  );
}

export function PayerLink({ row }: { row: Pick<InvoiceRow, 'payer_kind' | 'payer_id' | 'payer_name'> }) {
  const name = row.payer_name ?? `#${row.payer_id}`;
  if (row.payer_kind === 'employer') return <Link to={`/tagihan/pemberi-kerja/${row.payer_id}`}>{name}</Link>;
  if (row.payer_kind === 'participant') return <Link to={`/tagihan/peserta/${row.payer_id}`}>{name}</Link>;
  return <span>{name}</span>;
}

/** Maker-checker: pending waivers for a second officer to decide (the server refuses the requester). */
function WaiverPanel() {
  const ct = useCt();
  const { fx } = useFx();
  const { lang } = useI18n();
  const res = useApi<{ items: PendingWaiver[] }>('/api/waivers');
  const [error, setError] = useState<unknown>(null);
  if (!res.data || res.data.items.length === 0) return null;
  const decide = (id: number, approve: boolean) => {
    setError(null);
    api(`/api/waivers/${id}/decision`, { method: 'POST', body: { approve } }).then(res.reload, setError);
  };
  return (
    <section className="card" data-testid="waiver-panel">
      <h2>{ct('wv.title')}</h2>
      <ErrorBox error={error} />
      <div className="table-wrap">
        <table>
          <tbody>
            {res.data.items.map((w) => (
              <tr key={w.id}>
                <td>
                  <Link to={`/tagihan/${w.invoice_id}`}>{formatPeriod(w.period, lang)}</Link> · {w.payer_name}
                </td>
                <td className="num">{formatRupiah(w.amount)}</td>
                <td>{w.reason}</td>
                <td className="muted small">
                  {ct('wv.by')} {w.requested_by}
                </td>
                <td>
                  <div className="form-actions">
                    <ConfirmButton
                      primary
                      label={ct('wv.approve')}
                      question={fx('fines.approveAsk', {
                        amount: formatRupiah(w.amount),
                        payer: w.payer_name ?? '—',
                      })}
                      yes={fx('fines.approveYes')}
                      onConfirm={() => decide(w.id, true)}
                      testId="waiver-approve"
                    />
                    <ConfirmButton
                      label={ct('wv.reject')}
                      question={fx('fines.rejectAsk', { amount: formatRupiah(w.amount) })}
                      yes={fx('fines.rejectYes')}
                      onConfirm={() => decide(w.id, false)}
                      testId="waiver-reject"
                    />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
