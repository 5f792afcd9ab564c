/** A printable one-region report in Bahasa Indonesia (plain HTML, print stylesheet, an inline SVG chart). */
import type { Database } from '../../platform/db.ts';
import { periodNameId } from '../../platform/period.ts';
import { coverageFigures } from './figures.ts';
import type { FigureRow } from './present.ts';
import { levelOf, SEGMENTS } from './rules.ts';
import type { CoverageScope } from './scope.ts';
import { coverageSeries, regionTargets } from './trends.ts';

const esc = (s: unknown): string =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
const num = (n: number | null | undefined): string =>
  n === null || n === undefined ? '—' : n.toLocaleString('id-ID', { maximumFractionDigits: 2 });
const pctText = (n: number | null | undefined): string =>
  n === null || n === undefined ? '—' : `${num(n)}%`;
const when = (p: string | null | undefined): string => (p ? periodNameId(p) : '—');

/** Words for a target's status; the notes kept with targets and denominators are for the data team. */
const TARGET_STATUS_ID: Record<string, string> = {
  sourced: 'bersumber',
  plan: 'rencana',
  unconfirmed: 'BELUM TERKONFIRMASI',
  assumed: 'asumsi',
};
const SEGMENT_ID: Record<string, string> = {
  PU: 'Penerima upah',
  BPU: 'Bukan penerima upah',
  JAKON: 'Jasa konstruksi',
  PMI: 'Pekerja migran Indonesia',
};

function sparkline(points: Array<{ period: string; coverage_pct: number | null }>): string {
  const vals = points.map((p) => p.coverage_pct ?? 0);
  const max = Math.max(1, ...vals);
  const w = 600;
  const h = 120;
  const step = points.length > 1 ? w / (points.length - 1) : w;
  const path = vals
    .map((v, i) => `${i ? 'L' : 'M'}${(i * step).toFixed(1)},${(h - (v / max) * h).toFixed(1)}`)
    .join(' ');
  const first = points[0] ? periodNameId(points[0].period) : '';
  const last = points.length ? periodNameId(points[points.length - 1]!.period) : '';
  return `<svg viewBox="0 -10 ${w} ${h + 30}" width="100%" role="img" aria-label="Tren cakupan">
    <path d="${path}" fill="none" stroke="#0b6e4f" stroke-width="2"/>
    <text x="0" y="${h + 18}" font-size="12">${esc(first)}</text>
    <text x="${w}" y="${h + 18}" font-size="12" text-anchor="end">${esc(last)}</text>
    <text x="0" y="0" font-size="12">maks ${esc(pctText(max))}</text></svg>`;
}

function childTable(rows: FigureRow[]): string {
  if (!rows.length) return '';
  const body = rows
    .map(
      (r) =>
        `<tr><td>${esc(r.code)}</td><td>${esc(r.name)}</td><td class="n">${num(r.active)}</td>` +
        `<td class="n">${num(r.denominator ? Math.round(r.denominator.scaled) : null)}</td><td class="n">${pctText(r.coverage_pct)}</td></tr>`,
    )
    .join('');
  return `<h2>Rincian wilayah di bawahnya</h2><table><thead><tr><th>Kode</th><th>Wilayah</th><th>Aktif</th>
    <th>Penyebut (estimasi)</th><th>Cakupan</th></tr></thead><tbody>${body}</tbody></table>`;
}

