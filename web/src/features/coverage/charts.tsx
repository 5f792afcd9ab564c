/** Hand-written SVG: the tile map of the provinces, a bar chart, and the target pace chart. */
import { formatNumber, formatPeriod } from '../../format.ts';
import { useI18n } from '../../i18n.ts';
import type { FigureRow } from './types.ts';

// Columns run west → east, rows north → south: roughly where each province lies.
const TILES: Record<string, [number, number, string]> = {
  '11': [0, 0, 'Aceh'],
  '12': [1, 1, 'Sumut'],
  '14': [2, 1, 'Riau'],
  '21': [3, 1, 'Kepri'],
  '13': [1, 2, 'Sumbar'],
  '15': [2, 2, 'Jambi'],
  '17': [1, 3, 'Bkl'],
  '16': [2, 3, 'Sumsel'],
  '19': [3, 3, 'Babel'],
  '18': [2, 4, 'Lpg'],
  '31': [4, 4, 'DKI'],
  '36': [3, 5, 'Banten'],
  '32': [4, 5, 'Jabar'],
  '33': [5, 5, 'Jateng'],
  '34': [5, 6, 'DIY'],
  '35': [6, 5, 'Jatim'],
  '51': [7, 5, 'Bali'],
  '52': [8, 5, 'NTB'],
  '53': [9, 5, 'NTT'],
  '61': [5, 2, 'Kalbar'],
  '62': [6, 3, 'Kalteng'],
  '63': [7, 3, 'Kalsel'],
  '64': [7, 2, 'Kaltim'],
  '65': [7, 1, 'Kaltara'],
  '75': [9, 1, 'Gtlo'],
  '71': [10, 1, 'Sulut'],
  '76': [8, 2, 'Sulbar'],
  '72': [9, 2, 'Sulteng'],
  '73': [8, 3, 'Sulsel'],
  '74': [9, 3, 'Sultra'],
  '82': [11, 1, 'Malut'],
  '81': [11, 3, 'Maluku'],
  '96': [12, 1, 'PBD'],
  '92': [13, 1, 'PB'],
  '94': [13, 2, 'PT'],
  '91': [14, 1, 'Papua'],
  '95': [14, 2, 'PP'],
  '93': [14, 3, 'PS'],
};

/** Light to dark green up to 60%; grey when there is no percentage. */
export function coverageColour(pct: number | null): string {
  if (pct === null) return '#d9d9d9';
  const x = Math.max(0, Math.min(1, pct / 60));
  const l = Math.round(92 - x * 62);
  return `hsl(150, 55%, ${l}%)`;
}

const TILE = 54;

/** A province on the tile map: its code, its name, the figure it is coloured by. */
export interface TileRow {
  code: string;
  name: string;
}

/**
 * One tile per province; a tile links to the province's page only when the figures include it, so
 * a role scoped to its own region is not offered provinces it may not open. By default the tiles
 * show coverage (percent of the denominator); another page passes its own figure, colour, text and
 * link (the data-quality page colours by score).
 */
export function TileMap<R extends TileRow = FigureRow>({
  rows,
  onPick,
  label,
  value = (r) => (r as unknown as FigureRow).coverage_pct ?? null,
  colour = coverageColour,
  show = (v) => `${Math.round(v)}%`,
  title = (v) => `${formatNumber(v)}%`,
  dark = (v) => v > 35,
  href = (code) => `/cakupan/${code}`,
  selected,
  testId = 'tile-map',
}: {
  rows: R[];
  onPick?(code: string): void;
  label: string;
  value?(r: R): number | null;
  colour?(v: number | null): string;
  /** The figure as written on the tile (short) and in its tooltip. */
  show?(v: number): string;
  title?(v: number): string;
  /** Whether the tile's colour is dark enough for white text. */
  dark?(v: number): boolean;
  href?(code: string): string;
  /** A province drawn with a heavy outline (the one picked). */
  selected?: string;
  testId?: string;
}) {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG cannot be a <fieldset>; its tiles are a group of links
    <svg
      viewBox={`0 0 ${15 * TILE} ${7 * TILE}`}
      width="100%"
      role="group"
      aria-label={label}
      data-testid={testId}
    >
      {Object.entries(TILES).map(([code, [x, y, label]]) => {
        const r = byCode.get(code);
        const v = r ? value(r) : null;
        const white = v !== null && dark(v);
        const tile = (
          <g key={code} transform={`translate(${x * TILE},${y * TILE})`} data-code={code}>
            <title>{`${r?.name ?? code}: ${v === null ? '—' : title(v)}`}</title>
            <rect
              width={TILE - 3}
              height={TILE - 3}
              rx={5}
              fill={r ? colour(v) : '#f0f0f0'}
              stroke={selected === code ? '#111' : '#fff'}
              strokeWidth={selected === code ? 3 : 1}
            />
            <text x={(TILE - 3) / 2} y={20} textAnchor="middle" fontSize={11} fill={white ? '#fff' : '#222'}>
              {label}
            </text>
            <text
              x={(TILE - 3) / 2}
              y={37}
              textAnchor="middle"
              fontSize={11}
              fontWeight={600}
              fill={white ? '#fff' : '#222'}
            >
              {v === null ? '—' : show(v)}
            </text>
          </g>
        );
        return r ? (
          <a
            key={code}
            href={href(code)}
            onClick={(e) => {
              if (!onPick) return;
              e.preventDefault();
              onPick(code);
            }}
          >
            {tile}
          </a>
        ) : (
          <g key={code} opacity={0.55}>
            {tile}
          </g>
        );
      })}
    </svg>
  );
}

