import { useState } from 'react';
import { formatDate, formatNumber, formatPercent } from '../../format.ts';
import { Link } from '../../router.tsx';
import { Empty, ErrorBox, Loading, PageHeader } from '../../ui/components.tsx';
import { useFx } from '../../ui/form-text.ts';
import { useApi } from '../../ui/useApi.ts';
import { TaskLink } from '../access/TaskGate.tsx';
import { SubNav } from './SubNav.tsx';
import { usePt } from './text.ts';
import type { ConversionRow, OutreachEntry } from './types.ts';

type By = 'agreement' | 'campaign' | 'officer' | 'agent';

/** /kemitraan/penjangkauan — the outreach log and the conversion of registrations into paying members. */
export function OutreachPage() {
  const { fx } = useFx();
  const { pt, lang } = usePt();
  const [by, setBy] = useState<By>('agreement');
  const log = useApi<{ items: OutreachEntry[] }>('/api/outreach');
  const conv = useApi<{ rows: ConversionRow[] }>(`/api/outreach/conversion?by=${by}`);
  return (
    <div>
      <PageHeader
        title={pt('outreach')}
        subtitle={pt('log')}
        actions={
          <TaskLink task="agreements.manage" to="/kemitraan/penjangkauan/baru" primary testId="outreach-new">
            + {fx('outreachForm.new')}
          </TaskLink>
        }
      />
      <SubNav />
      <section className="card flush">
        <div className="toolbar" style={{ padding: '1rem 1.25rem 0' }}>
          <h2 className="card-title grow">{pt('conversion')}</h2>
          <select
            value={by}
            onChange={(e) => setBy(e.target.value as By)}
            aria-label={pt('by')}
            data-testid="conversion-by"
          >
            {(['agreement', 'campaign', 'officer', 'agent'] as const).map((b) => (
              <option key={b} value={b}>
                {pt('by')}: {pt.maybe(`by.${b}`, b)}
              </option>
            ))}
          </select>
        </div>
        <ErrorBox error={conv.error} onRetry={conv.reload} />
        {conv.data && conv.data.rows.length === 0 && <Empty>—</Empty>}
        {conv.data && conv.data.rows.length > 0 && (
          <div className="table-wrap">
            <table data-testid="conversion-table">
              <thead>
                <tr>
                  <th>{pt.maybe(`by.${by}`, by)}</th>
                  <th className="num">{pt('registered')}</th>
                  <th className="num">{pt('paying')}</th>
                  <th className="num">{pt('pct')}</th>
                </tr>
              </thead>
              <tbody>
                {conv.data.rows.map((r) => (
                  <tr key={r.key}>
                    <td>{r.label}</td>
                    <td className="num">{formatNumber(r.registered)}</td>
                    <td className="num">{formatNumber(r.paying)}</td>
                    <td className="num">{formatPercent(r.conversion_pct)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card flush">
        <h2 className="card-title">{pt('log')}</h2>
        <ErrorBox error={log.error} onRetry={log.reload} />
        {log.loading && !log.data && <Loading />}
        {log.data && log.data.items.length === 0 && <Empty>—</Empty>}
        {log.data && log.data.items.length > 0 && (
          <div className="table-wrap">
            <table data-testid="outreach-table">
              <thead>
                <tr>
                  <th>{pt('date')}</th>
                  <th>{pt('what')}</th>
                  <th>{pt('who')}</th>
                  <th>{pt('region')}</th>
                  <th>{pt('agreements')}</th>
                  <th className="num">{pt('reached')}</th>
                  <th className="num">{pt('registrations')}</th>
                </tr>
              </thead>
              <tbody>
                {log.data.items.map((e) => (
                  <tr key={`${e.type}-${e.id}`} data-testid="outreach-row">
                    <td className="nowrap">{formatDate(e.on, lang)}</td>
                    <td>
                      <span className="badge badge-neutral">{pt.maybe(`kind.${e.kind}`, e.kind)}</span>{' '}
                      {e.title}
                      {e.synthetic && <span className="muted small"> · {pt('synthetic')}</span>}
                    </td>
                    <td>{e.who ?? '—'}</td>
                    <td>{e.region_name}</td>
                    <td>
                      {e.agreement_id ? (
                        <Link to={`/kemitraan/perjanjian/${e.agreement_id}`}>{e.agreement_number}</Link>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td className="num">{formatNumber(e.reached)}</td>
                    <td className="num">{formatNumber(e.registrations)}</td>
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
