/** Hand-written SVG: the tile map of the provinces, a bar chart, and the target pace chart. */
import { formatNumber } from '../../format.ts';
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

export function TileMap({ rows, onPick }: { rows: FigureRow[]; onPick?(code: string): void }) {
  const byCode = new Map(rows.map((r) => [r.code, r]));
  return (
    <svg
      viewBox={`0 0 ${15 * TILE} ${7 * TILE}`}
      width="100%"
      role="img"
      aria-label="tile map"
      data-testid="tile-map"
    >
      {Object.entries(TILES).map(([code, [x, y, label]]) => {
        const r = byCode.get(code);
        const pct = r?.coverage_pct ?? null;
        return (
          <a
            key={code}
            href={`/cakupan/${code}`}
            onClick={(e) => {
              if (!onPick) return;
              e.preventDefault();
              onPick(code);
            }}
          >
            <g transform={`translate(${x * TILE},${y * TILE})`}>
              <title>{`${r?.name ?? code}: ${pct === null ? '—' : `${formatNumber(pct)}%`}`}</title>
              <rect
                width={TILE - 3}
                height={TILE - 3}
                rx={5}
                fill={r ? coverageColour(pct) : '#f0f0f0'}
                stroke="#fff"
              />
              <text
                x={(TILE - 3) / 2}
                y={20}
                textAnchor="middle"
                fontSize={11}
                fill={pct !== null && pct > 35 ? '#fff' : '#222'}
              >
                {label}
              </text>
              <text
                x={(TILE - 3) / 2}
                y={37}
                textAnchor="middle"
                fontSize={11}
                fontWeight={600}
                fill={pct !== null && pct > 35 ? '#fff' : '#222'}
              >
                {pct === null ? '—' : `${Math.round(pct)}%`}
              </text>
            </g>
          </a>
        );
      })}
    </svg>
  );
}

/** Horizontal bars, one per row, with an optional target tick. */
export function BarChart({
  rows,
}: {
  rows: Array<{ label: string; value: number | null; target?: number | null }>;
}) {
  const max = Math.max(1, ...rows.map((r) => Math.max(r.value ?? 0, r.target ?? 0)));
  const h = 16;
  const w = 520;
  return (
    <svg
      viewBox={`0 0 ${w + 170} ${rows.length * (h + 4)}`}
      width="100%"
      role="img"
      aria-label="bar chart"
      data-testid="bar-chart"
    >
      {rows.map((r, i) => {
        const y = i * (h + 4);
        const bw = ((r.value ?? 0) / max) * w;
        return (
          <g key={r.label} transform={`translate(0,${y})`}>
            <text x={118} y={h - 4} textAnchor="end" fontSize={11}>
              {r.label}
            </text>
            <rect x={122} width={Math.max(0, bw)} height={h} fill={coverageColour(r.value)} />
            {r.target ? (
              <line
                x1={122 + (r.target / max) * w}
                x2={122 + (r.target / max) * w}
                y1={0}
                y2={h}
                stroke="#b00020"
                strokeWidth={2}
              />
            ) : null}
            <text x={126 + bw} y={h - 4} fontSize={11}>
              {r.value === null ? '—' : formatNumber(r.value)}
            </text>
          </g>
        );
      })}
    </svg>
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
        {series[0]?.period}
      </text>
      <text x={x(n - 1)} y={H + 16} fontSize={11} textAnchor="middle">
        {series[n - 1]?.period}
      </text>
    </svg>
  );
}