/** Horizontal bars, one per row, with an optional target tick. */
export function BarChart({
  rows,
  label,
  legend,
}: {
  rows: Array<{ label: string; value: number | null; target?: number | null }>;
  label: string;
  /** Says what the red target marks are, shown under the chart when any row has one. */
  legend?: string;
}) {
  const max = Math.max(1, ...rows.map((r) => Math.max(r.value ?? 0, r.target ?? 0)));
  const h = 16;
  const w = 520;
  // Room for the longest label ("37. Daerah Khusus Ibukota Jakarta") at 11px.
  const lw = Math.max(120, Math.ceil(Math.max(...rows.map((r) => r.label.length)) * 6.4) + 8);
  const hasTarget = rows.some((r) => r.target);
  return (
    <>
      <svg
        viewBox={`0 0 ${lw + w + 60} ${rows.length * (h + 4)}`}
        width="100%"
        role="img"
        aria-label={label}
        data-testid="bar-chart"
      >
        {rows.map((r, i) => {
          const y = i * (h + 4);
          const bw = ((r.value ?? 0) / max) * w;
          return (
            <g key={r.label} transform={`translate(0,${y})`}>
              <text x={lw - 4} y={h - 4} textAnchor="end" fontSize={11}>
                {r.label}
              </text>
              <rect x={lw} width={Math.max(0, bw)} height={h} fill={coverageColour(r.value)} />
              {r.target ? (
                <line
                  x1={lw + (r.target / max) * w}
                  x2={lw + (r.target / max) * w}
                  y1={0}
                  y2={h}
                  stroke="#b00020"
                  strokeWidth={2}
                />
              ) : null}
              <text x={lw + 4 + bw} y={h - 4} fontSize={11}>
                {r.value === null ? '—' : formatNumber(r.value)}
              </text>
            </g>
          );
        })}
      </svg>
      {hasTarget && legend ? (
        <p className="chart-legend small" data-testid="bar-chart-legend">
          <span className="legend-mark legend-target" aria-hidden="true" /> {legend}
        </p>
      ) : null}
    </>
  );
}

/**
 * Actives per month (line), the target level (dashed), and straight-line paths from the last month: the
 * pace needed to meet the deadline, and the last 12 months' pace.
 */
export function PaceChart({
  series,
  targetPeople,
  deadlineIndex,
  paceNeeded,
  pace12,
}: {
  series: Array<{ period: string; active: number | null }>;
  targetPeople: number;
  deadlineIndex: number;
  paceNeeded: number | null;
  pace12: number | null;
}) {
  const { lang } = useI18n();
  const n = series.length;
  const span = Math.max(n, n + deadlineIndex + 1);
  const last = series[n - 1]?.active ?? 0;
  const max = Math.max(targetPeople * 1.1, ...series.map((s) => s.active ?? 0));
  const W = 640;
  const H = 200;
  const x = (i: number) => (i / Math.max(1, span - 1)) * W;
  const y = (v: number) => H - (v / max) * H;
  const line = series
    .map((s, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(s.active ?? 0).toFixed(1)}`)
    .join(' ');
  const end = n - 1 + deadlineIndex;
  return (
    <svg
      viewBox={`-4 -10 ${W + 60} ${H + 40}`}
      width="100%"
      role="img"
      aria-label="pace chart"
      data-testid="pace-chart"
    >
      <line x1={0} x2={W} y1={y(targetPeople)} y2={y(targetPeople)} stroke="#b00020" strokeDasharray="6 4" />
      <text x={W + 4} y={y(targetPeople) + 4} fontSize={11} fill="#b00020">
        {formatNumber(targetPeople)}
      </text>
      <path d={line} fill="none" stroke="#0b6e4f" strokeWidth={2.5} />
      {paceNeeded !== null && deadlineIndex > 0 && (
        <line
          x1={x(n - 1)}
          y1={y(last)}
          x2={x(end)}
          y2={y(last + paceNeeded * deadlineIndex)}
          stroke="#b00020"
          strokeWidth={1.5}
        />
      )}
      {pace12 !== null && deadlineIndex > 0 && (
        <line
          x1={x(n - 1)}
          y1={y(last)}
          x2={x(end)}
          y2={y(last + pace12 * deadlineIndex)}
          stroke="#555"
          strokeDasharray="3 3"
        />
      )}
      <text x={0} y={H + 16} fontSize={11}>
        {formatPeriod(series[0]?.period, lang)}
      </text>
      <text x={x(n - 1)} y={H + 16} fontSize={11} textAnchor="middle">
        {formatPeriod(series[n - 1]?.period, lang)}
      </text>
    </svg>
  );
}
