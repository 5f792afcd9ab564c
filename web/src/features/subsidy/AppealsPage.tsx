import { qs } from '../../api.ts';
import { formatDateTime } from '../../format.ts';
import { Link, useRouter } from '../../router.tsx';
import { PageHeader, StatusBadge } from '../../ui/components.tsx';
import { type Column, DataTable, type ListPage, useList } from '../../ui/DataTable.tsx';
import { useSubsidyText } from './text.ts';
import type { Appeal } from './types.ts';

export function AppealsPage() {
  const { s, lang, appealBadge, filedBy } = useSubsidyText();
  const { location, navigate } = useRouter();
  // 'open' unless the address says otherwise ('all' for every status).
  const chosen = location.search.get('status') ?? 'open';
  const status = chosen === 'all' ? '' : chosen;
  const res = useList<ListPage<Appeal>>('/api/subsidy/appeals', { status });
  const columns: Column<Appeal>[] = [
    { header: '#', cell: (a) => a.id },
    {
      header: s('name'),
      cell: (a) => <Link to={`/bsu/run/${a.run_id}/peserta/${a.participant_id}`}>{a.full_name}</Link>,
    },
    {
      header: s('grounds'),
      className: 'small',
      cell: (a) => (
        <>
          {a.grounds}
          <br />
          <span className="muted">{filedBy(a)}</span>
        </>
      ),
    },
    { header: s('status'), cell: (a) => <StatusBadge status={a.status} {...appealBadge(a.status)} /> },
    { header: '', className: 'small muted', cell: (a) => formatDateTime(a.created_at, lang) },
  ];
  return (
    <div data-testid="subsidy-appeals">
      <p className="crumbs">
        <Link to="/bsu">{s('backToProgrammes')}</Link>
      </p>
      <PageHeader title={s('appealsAll')} />
      <div className="toolbar">
        <select
          aria-label={s('filterStatus')}
          value={status}
          onChange={(e) => navigate(`${location.pathname}${qs({ status: e.target.value || 'all' })}`)}
        >
          <option value="">{s('filterAll')}</option>
          <option value="open">{s('appealStatus.open')}</option>
          <option value="upheld">{s('appealStatus.upheld')}</option>
          <option value="rejected">{s('appealStatus.rejected')}</option>
        </select>
      </div>
      <DataTable
        list={res}
        columns={columns}
        rowKey={(a) => a.id}
        count="list.count.appeals"
        empty={s('noAppeals')}
        testId="appeals-table"
      />
    </div>
  );
}
