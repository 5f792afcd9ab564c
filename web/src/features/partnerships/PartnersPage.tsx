import { formatDate, formatNumber } from '../../format.ts';
import { Link } from '../../router.tsx';
import { Empty, ErrorBox, Facts, Loading, PageHeader } from '../../ui/components.tsx';
import { useApi } from '../../ui/useApi.ts';
import { ProgressBar } from './Chart.tsx';
import { AgreementStatusBadge } from './Status.tsx';
import { SubNav } from './SubNav.tsx';
import { usePt } from './text.ts';
import type { Agreement, Partner } from './types.ts';
import './partnerships.css';

/** /kemitraan/mitra — the partners the reader may see (a partner user: itself). */
export function PartnersPage() {
  const { pt } = usePt();
  const list = useApi<{ items: Partner[] }>('/api/partners');
  return (
    <div>
      <PageHeader title={pt('partners')} subtitle={pt('subtitle')} />
      <SubNav />
      <ErrorBox error={list.error} onRetry={list.reload} />
      {list.loading && !list.data && <Loading />}
      {list.data && list.data.items.length === 0 && <Empty>—</Empty>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap">
          <table data-testid="partner-table">
            <thead>
              <tr>
                <th>{pt('partner')}</th>
                <th>{pt('type')}</th>
                <th>{pt('sector')}</th>
                <th>{pt('region')}</th>
                <th className="num">{pt('agreements')}</th>
                <th className="num">{pt('memberCompanies')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((p) => (
                <tr key={p.id} data-testid="partner-row">
                  <td>
                    <Link to={`/kemitraan/mitra/${p.id}`}>{p.acronym ?? p.name}</Link>
                    {p.acronym && <div className="muted small">{p.name}</div>}
                  </td>
                  <td>{pt.type(p.type)}</td>
                  <td>{pt.sector(p.sector)}</td>
                  <td>{p.region_name ?? '—'}</td>
                  <td className="num">{formatNumber(p.agreements)}</td>
                  <td className="num">{formatNumber(p.member_companies)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
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
