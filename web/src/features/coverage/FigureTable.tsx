import { formatNumber, formatPeriod } from '../../format.ts';
import { Link } from '../../router.tsx';
import { useCv } from './i18n.ts';
import { type FigureRow, type Figures, type Meta, SEGMENTS } from './types.ts';

/** Synthetic label, active basis, suppression and the caveats every coverage view carries. */
export function MetaNotes({ meta }: { meta: Meta }) {
  const { t, pick, lang } = useCv();
  return (
    <div className="alert" data-testid="coverage-meta">
      {meta.synthetic && (
        <p>
          <strong>{t('cv.synthetic', { scale: meta.scale ?? '' })}</strong>
        </p>
      )}
      <p>
        {t('cv.period')} {formatPeriod(meta.period, lang)} · {t('cv.activeBasis')}:{' '}
        {pick(meta.active_source.label_id, meta.active_source.label_en)}
      </p>
      {meta.min_cell ? <p>{t('cv.suppressed', { n: meta.min_cell })}</p> : null}
      <ul>
        {meta.caveats.map((c) => (
          <li key={c.id}>{pick(c.id, c.en)}</li>
        ))}
      </ul>
    </div>
  );
}

function Row({
  r,
  link,
  bold,
  period,
}: {
  r: FigureRow;
  link?: (code: string) => string | null;
  bold?: boolean;
  period: string;
}) {
  const { t, lang } = useCv();
  const d = r.denominator;
  const to = link?.(r.code);
  return (
    <tr className={bold ? 'total' : undefined} data-testid={`cov-row-${r.code}`}>
      <td>{to ? <Link to={to}>{r.name}</Link> : r.name}</td>
      <td className="num">{formatNumber(r.active)}</td>
      {SEGMENTS.map((s) => (
        <td key={s} className="num">
          {formatNumber(r.segments[s].active)}
        </td>
      ))}
      <td className="num">{d ? formatNumber(Math.round(d.scaled)) : '—'}</td>
      <td className="num">
        <strong>{r.coverage_pct === null ? '—' : `${formatNumber(r.coverage_pct)}%`}</strong>
      </td>
      <td className="small">
        {d ? (
          <>
            {d.period === period
              ? formatPeriod(d.period, lang)
              : t('cv.latestAvailable', { period: formatPeriod(d.period, lang) })}
            {d.estimated ? ` · ${t('cv.estimated')}` : ''}
            {d.source_url ? (
              <>
                {' · '}
                <a href={d.source_url} target="_blank" rel="noreferrer">
                  {t('cv.source')}
                </a>
              </>
            ) : null}
          </>
        ) : (
          '—'
        )}
      </td>
    </tr>
  );
}

export function FigureTable({ figures, link }: { figures: Figures; link?: (code: string) => string | null }) {
  const { t } = useCv();
  // A share above 100% is explained where it is shown, not left for the reader to doubt the figures.
  const over = figures.rows.filter((r) => (r.coverage_pct ?? 0) > 100);
  return (
    <section className="card flush">
      {over.length > 0 && figures.meta.basis === 'domicile' ? (
        <p className="alert alert-info small" data-testid="coverage-over-100">
          {t('cv.over100', { regions: over.map((r) => r.name).join(', ') })}
        </p>
      ) : null}
      <div className="table-wrap">
        <table data-testid="coverage-table">
          <thead>
            <tr>
              <th>{t('cv.region')}</th>
              <th className="num">{t('cv.active')}</th>
              {SEGMENTS.map((s) => (
                <th key={s} className="num">
                  {s}
                </th>
              ))}
              <th className="num">{t('cv.denValue')}</th>
              <th className="num">{t('cv.coverage')}</th>
              <th>{t('cv.denSource')}</th>
            </tr>
          </thead>
          <tbody>
            {figures.total && <Row r={figures.total} bold period={figures.meta.period} />}
            {figures.rows.map((r) => (
              <Row key={r.code} r={r} link={link} period={figures.meta.period} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
