/** XLSX export of a coverage table with its ranking and sources, so a spreadsheet keeps the caveats. */
import ExcelJS from 'exceljs';
import type { Database } from '../../platform/db.ts';
import { neutraliseRow } from '../../platform/tabular.ts';
import { coverageFigures, type FigureQuery } from './figures.ts';
import type { FigureRow, Meta } from './present.ts';
import { coverageRanking } from './ranking.ts';
import { SEGMENTS } from './rules.ts';
import type { CoverageScope } from './scope.ts';

const FIGURE_COLUMNS = [
  { header: 'Kode / Code', key: 'code', width: 14 },
  { header: 'Wilayah / Region', key: 'name', width: 32 },
  { header: 'Peserta aktif / Active', key: 'active', width: 14 },
  { header: 'Terdaftar / Registered', key: 'registered', width: 14 },
  ...SEGMENTS.map((s) => ({ header: `Aktif ${s}`, key: `seg_${s}`, width: 11 })),
  { header: 'Penyebut / Denominator', key: 'den', width: 16 },
  { header: 'Penyebut skala / scaled', key: 'den_scaled', width: 14 },
  { header: 'Cakupan % / Coverage %', key: 'pct', width: 12 },
  { header: 'Periode penyebut', key: 'den_period', width: 12 },
  { header: 'Estimasi / Estimated', key: 'est', width: 10 },
  { header: 'Sumber / Source', key: 'src', width: 50 },
  { header: 'Catatan / Note', key: 'note', width: 60 },
];

function figureLine(r: FigureRow) {
  return {
    code: r.code,
    name: r.name,
    active: r.active,
    registered: r.registered,
    ...Object.fromEntries(SEGMENTS.map((s) => [`seg_${s}`, r.segments[s].active])),
    den: r.denominator?.value ?? null,
    den_scaled: r.denominator ? Math.round(r.denominator.scaled * 10) / 10 : null,
    pct: r.coverage_pct,
    den_period: r.denominator?.period ?? null,
    est: r.denominator ? (r.denominator.estimated ? 'ya' : 'tidak') : null,
    src: r.denominator?.source_url ?? null,
    note: [r.denominator?.note, r.suppressed ? `sel < ambang disembunyikan / small cells suppressed` : null]
      .filter(Boolean)
      .join(' | '),
  };
}

function metaSheet(wb: ExcelJS.Workbook, m: Meta): void {
  const ws = wb.addWorksheet('Sumber & catatan');
  ws.columns = [
    { header: 'Butir / Item', key: 'k', width: 28 },
    { header: 'Nilai / Value', key: 'v', width: 110 },
  ];
  const rows: Array<[string, string]> = [
    ['Periode / Period', m.period],
    [
      'Menurut / By',
      m.basis === 'domicile'
        ? 'domisili peserta / participant domicile'
        : 'wilayah pemberi kerja / employer region',
    ],
    ['Segmen / Segment', m.segment ?? 'semua / all'],
    ['Penyebut / Denominator', `${m.denominator.label_id} / ${m.denominator.label_en}`],
    ['Dasar peserta aktif / Active basis', `${m.active_source.basis}: ${m.active_source.label_id}`],
    [
      'Data sintetis / Synthetic',
      m.synthetic ? `YA — sampel sintetis skala ${m.scale}; penyebut dibagi skala` : 'tidak / no',
    ],
    ['Ambang sel / Min cell', m.min_cell ? String(m.min_cell) : '-'],
    ['Rollup', `${m.window.start}..${m.window.end} (${m.source})`],
    ...m.caveats.map((c): [string, string] => ['Catatan / Caveat', `${c.id} / ${c.en}`]),
  ];
  for (const [k, v] of rows) ws.addRow(neutraliseRow({ k, v }));
  ws.getRow(1).font = { bold: true };
}

export async function coverageXlsx(db: Database, scope: CoverageScope, q: FigureQuery): Promise<Buffer> {
  const fig = await coverageFigures(db, scope, q);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Lindung';
  const ws = wb.addWorksheet('Cakupan');
  ws.columns = FIGURE_COLUMNS;
  if (fig.total) ws.addRow(figureLine(fig.total)).font = { bold: true };
  for (const r of fig.rows) ws.addRow(neutraliseRow(figureLine(r)));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const level = fig.rows[0]?.level;
  if (level === 1 || level === 2) {
    const rk = await coverageRanking(db, scope, { ...q, level, parent: q.parent ?? null });
    const rs = wb.addWorksheet('Peringkat');
    rs.columns = [
      { header: 'Peringkat cakupan', key: 'rc', width: 10 },
      { header: 'Kode', key: 'code', width: 10 },
      { header: 'Wilayah', key: 'name', width: 32 },
      { header: 'Cakupan %', key: 'pct', width: 10 },
      { header: `Kemajuan (pp sejak ${rk.meta.compared_with})`, key: 'prog', width: 16 },
      { header: 'Peringkat kemajuan', key: 'rp', width: 10 },
      { header: 'Target %', key: 'target', width: 10 },
      { header: 'Status target', key: 'ts', width: 12 },
      { header: 'Kesenjangan (pp)', key: 'gap', width: 12 },
      { header: 'Kesenjangan (orang)', key: 'gapp', width: 14 },
    ];
    for (const r of rk.rows)
      rs.addRow(
        neutraliseRow({
          rc: r.rank.coverage,
          code: r.code,
          name: r.name,
          pct: r.coverage_pct,
          prog: r.progress_pp,
          rp: r.rank.progress,
          target: r.target_pct,
          ts: r.target_status ? `${r.target_status} (${r.target_from})` : null,
          gap: r.gap_pp,
          gapp: r.gap_people,
        }),
      );
    rs.getRow(1).font = { bold: true };
  }
  metaSheet(wb, fig.meta);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
