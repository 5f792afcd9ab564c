import { useState } from 'react';
import { formatDate, formatNumber, formatPeriod } from '../../format.ts';
import { Link } from '../../router.tsx';
import { ErrorBox, PageHeader } from '../../ui/components.tsx';
import { type Column, DataTable, type ListPage, useList } from '../../ui/DataTable.tsx';
import { useApi } from '../../ui/useApi.ts';
import { ProgressBar } from './Chart.tsx';
import { AgreementStatusBadge } from './Status.tsx';
import { SubNav } from './SubNav.tsx';
import { type PtKey, usePt } from './text.ts';
import type { Alert, PerformanceRow } from './types.ts';
import './partnerships.css';
import { useFx } from '../../ui/form-text.ts';
import { TaskLink } from '../access/TaskGate.tsx';

type SortKey = 'gap_to_target' | 'gap_to_pace' | 'registered' | 'active';

/** /kemitraan: expiry alerts and the agreement-performance table, sortable by gap. */
export function AgreementsPage() {
  const { fx } = useFx();
  const { pt, lang } = usePt();
  const [sort, setSort] = useState<{ key: SortKey; order: 'asc' | 'desc' }>({
    key: 'gap_to_target',
    order: 'desc',
  });
  const perf = useList<ListPage<PerformanceRow>>('/api/agreements/performance', {
    sort: sort.key,
    order: sort.order,
  });
  const alerts = useApi<{ items: Alert[] }>('/api/agreements/alerts');
  const sortable = (key: SortKey, label: PtKey): Column<PerformanceRow>['th'] & object => ({
    className: 'num pt-sortable',
    'aria-sort': sort.key === key ? (sort.order === 'asc' ? 'ascending' : 'descending') : 'none',
    onClick: () => {
      setSort((s) => ({ key, order: s.key === key && s.order === 'desc' ? 'asc' : 'desc' }));
      perf.onPage(1);
    },
    'data-testid': `sort-${key}`,
    title: pt(label),
  });
  const arrow = (key: SortKey) => (sort.key === key ? (sort.order === 'desc' ? ' ▼' : ' ▲') : '');
  const columns: Column<PerformanceRow>[] = [
    { header: pt('number'), cell: (r) => <Link to={`/kemitraan/perjanjian/${r.id}`}>{r.number}</Link> },
    { header: pt('partner'), cell: (r) => r.partner_acronym ?? r.partner_name },
    { header: pt('status'), cell: (r) => <AgreementStatusBadge status={r.status} /> },
    {
      header: pt('target'),
      className: 'num nowrap',
      cell: (r) => (
        <span title={r.target_by ? formatDate(r.target_by, lang) : undefined}>
          {formatNumber(r.target_people)}
          {r.target_by && <div className="muted small">{formatPeriod(r.target_by.slice(0, 7), lang)}</div>}
        </span>
      ),
    },
    {
      header: `${pt('registered')}${arrow('registered')}`,
      th: sortable('registered', 'registered'),
      className: 'num',
      cell: (r) => formatNumber(r.registered),
    },
    {
      header: `${pt('colActive')}${arrow('active')}`,
      th: sortable('active', 'colActive'),
      className: 'num',
      cell: (r) => formatNumber(r.active),
    },
    {
      header: pt('progress'),
      cell: (r) => (
        <ProgressBar registered={r.registered} target={r.target_people} expected={r.expected_by_now} />
      ),
    },
    {
      header: `${pt('colGapTarget')}${arrow('gap_to_target')}`,
      th: sortable('gap_to_target', 'colGapTarget'),
      className: 'num',
      cell: (r) => formatNumber(r.gap_to_target),
    },
    {
      header: `${pt('colGapPace')}${arrow('gap_to_pace')}`,
      th: sortable('gap_to_pace', 'colGapPace'),
      className: 'num',
      cell: (r) => (
        <span className={r.on_track === false ? 'warn-text' : ''}>{formatNumber(r.gap_to_pace)}</span>
      ),
    },
    { header: pt('paceNeeded'), className: 'num', cell: (r) => formatNumber(r.needed_per_month) },
  ];
  return (
    <div>
      <PageHeader
        title={pt('title')}
        subtitle={pt('subtitle')}
        actions={
          <TaskLink task="agreements.manage" to="/kemitraan/perjanjian/baru" primary testId="agreement-new">
            + {fx('agreementForm.title')}
          </TaskLink>
        }
      />
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
        <DataTable
          list={perf}
          columns={columns}
          rowKey={(r) => r.id}
          count="list.count.agreements"
          empty={pt('noAgreements')}
          testId="performance-table"
          rowTestId="performance-row"
        />
      </section>
    </div>
  );
}