export async function coverageReportHtml(db: Database, scope: CoverageScope, code: string): Promise<string> {
  const series = await coverageSeries(db, scope, code, {});
  const m = series.meta;
  const latest = series.points[series.points.length - 1];
  const nation = code === '00';
  const children =
    nation || levelOf(code) < 3
      ? (
          await coverageFigures(
            db,
            scope,
            nation ? { level: 1 } : { parent: code, level: (levelOf(code) + 1) as 2 | 3 },
          )
        ).rows
      : [];
  const targets = await regionTargets(db, scope, code);
  const den = latest?.denominator;
  const segRows = SEGMENTS.map(
    (s) =>
      `<tr><td>${SEGMENT_ID[s]}</td><td class="n">${num(latest?.segments[s].active)}</td><td class="n">${num(latest?.segments[s].registered)}</td></tr>`,
  ).join('');
  const targetRows = targets.targets
    .map((t) => {
      const x = t.math;
      const proj = x?.projections
        .map(
          (p) =>
            `${p.window_months} bln: ${p.status === 'reached' ? 'sudah tercapai' : p.reach_period ? when(p.reach_period) : p.status === 'not_at_current_pace' ? 'tidak tercapai pada laju ini' : 'riwayat belum cukup'}`,
        )
        .join('; ');
      return `<tr><td>${t.target.year}</td><td class="n">${pctText(t.target.target_pct)}</td><td>${esc(TARGET_STATUS_ID[t.target.status] ?? t.target.status)}</td>
        <td class="n">${num(x?.gap_people)}</td><td class="n">${num(x?.pace_needed_per_month)}</td><td>${esc(proj)}</td>
        <td>${t.target.source_url ? `<a href="${esc(t.target.source_url)}">sumber</a>` : 'tanpa sumber'}</td></tr>`;
    })
    .join('');
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Laporan cakupan ${esc(series.region.name)} ${esc(when(m.period))}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#111}table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
th,td{border:1px solid #bbb;padding:.25rem .5rem;font-size:.9rem;text-align:left}td.n{text-align:right}
.banner{background:#fff3cd;border:1px solid #e0c36c;padding:.5rem 1rem}.muted{color:#555;font-size:.85rem}
@media print{a{color:inherit;text-decoration:none}.noprint{display:none}}</style></head><body>
${m.synthetic ? `<p class="banner"><strong>DATA SINTETIS</strong> — sampel skala ${esc(m.scale)}; penyebut dibagi dengan skala yang sama.</p>` : ''}
<h1>Cakupan Jaminan Sosial Ketenagakerjaan — ${esc(series.region.name)}</h1>
<p>Periode ${esc(when(m.period))} · menurut domisili peserta · ${esc(m.active_source.label_id)}</p>
<p><strong>Cakupan ${pctText(latest?.coverage_pct)}</strong>: ${num(latest?.active)} peserta aktif dari penyebut ${num(den ? Math.round(den.scaled) : null)}
(${esc(m.denominator.label_id)}, ${esc(when(den?.period))}${den?.estimated ? ', ESTIMASI' : ''}).
${den?.source_url ? `Sumber: <a href="${esc(den.source_url)}">${esc(den.source_url)}</a>.` : ''}</p>
${den && den.period.slice(0, 4) < m.period.slice(0, 4) ? `<p class="muted">Penyebut memakai angka terbaru yang tersedia untuk wilayah ini (${esc(when(den.period))}).</p>` : ''}
<h2>Menurut segmen</h2><table><thead><tr><th>Segmen</th><th>Aktif</th><th>Terdaftar</th></tr></thead><tbody>${segRows}</tbody></table>
<h2>Tren bulanan</h2>${sparkline(series.points)}
<h2>Target</h2>${targetRows ? `<table><thead><tr><th>Tahun</th><th>Target</th><th>Status</th><th>Kesenjangan (orang)</th><th>Laju perlu/bln</th><th>Proyeksi (laju 3/6/12 bln)</th><th>Sumber</th></tr></thead><tbody>${targetRows}</tbody></table>` : '<p>Belum ada target tercatat.</p>'}
${childTable(children)}
<h2>Catatan</h2><ul>${m.caveats.map((c) => `<li>${esc(c.id)}</li>`).join('')}
${m.min_cell ? `<li>Sel dengan kurang dari ${m.min_cell} orang disembunyikan.</li>` : ''}</ul>
<p class="muted">Dibuat oleh Lindung dari data cakupan ${esc(when(m.window.start))}–${esc(when(m.window.end))}.</p>
<p class="noprint"><button onclick="window.print()">Cetak</button></p></body></html>`;
}
