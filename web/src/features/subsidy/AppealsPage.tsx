import { useState } from 'react';
import { qs } from '../../api.ts';
import { formatDateTime } from '../../format.ts';
import { Link } from '../../router.tsx';
import { Empty, ErrorBox, Loading, PageHeader, StatusBadge } from '../../ui/components.tsx';
import { useApi } from '../../ui/useApi.ts';
import { useSubsidyText } from './text.ts';
import type { Appeal } from './types.ts';

export function AppealsPage() {
  const { s, lang, appealBadge, filedBy } = useSubsidyText();
  const [status, setStatus] = useState<'' | 'open' | 'upheld' | 'rejected'>('open');
  const res = useApi<{ items: Appeal[] }>(`/api/subsidy/appeals${qs({ status })}`);
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
          onChange={(e) => setStatus(e.target.value as typeof status)}
        >
          <option value="">{s('filterAll')}</option>
          <option value="open">{s('appealStatus.open')}</option>
          <option value="upheld">{s('appealStatus.upheld')}</option>
          <option value="rejected">{s('appealStatus.rejected')}</option>
        </select>
      </div>
      {res.loading ? (
        <Loading />
      ) : res.error ? (
        <ErrorBox error={res.error} />
      ) : (res.data?.items.length ?? 0) === 0 ? (
        <Empty>{s('noAppeals')}</Empty>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>#</th>
                <th>{s('name')}</th>
                <th>{s('grounds')}</th>
                <th>{s('status')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {res.data?.items.map((a) => (
                <tr key={a.id}>
                  <td>{a.id}</td>
                  <td>
                    <Link to={`/bsu/run/${a.run_id}/peserta/${a.participant_id}`}>{a.full_name}</Link>
                  </td>
                  <td className="small">
                    {a.grounds}
                    <br />
                    <span className="muted">{filedBy(a)}</span>
                  </td>
                  <td>
                    <StatusBadge status={a.status} {...appealBadge(a.status)} />
                  </td>
                  <td className="small muted">{formatDateTime(a.created_at, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
