import { formatDate, formatPeriod, formatRupiah } from '../../format.ts';
import { useI18n } from '../../i18n.ts';
import { Link } from '../../router.tsx';
import { Empty, ErrorBox, Facts, Loading, PageHeader } from '../../ui/components.tsx';
import { useApi } from '../../ui/useApi.ts';
import { ActiveBadge, InvoiceStatus } from './components.tsx';
import { useCt } from './i18n.ts';
import type { EmployerStatement, ParticipantStatement, StatusResponse } from './types.ts';

/** An employer's contribution account: invoices with fines, payments, credit and balance. */
export function EmployerContributionPage({ id }: { id: string }) {
  const ct = useCt();
  const { lang } = useI18n();
  const res = useApi<EmployerStatement>(`/api/employers/${encodeURIComponent(id)}/statement`);
  if (res.loading) return <Loading />;
  if (res.error || !res.data) return <ErrorBox error={res.error} onRetry={res.reload} />;
  const s = res.data;
  return (
    <div data-testid="employer-statement">
      <p className="crumbs">
        <Link to={`/pemberi-kerja/${s.employer.id}`}>← {s.employer.name}</Link>
      </p>
      <PageHeader
        title={`${ct('hist.employerTitle')} — ${s.employer.name}`}
        subtitle={<span className="mono">NPP {s.employer.npp}</span>}
        actions={
          <a
            className="btn"
            href={`/api/employers/${s.employer.id}/statement.xlsx`}
            data-testid="employer-statement-xlsx"
          >
            {ct('hist.download')}
          </a>
        }
      />
      <section className="card">
        <Facts
          items={[
            [ct('hist.owed'), formatRupiah(s.owed), 'statement-owed'],
            [ct('hist.credit'), formatRupiah(s.credit), 'statement-credit'],
            [ct('hist.balance'), formatRupiah(s.balance), 'statement-balance'],
          ]}
        />
      </section>
      <section className="card flush">
        <h2 className="card-title">{ct('inv.title')}</h2>
        {s.invoices.length === 0 ? (
          <Empty>{ct('inv.empty')}</Empty>
        ) : (
          <div className="table-wrap">
            <table data-testid="statement-invoices">
              <thead>
                <tr>
                  <th>{ct('inv.period')}</th>
                  <th>{ct('inv.due')}</th>
                  <th className="num">{ct('inv.amount')}</th>
                  <th className="num">{ct('inv.paid')}</th>
                  <th className="num">{ct('inv.fines')}</th>
                  <th className="num">{ct('inv.outstanding')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {s.invoices.map((i) => (
                  <tr key={i.id}>
                    <td>
                      <Link to={`/tagihan/${i.id}`}>{formatPeriod(i.period, lang)}</Link>
                    </td>
                    <td>{formatDate(i.due_date, lang)}</td>
                    <td className="num">{formatRupiah(i.amount + i.adjustments)}</td>
                    <td className="num">{formatRupiah(i.paid)}</td>
                    <td className="num">{formatRupiah(i.fines)}</td>
                    <td className="num">{formatRupiah(i.outstanding)}</td>
                    <td>
                      <InvoiceStatus status={i.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card flush">
        <h2 className="card-title">{ct('hist.payments')}</h2>
        {s.payments.length === 0 ? (
          <Empty>{ct('inv.noAllocations')}</Empty>
        ) : (
          <div className="table-wrap">
            <table data-testid="statement-payments">
              <thead>
                <tr>
                  <th>{ct('pay.paidOn')}</th>
                  <th>{ct('pay.reference')}</th>
                  <th className="num">{ct('inv.amount')}</th>
                  <th className="num">{ct('hist.allocated')}</th>
                  <th className="num">{ct('hist.credit')}</th>
                </tr>
              </thead>
              <tbody>
                {s.payments.map((p) => (
                  <tr key={p.id}>
                    <td>{formatDate(p.paid_on, lang)}</td>
                    <td className="mono">{p.reference}</td>
                    <td className="num">{formatRupiah(p.amount)}</td>
                    <td className="num">{formatRupiah(p.allocated)}</td>
                    <td className="num">{formatRupiah(p.unallocated)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

/** A participant's months: contributions by program, paid or not, and the status each month had. */
export function ParticipantContributionPage({ id }: { id: string }) {
  const ct = useCt();
  const { lang } = useI18n();
  const res = useApi<ParticipantStatement>(`/api/participants/${encodeURIComponent(id)}/statement`);
  const now = useApi<StatusResponse>(`/api/participants/${encodeURIComponent(id)}/status`);
  if (res.loading) return <Loading />;
  if (res.error || !res.data) return <ErrorBox error={res.error} onRetry={res.reload} />;
  const s = res.data;
  const p = s.participant;
  return (
    <div data-testid="participant-statement">
      <p className="crumbs">
        <Link to={`/peserta/${p.id}`}>← {p.full_name}</Link>
      </p>
      <PageHeader
        title={`${ct('hist.participantTitle')} — ${p.full_name}`}
        subtitle={
          <>
            KPJ <span className="mono">{p.kpj}</span> · {p.segment}{' '}
            {now.data && (
              <ActiveBadge status={now.data.status.status} graceUntil={now.data.status.grace_until} />
            )}
          </>
        }
        actions={
          <a
            className="btn"
            href={`/api/participants/${p.id}/statement.xlsx`}
            data-testid="participant-statement-xlsx"
          >
            {ct('hist.download')}
          </a>
        }
      />
      {s.months.length === 0 ? (
        <Empty>{ct('inv.empty')}</Empty>
      ) : (
        <div className="table-wrap card flush">
          <table data-testid="statement-months">
            <thead>
              <tr>
                <th>{ct('hist.month')}</th>
                <th>{ct('inv.program')}</th>
                <th className="num">{ct('hist.total')}</th>
                <th>{ct('hist.paidMonth')}</th>
                <th>{ct('hist.statusNow')}</th>
              </tr>
            </thead>
            <tbody>
              {s.months.map((m) => (
                <tr key={m.period}>
                  <td>{formatPeriod(m.period, lang)}</td>
                  <td className="small">
                    {m.lines
                      .map(
                        (l) => `${l.program} ${l.payer}${l.adjustment ? '*' : ''}: ${formatRupiah(l.amount)}`,
                      )
                      .join(' · ') || '—'}
                  </td>
                  <td className="num">{formatRupiah(m.total)}</td>
                  <td>{m.paid ? '✓' : '—'}</td>
                  <td>
                    <ActiveBadge status={m.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
