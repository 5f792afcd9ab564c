import { qs } from '../../api.ts';
import { formatDate, formatRupiah } from '../../format.ts';
import { useI18n } from '../../i18n.ts';
import { Link, useRouter } from '../../router.tsx';
import { Empty, ErrorBox, Loading, PageHeader } from '../../ui/components.tsx';
import { type Column, DataTable, type ListPage, useList } from '../../ui/DataTable.tsx';
import { useApi } from '../../ui/useApi.ts';
import { useSession } from '../access/session.tsx';
import { ExportButton } from '../jobs/ExportButton.tsx';
import { ctMaybe, useCt } from './i18n.ts';
import type { AgeingRow, WorklistRow } from './types.ts';

const LEVELS = ['employer', 'branch', 'province', 'regency'] as const;
const BUCKETS = ['current', 'd1_30', 'd31_60', 'd61_90', 'd90_plus'] as const;

export function ArrearsPage() {
  const ct = useCt();
  const { lang } = useI18n();
  const { user } = useSession();
  const { location, navigate } = useRouter();
  // Regional governments see aggregates of their region only: no employer rows, no worklist.
  const aggregateOnly = user?.role === 'regional_government';
  const worklistRoles = ['admin', 'branch_officer', 'auditor'];
  const level = location.search.get('level') ?? (aggregateOnly ? 'province' : 'employer');
  const asOf = location.search.get('as_of') ?? '';
  const go = (next: Record<string, string>) => navigate(`/tunggakan${qs({ level, as_of: asOf, ...next })}`);
  const ageing = useApi<{ items: AgeingRow[]; as_of: string }>(`/api/arrears${qs({ level, as_of: asOf })}`);
  const showWorklist = !!user && worklistRoles.includes(user.role);
  const work = useList<ListPage<WorklistRow>>(showWorklist ? '/api/arrears/worklist' : null, { as_of: asOf });
  const columns: Column<WorklistRow>[] = [
    {
      header: ct('inv.payer'),
      cell: (w) => (
        <>
          <Link to={`/tagihan/pemberi-kerja/${w.employer_id}`}>{w.name}</Link>
          <div className="muted small mono">{w.npp}</div>
        </>
      ),
    },
    {
      header: ct('arr.location'),
      cell: (w) => (
        <>
          {w.regency}
          <div className="muted small">{[w.province, w.branch_office].filter(Boolean).join(' · ')}</div>
        </>
      ),
    },
    { header: ct('arr.contacts'), className: 'small', cell: (w) => w.contacts.join(', ') || '—' },
    { header: ct('arr.months'), className: 'num', cell: (w) => w.months_overdue },
    { header: ct('arr.oldest'), cell: (w) => formatDate(w.oldest_due, lang) },
    { header: ct('arr.days'), className: 'num', cell: (w) => w.days_past_due },
    {
      header: ct('arr.total'),
      className: 'num',
      cell: (w) => (
        <>
          {formatRupiah(w.total)}
          {w.fines > 0 && (
            <div className="muted small">
              {ct('inv.fines')}: {formatRupiah(w.fines)}
            </div>
          )}
        </>
      ),
    },
    { header: ct('arr.lastPayment'), cell: (w) => formatDate(w.last_payment_on, lang) },
  ];

  return (
    <div>
      <PageHeader
        title={ct('arr.title')}
        actions={
          showWorklist ? (
            <ExportButton
              path="/api/arrears/export"
              body={{ as_of: asOf }}
              label={ct('arr.export')}
              testId="arrears-xlsx"
            />
          ) : undefined
        }
      />
      <div className="toolbar">
        <label>
          {ct('arr.asOf')}{' '}
          <input
            type="date"
            value={asOf || ageing.data?.as_of || ''}
            onChange={(e) => go({ as_of: e.target.value })}
          />
        </label>
        <select
          value={level}
          onChange={(e) => go({ level: e.target.value })}
          aria-label={ct('arr.level')}
          data-testid="arrears-level"
        >
          {LEVELS.filter((l) => !(aggregateOnly && l === 'employer')).map((l) => (
            <option key={l} value={l}>
              {ctMaybe(lang, `arr.level.${l}`, l)}
            </option>
          ))}
        </select>
      </div>
      {showWorklist && (
        <section className="card flush">
          <h2 className="card-title">{ct('arr.worklist')}</h2>
          <DataTable
            list={work}
            columns={columns}
            rowKey={(w) => w.employer_id}
            count="list.count.arrears"
            empty={ct('arr.empty')}
            testId="arrears-worklist"
          />
        </section>
      )}
      <section className="card flush">
        <h2 className="card-title">{ct('arr.ageing')}</h2>
        <ErrorBox error={ageing.error} onRetry={ageing.reload} />
        {ageing.loading && <Loading />}
        {ageing.data && ageing.data.items.length === 0 && <Empty>{ct('arr.empty')}</Empty>}
        {ageing.data && ageing.data.items.length > 0 && (
          <div className="table-wrap">
            <table data-testid="arrears-ageing">
              <thead>
                <tr>
                  <th>{ctMaybe(lang, `arr.level.${level}`, level)}</th>
                  {BUCKETS.map((b) => (
                    <th key={b} className="num">
                      {ct(`arr.${b}`)}
                    </th>
                  ))}
                  <th className="num">{ct('inv.fines')}</th>
                  <th className="num">{ct('arr.total')}</th>
                </tr>
              </thead>
              <tbody>
                {ageing.data.items.map((r) => (
                  <tr key={r.key}>
                    <td>
                      {r.name} <span className="muted small mono">{r.key}</span>
                    </td>
                    {BUCKETS.map((b) => (
                      <td key={b} className="num">
                        {formatRupiah(r[b])}
                      </td>
                    ))}
                    <td className="num">{formatRupiah(r.fines)}</td>
                    <td className="num">
                      <strong>{formatRupiah(r.total)}</strong>
                    </td>
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
