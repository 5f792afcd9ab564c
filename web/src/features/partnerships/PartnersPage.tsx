import { formatDate, formatNumber } from '../../format.ts';
import { Link } from '../../router.tsx';
import { Empty, ErrorBox, Facts, Loading, PageHeader } from '../../ui/components.tsx';
import { type Column, DataTable, type ListPage, useList } from '../../ui/DataTable.tsx';
import { useApi } from '../../ui/useApi.ts';
import { ProgressBar } from './Chart.tsx';
import { AgreementStatusBadge } from './Status.tsx';
import { SubNav } from './SubNav.tsx';
import { usePt } from './text.ts';
import type { Agreement, Partner } from './types.ts';
import './partnerships.css';
import { useFx } from '../../ui/form-text.ts';
import { TaskLink } from '../access/TaskGate.tsx';

/** /kemitraan/mitra — the partners the reader may see (a partner user: itself). */
export function PartnersPage() {
  const { pt } = usePt();
  const { fx } = useFx();
  const list = useList<ListPage<Partner>>('/api/partners', {});
  const columns: Column<Partner>[] = [
    {
      header: pt('partner'),
      cell: (p) => (
        <>
          <Link to={`/kemitraan/mitra/${p.id}`}>{p.acronym ?? p.name}</Link>
          {p.acronym && <div className="muted small">{p.name}</div>}
        </>
      ),
    },
    { header: pt('type'), cell: (p) => pt.type(p.type) },
    { header: pt('sector'), cell: (p) => pt.sector(p.sector) },
    { header: pt('region'), cell: (p) => p.region_name ?? '—' },
    { header: pt('agreements'), cell: (p) => formatNumber(p.agreements), className: 'num' },
    { header: pt('memberCompanies'), cell: (p) => formatNumber(p.member_companies), className: 'num' },
  ];
  return (
    <div>
      <PageHeader
        title={pt('partners')}
        subtitle={pt('subtitle')}
        actions={
          <TaskLink task="agreements.manage" to="/kemitraan/mitra/baru" primary testId="partner-new">
            + {fx('partnerForm.title')}
          </TaskLink>
        }
      />
      <SubNav />
      <DataTable
        list={list}
        columns={columns}
        rowKey={(p) => p.id}
        count="list.count.partners"
        empty="—"
        testId="partner-table"
        rowTestId="partner-row"
      />
    </div>
  );
}

/** /kemitraan/mitra/:id — a partner, its contacts and its agreements with their results. */
export function PartnerDetailPage({ id }: { id: string }) {
  const { pt, lang } = usePt();
  const d = useApi<{ partner: Partner; agreements: Agreement[] }>(`/api/partners/${encodeURIComponent(id)}`);
  if (d.error) return <ErrorBox error={d.error} onRetry={d.reload} />;
  if (!d.data) return <Loading />;
  const { partner: p, agreements } = d.data;
  const contact = [p.contact_name, p.contact_email, p.contact_phone].filter(Boolean).join(' · ');
  return (
    <div>
      <p className="crumbs">
        <Link to="/kemitraan/mitra">{pt('partners')}</Link> › {p.acronym ?? p.name}
      </p>
      <PageHeader title={p.name} subtitle={p.acronym ?? undefined} />
      <section className="card">
        <Facts
          items={[
            [pt('type'), pt.type(p.type)],
            [pt('sector'), pt.sector(p.sector)],
            [pt('region'), p.region_name],
            [pt('contact'), contact || '—'],
            [pt('memberCompanies'), formatNumber(p.member_companies)],
            [
              pt('source'),
              p.source_url ? (
                <a key="s" href={p.source_url} target="_blank" rel="noreferrer">
                  {new URL(p.source_url).host}
                </a>
              ) : (
                '—'
              ),
            ],
          ]}
        />
        {p.note && (
          <details className="small">
            <summary>{pt('sourceNote')}</summary>
            <p className="muted" lang="en">
              {p.note}
            </p>
          </details>
        )}
      </section>
      <section className="card flush">
        <h2 className="card-title">{pt('agreements')}</h2>
        {agreements.length === 0 && <Empty>{pt('noAgreements')}</Empty>}
        {agreements.length > 0 && (
          <div className="table-wrap">
            <table data-testid="partner-agreements">
              <thead>
                <tr>
                  <th>{pt('number')}</th>
                  <th>{pt('status')}</th>
                  <th>{pt('period')}</th>
                  <th className="num">{pt('registered')}</th>
                  <th className="num">{pt('active')}</th>
                  <th className="num">{pt('target')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {agreements.map((a) => (
                  <tr key={a.id}>
                    <td>
                      <Link to={`/kemitraan/perjanjian/${a.id}`}>{a.number}</Link>
                    </td>
                    <td>
                      <AgreementStatusBadge status={a.status} />
                    </td>
                    <td>
                      {formatDate(a.starts_on, lang)} – {a.ends_on ? formatDate(a.ends_on, lang) : '…'}
                    </td>
                    <td className="num">{formatNumber(a.results?.registered)}</td>
                    <td className="num">{formatNumber(a.results?.active)}</td>
                    <td className="num">{formatNumber(a.target_people)}</td>
                    <td>
                      <ProgressBar
                        registered={a.results?.registered ?? 0}
                        target={a.target_people}
                        expected={a.results?.pace.expectedByNow ?? null}
                      />
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
