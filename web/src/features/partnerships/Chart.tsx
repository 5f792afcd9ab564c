import { formatNumber, formatPeriod } from '../../format.ts';
import { usePt } from './text.ts';
import type { SeriesPoint } from './types.ts';

const W = 720;
const H = 240;
const PAD = { left: 48, right: 12, top: 12, bottom: 28 };

/** Lines of registered, active and target by month, hand-drawn in SVG (no chart library). */
export function ResultsChart({ series }: { series: SeriesPoint[] }) {
  const { pt, lang } = usePt();
  if (series.length === 0) return null;
  const max = Math.max(1, ...series.flatMap((s) => [s.registered, s.active, s.target ?? 0]));
  const x = (i: number) =>
    PAD.left + (series.length === 1 ? 0 : (i * (W - PAD.left - PAD.right)) / (series.length - 1));
  const y = (v: number) => H - PAD.bottom - (v * (H - PAD.top - PAD.bottom)) / max;
  const line = (pick: (s: SeriesPoint) => number | null) =>
    series
      .map((s, i) => [i, pick(s)] as const)
      .filter(([, v]) => v !== null)
      .map(([i, v], k) => `${k === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(v as number).toFixed(1)}`)
      .join(' ');
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => Math.round(max * f));
  // Every k-th month counted back from the last, so the latest month is always labelled.
  const labelEvery = Math.max(1, Math.ceil(series.length / 7));
  const last = series[series.length - 1]!;
  return (
    <figure className="pt-chart" data-testid="agreement-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={pt('chart')}>
        <title>{`${pt('chart')}: ${pt('chartRegistered')} ${formatNumber(last.registered)}, ${pt('chartActive')} ${formatNumber(last.active)}`}</title>
        {ticks.map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} stroke="var(--line)" />
            <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" fontSize="11" fill="var(--muted)">
              {formatNumber(v)}
            </text>
          </g>
        ))}
        {series.map((s, i) =>
          (series.length - 1 - i) % labelEvery === 0 ? (
            <text
              key={s.period}
              x={x(i)}
              y={H - 8}
              // The latest month sits on the right edge: its label ends there instead of being cut.
              textAnchor={i > 0 && i === series.length - 1 ? 'end' : 'middle'}
              fontSize="11"
              fill="var(--muted)"
            >
              {formatPeriod(s.period, lang).replace(/ (\d{2})(\d{2})$/, " '$2")}
            </text>
          ) : null,
        )}
        <path
          d={line((s) => s.target)}
          fill="none"
          stroke="var(--warn)"
          strokeWidth="2"
          strokeDasharray="6 4"
        />
        <path d={line((s) => s.registered)} fill="none" stroke="var(--accent)" strokeWidth="2.5" />
        <path d={line((s) => s.active)} fill="none" stroke="var(--ok)" strokeWidth="2.5" />
      </svg>
      <figcaption className="pt-legend">
        <span className="pt-key pt-key-registered">{pt('chartRegistered')}</span>
        <span className="pt-key pt-key-active">{pt('chartActive')}</span>
        {series.some((s) => s.target !== null) && (
          <span className="pt-key pt-key-target">{pt('chartTarget')}</span>
        )}
      </figcaption>
    </figure>
  );
}

/** A horizontal bar of registered against target, with the expected-by-now mark. */
export function ProgressBar({
  registered,
  target,
  expected,
}: {
  registered: number;
  target: number | null;
  expected: number | null;
}) {
  if (!target) return null;
  const pct = (v: number) => `${Math.min(100, (100 * v) / target).toFixed(1)}%`;
  return (
    <div className="pt-progress" title={`${registered} / ${target}`}>
      <div className="pt-progress-bar" style={{ width: pct(registered) }} />
      {expected !== null && <div className="pt-progress-mark" style={{ left: pct(expected) }} />}
    </div>
  );
}
