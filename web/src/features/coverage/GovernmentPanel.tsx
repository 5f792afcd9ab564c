import { Fragment, useState } from 'react';
import { formatNumber } from '../../format.ts';
import { ErrorBox, Loading } from '../../ui/components.tsx';
import { useApi } from '../../ui/useApi.ts';
import { useCv } from './i18n.ts';
import type { GovRanking } from './types.ts';

function Explained({ row }: { row: GovRanking['rows'][number] }) {
  const { t, pick } = useCv();
  return (
    <div className="table-wrap">
      <table className="small" data-testid="score-explained">
        <thead>
          <tr>
            <th>{t('cv.gov.criterion')}</th>
            <th className="num">{t('cv.gov.value')}</th>
            <th className="num">{t('cv.gov.weight')}</th>
            <th className="num">{t('cv.gov.points')}</th>
            <th>{t('cv.gov.evidence')}</th>
          </tr>
        </thead>
        <tbody>
          {row.score.criteria.map((c) => (
            <tr key={c.key}>
              <td>{pick(c.label_id, c.label_en)}</td>
              <td className="num">{formatNumber(c.value)}</td>
              <td className="num">{c.weight}</td>
              <td className="num">{formatNumber(c.contribution)}</td>
              <td>
                {c.raw}
                {c.evidence.map((e) => (
                  <div key={e.id} className="muted">
                    {e.year}: {e.evidence_url ? <a href={e.evidence_url}>{e.title}</a> : e.title}
                    {e.synthetic ? ` (${t('cv.gov.synthetic')})` : ''}
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The Paritrana-style ranking per category, each score opening into its criteria and evidence. */
export function GovernmentPanel() {
  const { t, pick } = useCv();
  const [category, setCategory] = useState<'province' | 'regency_city'>('province');
  const [open, setOpen] = useState<number | null>(null);
  const { data, error, loading } = useApi<GovRanking>(`/api/government/ranking?category=${category}`);
  return (
    <section data-testid="government-panel">
      <h2>{t('cv.gov')}</h2>
      <div className="toolbar">
        {(['province', 'regency_city'] as const).map((c) => (
          <button
            key={c}
            type="button"
            className={`btn btn-small${c === category ? ' btn-primary' : ''}`}
            onClick={() => setCategory(c)}
          >
            {t(`cv.gov.${c}`)}
          </button>
        ))}
      </div>
      <p className="muted small">{t('cv.gov.assumed')}</p>
      {loading && <Loading />}
      <ErrorBox error={error} />
      {data && (
        <div className="table-wrap">
          <p className="small">{pick(data.criteria.title_id, data.criteria.title_en)}</p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th className="num">#</th>
                  <th>{t('cv.region')}</th>
                  <th className="num">{t('cv.gov.score')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {data.rows.slice(0, 40).map((r) => (
                  <Fragment key={r.addressee.id}>
                    <tr>
                      <td className="num">{r.rank}</td>
                      <td>
                        {r.addressee.name}
                        {r.score.synthetic_evidence ? (
                          <span className="muted small"> · {t('cv.gov.synthetic')}</span>
                        ) : null}
                      </td>
                      <td className="num">{formatNumber(r.score.score)}</td>
                      <td>
                        <button
                          type="button"
                          className="btn btn-small btn-ghost"
                          onClick={() => setOpen(open === r.addressee.id ? null : r.addressee.id)}
                        >
                          {t('cv.gov.explain')}
                        </button>
                      </td>
                    </tr>
                    {open === r.addressee.id && (
                      <tr>
                        <td colSpan={4}>
                          <Explained row={r} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}
