import { useState } from 'react';
import { qs } from '../../api.ts';
import { formatNumber, formatPeriod } from '../../format.ts';
import { useRouter } from '../../router.tsx';
import { ErrorBox, Loading, PageHeader } from '../../ui/components.tsx';
import { useApi } from '../../ui/useApi.ts';
import { BarChart, TileMap } from './charts.tsx';
import { FigureTable, MetaNotes } from './FigureTable.tsx';
import { GovernmentPanel } from './GovernmentPanel.tsx';
import { type CvKey, useCv } from './i18n.ts';
import { TargetPanel } from './TargetPanel.tsx';
import type { Figures, Ranking } from './types.ts';

const DENOMINATORS = ['employed', 'employed_minus_civil_servants', 'labour_force'] as const;
const BY = ['coverage', 'progress', 'gap'] as const;

/** The national dashboard: provinces with sourced denominators, tile map, ranking, targets, governments. */
export function CoveragePage() {
  const { t, lang } = useCv();
  const { navigate } = useRouter();
  const [basis, setBasis] = useState<'domicile' | 'employer'>('domicile');
  const [denominator, setDenominator] = useState<(typeof DENOMINATORS)[number]>('employed');
  const [by, setBy] = useState<(typeof BY)[number]>('coverage');
  const query = qs({ basis, denominator });
  const fig = useApi<Figures>(`/api/coverage${query}`);
  const rank = useApi<Ranking>(`/api/coverage/ranking${qs({ basis, denominator, by })}`);
  const own = fig.data?.rows.length === 1 ? fig.data.rows[0]?.code : null;
  return (
    <div data-testid="coverage-page">
      <PageHeader
        title={t('cv.title')}
        subtitle={t('cv.subtitle')}
        actions={
          <>
            <a
              className="btn btn-small"
              href={`/api/coverage/export.xlsx${query}`}
              data-testid="coverage-export"
            >
              {t('cv.export')}
            </a>
            <a
              className="btn btn-small"
              href={`/api/coverage/report/${own ?? '00'}`}
              target="_blank"
              rel="noreferrer"
            >
              {t('cv.report')}
            </a>
          </>
        }
      />
      <div className="toolbar">
        <label className="field">
          <span>{t('cv.basis')}</span>
          <select value={basis} onChange={(e) => setBasis(e.target.value as 'domicile' | 'employer')}>
            <option value="domicile">{t('cv.basis.domicile')}</option>
            <option value="employer">{t('cv.basis.employer')}</option>
          </select>
        </label>
        <label className="field">
          <span>{t('cv.denominator')}</span>
          <select
            value={denominator}
            onChange={(e) => setDenominator(e.target.value as (typeof DENOMINATORS)[number])}
          >
            {DENOMINATORS.map((d) => (
              <option key={d} value={d}>
                {t(`cv.den.${d}` as CvKey)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {fig.loading && <Loading />}
      <ErrorBox error={fig.error} onRetry={fig.reload} />
      {fig.data && (
        <>
          <MetaNotes meta={fig.data.meta} />
          <section className="card">
            <h2>{t('cv.map')}</h2>
            <p className="muted small">{t('cv.mapNote')}</p>
            <TileMap
              rows={fig.data.rows}
              label={t('cv.map')}
              onPick={(code) => navigate(`/cakupan/${code}`)}
            />
          </section>
          <FigureTable figures={fig.data} link={(code) => `/cakupan/${code}`} />
        </>
      )}
      <section className="card">
        <h2>{t('cv.ranking')}</h2>
        <div className="toolbar">
          {BY.map((b) => (
            <button
              key={b}
              type="button"
              className={`btn btn-small${b === by ? ' btn-primary' : ''}`}
              onClick={() => setBy(b)}
            >
              {t(`cv.by.${b}` as CvKey)}
            </button>
          ))}
        </div>
        <ErrorBox error={rank.error} />
        {rank.data && (
          <BarChart
            rows={rank.data.rows.map((r) => ({
              label: `${r.rank[by] ?? '—'}. ${r.name.replace('Kepulauan ', 'Kep. ')}`,
              value: by === 'coverage' ? r.coverage_pct : by === 'progress' ? r.progress_pp : r.gap_pp,
              target: by === 'coverage' ? r.target_pct : null,
            }))}
            label={t('cv.ranking')}
            legend={t('cv.legendTarget')}
          />
        )}
        {rank.data && (
          <p className="muted small">
            {t('cv.progress')}: {formatPeriod(rank.data.meta.compared_with, lang)} →{' '}
            {formatPeriod(rank.data.meta.period, lang)} · {formatNumber(rank.data.meta.total_ranked)}{' '}
            {t('cv.region').toLowerCase()}
          </p>
        )}
      </section>
      <TargetPanel region={own ?? '19'} />
      <GovernmentPanel />
    </div>
  );
}
