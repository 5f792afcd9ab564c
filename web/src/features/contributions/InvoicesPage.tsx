import { useState } from 'react';
import { api, qs } from '../../api.ts';
import { formatDate, formatPeriod, formatRupiah } from '../../format.ts';
import { useI18n } from '../../i18n.ts';
import { Link, useRouter } from '../../router.tsx';
import { Empty, ErrorBox, Loading, PageHeader, Pagination } from '../../ui/components.tsx';
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

const PAGE_SIZE = 50;

export function InvoicesPage() {
  const { fx } = useFx();
  const ct = useCt();
  const { lang } = useI18n();
  const { user } = useSession();
  const { location, navigate } = useRouter();
  const status = location.search.get('status') ?? '';
  const period = location.search.get('period') ?? '';
  const kind = location.search.get('payer_kind') ?? '';
  const page = Number(location.search.get('page') ?? '1') || 1;
  const list = useApi<{ items: InvoiceRow[]; total: number }>(
    `/api/invoices${qs({ status, period, payer_kind: kind, page, pageSize: PAGE_SIZE })}`,
  );
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
      <ErrorBox error={list.error} onRetry={list.reload} />
      {list.loading && <Loading />}
      {list.data && list.data.items.length === 0 && <Empty>{ct('inv.empty')}</Empty>}
      {list.data && list.data.items.length > 0 && (
        <>
          <div className="table-wrap">
            <table data-testid="invoice-table">
              <thead>
                <tr>
                  <th>{ct('inv.period')}</th>
                  <th>{ct('inv.payer')}</th>
                  <th>{ct('inv.due')}</th>
                  <th className="num">{ct('inv.amount')}</th>
                  <th className="num">{ct('inv.paid')}</th>
                  <th className="num">{ct('inv.fines')}</th>
                  <th className="num">{ct('inv.outstanding')}</th>
                  <th>{ct('inv.status.paid')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((i) => (
                  <tr key={i.id} data-testid="invoice-row">
                    <td>
                      <Link to={`/tagihan/${i.id}`}>{formatPeriod(i.period, lang)}</Link>
                    </td>
                    <td>
                      <PayerLink row={i} />
                      <div className="muted small">
                        {ctMaybe(lang, `inv.kind.${i.payer_kind}`, i.payer_kind)} ·{' '}
                        <span className="mono">{i.payer_number}</span>
                      </div>
                    </td>
                    <td>{formatDate(i.due_date, lang)}</td>
                    <td className="num">{formatRupiah(i.amount + i.adjustments)}</td>
                    <td className="num">{formatRupiah(i.paid)}</td>
                    <td className="num">{formatRupiah(i.fines_owed)}</td>
                    <td className="num">{formatRupiah(i.outstanding)}</td>
                    <td>
                      <InvoiceStatus status={i.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination
            page={page}
            pageSize={PAGE_SIZE}
            total={list.data.total}
            onPage={(p) => go({ page: p })}
          />
        </>
      )}
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
