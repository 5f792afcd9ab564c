import { formatNumber } from '../../format.ts';
import { translateMaybe } from '../../i18n.ts';
import { Link } from '../../router.tsx';
import { ErrorBox, Loading, PageHeader } from '../../ui/components.tsx';
import { useApi } from '../../ui/useApi.ts';
import { FigureTable, MetaNotes } from './FigureTable.tsx';
import { useCv } from './i18n.ts';
import { TargetPanel } from './TargetPanel.tsx';
import type { Breakdown, Figures } from './types.ts';

const depth = (code: string) => code.split('.').length;

function BreakdownPanel({ code }: { code: string }) {
  const { t, lang } = useCv();
  const { data, error } = useApi<Breakdown>(`/api/coverage/${code}/breakdown`);
  if (error) return <ErrorBox error={error} />;
  if (!data) return <Loading />;
  const e = data.employers;
  return (
    <section className="card" data-testid="breakdown">
      <h2>{e.kind === 'named' ? t('cv.employers') : t('cv.employersGrouped')}</h2>
      <div className="table-wrap">
        <table className="small">
          <tbody>
            {e.kind === 'named'
              ? e.rows.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <Link to={`/pemberi-kerja/${r.id}`}>{r.name}</Link>
                    </td>
                    <td>{translateMaybe(lang, `size.${r.size_class}`, r.size_class)}</td>
                    <td>{r.sector}</td>
                    <td className="num">{formatNumber(r.active)}</td>
                  </tr>
                ))
              : e.rows.map((r) => (
                  <tr key={`${r.size_class}-${r.sector}`}>
                    <td>{translateMaybe(lang, `size.${r.size_class}`, r.size_class)}</td>
                    <td>{r.sector}</td>
                    <td className="num">{formatNumber(r.employers)}</td>
                    <td className="num">{formatNumber(r.active)}</td>
                  </tr>
                ))}
          </tbody>
        </table>
      </div>
      <h2>{t('cv.partners')}</h2>
      <div className="table-wrap">
        <table className="small">
          <tbody>
            {data.partners.map((p) => (
              <tr key={p.id}>
                <td>{p.name}</td>
                <td className="num">{formatNumber(p.employers)}</td>
                <td className="num">{formatNumber(p.active)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** One region: its children (down to villages), what is behind its number, its targets. */
export function RegionPage({ code }: { code: string }) {
  const { t } = useCv();
  const level = depth(code);
  const { data, error, loading, reload } = useApi<Figures>(`/api/coverage?parent=${code}`);
  const link = (c: string) => (depth(c) <= 3 ? `/cakupan/${c}` : null);
  return (
    <div data-testid="coverage-region">
      <p className="crumbs">
        <Link to="/cakupan">{t('cv.back')}</Link>
        {level > 1 && (
          <>
            {' · '}
            <Link to={`/cakupan/${code.split('.').slice(0, -1).join('.')}`}>
              {code.split('.').slice(0, -1).join('.')}
            </Link>
          </>
        )}
      </p>
      <PageHeader
        title={data?.total?.name ?? code}
        subtitle={t('cv.subtitle')}
        actions={
          <a className="btn btn-small" href={`/api/coverage/report/${code}`} target="_blank" rel="noreferrer">
            {t('cv.report')}
          </a>
        }
      />
      {loading && <Loading />}
      <ErrorBox error={error} onRetry={reload} />
      {data && (
        <>
          <MetaNotes meta={data.meta} />
          <FigureTable figures={data} link={link} />
        </>
      )}
      {level <= 3 && <BreakdownPanel code={code} />}
      {level <= 3 && <TargetPanel region={code} />}
    </div>
  );
}
