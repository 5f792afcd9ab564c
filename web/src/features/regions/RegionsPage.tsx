import { formatNumber, formatPercent, formatPeriod, formatRupiah } from '../../format.ts';
import { type Key, useI18n } from '../../i18n.ts';
import { Link } from '../../router.tsx';
import { Empty, ErrorBox, Loading, PageHeader } from '../../ui/components.tsx';
import { useApi } from '../../ui/useApi.ts';
import type { RegionsResponse } from './types.ts';

/** Province → regency/city → district → village; villages are leaves. */
export function RegionsPage({ code }: { code?: string }) {
  const { t, lang } = useI18n();
  const res = useApi<RegionsResponse>(
    code ? `/api/regions?parent=${encodeURIComponent(code)}` : '/api/regions',
  );
  const d = res.data;
  const level = d?.region?.level ?? 0;
  const totals = d?.children.reduce(
    (acc, c) => ({
      participants: acc.participants + Number(c.participants),
      employers: acc.employers + Number(c.employers),
    }),
    { participants: 0, employers: 0 },
  );
  return (
    <div data-testid="regions">
      <nav className="crumbs" aria-label="breadcrumb" data-testid="region-path">
        <Link to="/wilayah">{t('reg.indonesia')}</Link>
        {d?.path
          .filter((p) => p.code !== d.region?.code)
          .map((p) => (
            <span key={p.code}>
              {' › '}
              <Link to={`/wilayah/${p.code}`}>{p.name}</Link>
            </span>
          ))}
        {d?.region && <span> › {d.region.name}</span>}
      </nav>
      <PageHeader
        title={d?.region ? d.region.name : t('reg.title')}
        subtitle={
          d?.region ? (
            <>
              {t(`reg.level.${d.region.level}` as Key)}
              {d.region.kind ? ` · ${d.region.kind}` : ''} · <span className="mono">{d.region.code}</span>
            </>
          ) : (
            t('reg.children.0')
          )
        }
      />
      <ErrorBox error={res.error} onRetry={res.reload} />
      {res.loading && <Loading />}
      {d && (
        <>
          <div className="stats">
            {totals && (
              <>
                <div className="stat">
                  <span className="stat-label">{t('reg.participants')}</span>
                  <span className="stat-value">{formatNumber(totals.participants)}</span>
                </div>
                <div className="stat">
                  <span className="stat-label">{t('reg.employers')}</span>
                  <span className="stat-value">{formatNumber(totals.employers)}</span>
                </div>
              </>
            )}
            {d.workforce && (
              <div className="stat">
                <span className="stat-label">
                  {t('reg.workforce')} ({formatPeriod(d.workforce.period, lang)})
                </span>
                <span className="stat-value">{formatNumber(d.workforce.employed_population)}</span>
                <span className="stat-note">
                  {t('reg.formalShare')} {formatPercent(d.workforce.formal_share_pct)} ·{' '}
                  <a href={d.workforce.source_url} target="_blank" rel="noreferrer">
                    {t('reg.source')}
                  </a>
                </span>
              </div>
            )}
            {d.minimum_wage && (
              <div className="stat">
                <span className="stat-label">{t('reg.minWage', { year: d.minimum_wage.year })}</span>
                <span className="stat-value">{formatRupiah(d.minimum_wage.ump_rupiah)}</span>
                <span className="stat-note">
                  <a href={d.minimum_wage.source_url} target="_blank" rel="noreferrer">
                    {t('reg.source')}
                  </a>
                </span>
              </div>
            )}
          </div>
          <p className="muted small">{t('reg.sampleNote')}</p>
          {d.children.length === 0 ? (
            <Empty>{t('reg.noChildren')}</Empty>
          ) : (
            <section className="card flush">
              <h2 className="card-title">{t(`reg.children.${Math.min(level, 3)}` as Key)}</h2>
              <div className="table-wrap">
                <table data-testid="region-table">
                  <thead>
                    <tr>
                      <th>{t('reg.code')}</th>
                      <th>{t('reg.name')}</th>
                      <th>{t('reg.kind')}</th>
                      <th className="num">{t('reg.participants')}</th>
                      <th className="num">{t('reg.employers')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.children.map((c) => (
                      <tr key={c.code} data-testid="region-row">
                        <td className="mono">{c.code}</td>
                        <td>{c.level < 4 ? <Link to={`/wilayah/${c.code}`}>{c.name}</Link> : c.name}</td>
                        <td className="capitalize">{c.kind ?? t(`reg.level.${c.level}` as Key)}</td>
                        <td className="num">{formatNumber(c.participants)}</td>
                        <td className="num">{formatNumber(c.employers)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          )}
        </>
      )}
    </div>
  );
}
