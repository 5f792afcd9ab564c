import { useState } from 'react';
import { qs } from '../../api.ts';
import { formatDate } from '../../format.ts';
import { Link } from '../../router.tsx';
import { Empty, ErrorBox, Loading, Pagination, StatusBadge } from '../../ui/components.tsx';
import { useApi } from '../../ui/useApi.ts';
import { usePt } from './text.ts';
import type { Member } from './types.ts';

const PAGE_SIZE = 50;

/** People of an agreement; the API decides who may see them (partners: their own agreements only). */
export function MembersTable({ agreementId }: { agreementId: number }) {
  const { pt, lang } = usePt();
  const [page, setPage] = useState(1);
  const m = useApi<{
    items: Member[];
    total: number;
    employers: Array<{ employer_id: number; npp: string; name: string }>;
  }>(`/api/agreements/${agreementId}/members${qs({ page, pageSize: PAGE_SIZE })}`);
  return (
    <section className="card flush">
      <h2 className="card-title">{pt('members')}</h2>
      <ErrorBox error={m.error} onRetry={m.reload} />
      {m.loading && !m.data && <Loading />}
      {m.data && m.data.employers.length > 0 && (
        <p className="small" style={{ padding: '0 1.25rem' }}>
          {pt('employers')}: {m.data.employers.map((e) => e.name).join(', ')}
        </p>
      )}
      {m.data && m.data.items.length === 0 && <Empty>—</Empty>}
      {m.data && m.data.items.length > 0 && (
        <div className="table-wrap">
          <table data-testid="member-table">
            <thead>
              <tr>
                <th>NIK</th>
                <th>KPJ</th>
                <th>{pt('name')}</th>
                <th>{pt('segments')}</th>
                <th>{pt('attributedOn')}</th>
                <th>{pt('via')}</th>
                <th>{pt('sponsorship')}</th>
                <th>{pt('status')}</th>
              </tr>
            </thead>
            <tbody>
              {m.data.items.map((x) => (
                <tr key={x.participant_id} data-testid="member-row">
                  <td className="mono">{x.nik}</td>
                  <td className="mono">{x.kpj}</td>
                  <td>
                    <Link to={`/peserta/${x.participant_id}`}>{x.full_name}</Link>
                    {x.employer_name && <div className="muted small">{x.employer_name}</div>}
                  </td>
                  <td>{x.segment}</td>
                  <td>{formatDate(x.attributed_on, lang)}</td>
                  <td>{x.via ? pt.maybe(`via.${x.via}`, x.via) : pt('employers')}</td>
                  <td>
                    {x.sponsorship_status
                      ? pt.maybe(`sponsorship.${x.sponsorship_status}`, x.sponsorship_status)
                      : '—'}
                  </td>
                  <td>
                    <StatusBadge status={x.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {m.data && <Pagination page={page} pageSize={PAGE_SIZE} total={m.data.total} onPage={setPage} />}
    </section>
  );
}
