import { formatNumber, formatPeriod } from '../../format.ts';
import { ErrorBox, Loading } from '../../ui/components.tsx';
import { useApi } from '../../ui/useApi.ts';
import { PaceChart } from './charts.tsx';
import { type CvKey, useCv } from './i18n.ts';
import type { Projection, Targets, TargetView } from './types.ts';

function monthsBetween(a: string, b: string): number {
  const [ya, ma] = a.split('-').map(Number) as [number, number];
  const [yb, mb] = b.split('-').map(Number) as [number, number];
  return yb * 12 + mb - (ya * 12 + ma);
}

function ProjectionText({ p }: { p: Projection }) {
  const { t, lang } = useCv();
  if (p.status === 'reached') return <>{t('cv.reached')}</>;
  if (p.status === 'not_enough_history') return <>{t('cv.noHistory')}</>;
  if (p.status === 'not_at_current_pace') return <strong>{t('cv.notAtPace')}</strong>;
  return <>{formatPeriod(p.reach_period, lang)}</>;
}

function TargetCard({ view, series }: { view: TargetView; series: Targets['series'] }) {
  const { t, lang } = useCv();
  const m = view.math;
  const tg = view.target;
  const last = series[series.length - 1]?.period ?? '';
  return (
    <div className="card" data-testid={`target-${tg.id}`}>
      <h3>
        {t('cv.target')} {formatNumber(tg.target_pct)}% · {tg.year}{' '}
        <span className={`badge badge-${tg.status === 'unconfirmed' ? 'warn' : 'ok'}`}>
          {t(`cv.status.${tg.status}` as CvKey)}
        </span>
      </h3>
      {/* The target's source note is for the data team (db/reference); the page links the source. */}
      {tg.source_url ? (
        <p className="muted small">
          <a href={tg.source_url} target="_blank" rel="noreferrer">
            {t('cv.source')}
          </a>
        </p>
      ) : null}
      {m && (
        <>
          <dl className="facts">
            <div className="fact">
              <dt>{t('cv.coverage')}</dt>
              <dd>{formatNumber(m.current_pct)}%</dd>
            </div>
            <div className="fact">
              <dt>{t('cv.gapPeople')}</dt>
              <dd data-testid="gap-people">{formatNumber(m.gap_people)}</dd>
            </div>
            <div className="fact">
              <dt>{t('cv.deadline')}</dt>
              <dd>{formatPeriod(m.deadline, lang)}</dd>
            </div>
            <div className="fact">
              <dt>{t('cv.paceNeeded')}</dt>
              <dd>{formatNumber(m.pace_needed_per_month)}</dd>
            </div>
          </dl>
          <div className="table-wrap">
            <table className="small">
              <tbody>
                {m.projections.map((p) => (
                  <tr key={p.window_months}>
                    <td>{t('cv.pace', { k: p.window_months })}</td>
                    <td className="num">{formatNumber(p.pace_per_month)}</td>
                    <td>
                      {t('cv.reach')}: <ProjectionText p={p} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <PaceChart
            series={series}
            targetPeople={m.target_people}
            deadlineIndex={Math.max(0, monthsBetween(last, m.deadline))}
            paceNeeded={m.pace_needed_per_month}
            pace12={m.projections.find((p) => p.window_months === 12)?.pace_per_month ?? null}
          />
          <p className="small muted">{t('cv.chartPeople')}</p>
        </>
      )}
    </div>
  );
}

/** The targets of a region with gap, paces and projections; the Babel 33% → 55% scenario by default. */
export function TargetPanel({ region }: { region: string }) {
  const { t } = useCv();
  const { data, error, loading } = useApi<Targets>(`/api/coverage/targets/${region}`);
  if (loading) return <Loading />;
  if (error) return <ErrorBox error={error} />;
  if (!data) return null;
  return (
    <section data-testid="target-panel">
      <h2>{t('cv.targetTitle', { region: data.region.name })}</h2>
      <div>
        {data.targets.map((v) => (
          <TargetCard key={v.target.id} view={v} series={data.series} />
        ))}
      </div>
    </section>
  );
}
