import { useState } from 'react';
import { qs } from '../../api.ts';
import { formatDate, formatNumber, formatPeriod } from '../../format.ts';
import { Link } from '../../router.tsx';
import { Empty, ErrorBox, Loading, PageHeader } from '../../ui/components.tsx';
import { useApi } from '../../ui/useApi.ts';
import { ProgressBar } from './Chart.tsx';
import { AgreementStatusBadge } from './Status.tsx';
import { SubNav } from './SubNav.tsx';
import { type PtKey, usePt } from './text.ts';
import type { Alert, PerformanceRow } from './types.ts';
import './partnerships.css';

type SortKey = 'gap_to_target' | 'gap_to_pace' | 'registered' | 'active';

/** /kemitraan: expiry alerts and the agreement-performance table, sortable by gap. */
export function AgreementsPage() {
  const { pt, lang } = usePt();
  const [sort, setSort] = useState<{ key: SortKey; order: 'asc' | 'desc' }>({
    key: 'gap_to_target',
    order: 'desc',
  });
  const perf = useApi<{ items: PerformanceRow[] }>(
    `/api/agreements/performance${qs({ sort: sort.key, order: sort.order })}`,
  );
  const alerts = useApi<{ items: Alert[] }>('/api/agreements/alerts');
  const header = (key: SortKey, label: PtKey) => (
    <th
      className="num pt-sortable"
      aria-sort={sort.key === key ? (sort.order === 'asc' ? 'ascending' : 'descending') : 'none'}
      onClick={() => setSort((s) => ({ key, order: s.key === key && s.order === 'desc' ? 'asc' : 'desc' }))}
      data-testid={`sort-${key}`}
    >
      {pt(label)} {sort.key === key ? (sort.order === 'desc' ? '▼' : '▲') : ''}
    </th>
  );
  return (
    <div>
      <PageHeader title={pt('title')} subtitle={pt('subtitle')} />
      <SubNav />
      <section className="card" data-testid="agreement-alerts">
        <h2 className="card-title">{pt('alerts')}</h2>
        <ErrorBox error={alerts.error} />
        {alerts.data && alerts.data.items.length === 0 && <p className="muted">{pt('alertsNone')}</p>}
        <ul className="plain">
          {alerts.data?.items.map((a) => (
            <li key={a.id}>
              <AgreementStatusBadge status={a.status} />{' '}
              <Link to={`/kemitraan/perjanjian/${a.id}`}>{a.number}</Link> · {a.partner_name} ·{' '}
              {a.days_left !== null && a.days_left >= 0
                ? pt('daysLeft', { n: a.days_left })
                : pt('daysAgo', { n: -(a.days_left ?? 0) })}
            </li>
          ))}
        </ul>
      </section>
      <section className="card flush">
        <h2 className="card-title">{pt('performance')}</h2>
        <p className="muted small" style={{ padding: '0 1.25rem' }}>
          {pt('performanceHint')}
        </p>
        <ErrorBox error={perf.error} onRetry={perf.reload} />
        {perf.loading && !perf.data && <Loading />}
        {perf.data && perf.data.items.length === 0 && <Empty>{pt('noAgreements')}</Empty>}
        {perf.data && perf.data.items.length > 0 && (
          <div className="table-wrap">
            <table data-testid="performance-table">
              <thead>
                <tr>
                  <th>{pt('number')}</th>
                  <th>{pt('partner')}</th>
                  <th>{pt('status')}</th>
                  <th className="num">{pt('target')}</th>
                  {header('registered', 'registered')}
                  {header('active', 'colActive')}
                  <th>{pt('progress')}</th>
                  {header('gap_to_target', 'colGapTarget')}
                  {header('gap_to_pace', 'colGapPace')}
                  <th className="num">{pt('paceNeeded')}</th>
                </tr>
              </thead>
              <tbody>
                {perf.data.items.map((r) => (
                  <tr key={r.id} data-testid="performance-row">
                    <td>
                      <Link to={`/kemitraan/perjanjian/${r.id}`}>{r.number}</Link>
                    </td>
                    <td>{r.partner_acronym ?? r.partner_name}</td>
                    <td>
                      <AgreementStatusBadge status={r.status} />
                    </td>
                    <td
                      className="num nowrap"
                      title={r.target_by ? formatDate(r.target_by, lang) : undefined}
                    >
                      {formatNumber(r.target_people)}
                      {r.target_by && (
                        <div className="muted small">{formatPeriod(r.target_by.slice(0, 7), lang)}</div>
                      )}
                    </td>
                    <td className="num">{formatNumber(r.registered)}</td>
                    <td className="num">{formatNumber(r.active)}</td>
                    <td>
                      <ProgressBar
                        registered={r.registered}
                        target={r.target_people}
                        expected={r.expected_by_now}
                      />
                    </td>
                    <td className="num">{formatNumber(r.gap_to_target)}</td>
                    <td className={`num ${r.on_track === false ? 'warn-text' : ''}`}>
                      {formatNumber(r.gap_to_pace)}
                    </td>
                    <td className="num">{formatNumber(r.needed_per_month)}</td>
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
