/** The plan as a printable page in Bahasa Indonesia (for a budget office to attach) and as XLSX. */
import { monthNameId, periodNameId } from '../../platform/period.ts';
import { workbook } from '../contributions/xlsx.ts';
import type { RegionPlan } from './plan.ts';

/** Indonesian names of the plan categories (the web dictionaries carry the same words). */
export const CATEGORY_ID: Record<string, string> = {
  vulnerable_agriculture: 'Pekerja rentan – pertanian',
  vulnerable_fishery: 'Pekerja rentan – perikanan/nelayan',
  vulnerable_trade: 'Pekerja rentan – perdagangan',
  vulnerable_transport: 'Pekerja rentan – transportasi',
  vulnerable_construction: 'Pekerja rentan – bangunan',
  vulnerable_other: 'Pekerja rentan – lainnya',
  honorer: 'Pegawai non-ASN (honorer)',
  honorary_teacher: 'Guru honorer',
  rt_rw: 'Ketua RT/RW',
  posyandu: 'Kader posyandu',
  linmas: 'Anggota linmas',
  religious: 'Petugas keagamaan',
};
const STATUS_ID: Record<string, string> = {
  sourced: 'bersumber',
  plan: 'rencana',
  unconfirmed: 'BELUM TERKONFIRMASI',
  assumed: 'asumsi',
};

const esc = (s: unknown): string =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
const num = (v: number | null | undefined) =>
  v === null || v === undefined ? '—' : v.toLocaleString('id-ID');
const rp = (v: number) => `Rp${v.toLocaleString('id-ID')}`;

export function planHtml(p: RegionPlan, printedAt: string): string {
  const cats = p.by_group.map((g) => g.category);
  const head = cats.map((c) => `<th>${esc(CATEGORY_ID[c] ?? c)}</th>`).join('');
  const monthRows = p.months
    .map(
      (m) =>
        `<tr><td>${esc(periodNameId(m.period))}</td>${m.groups.map((g) => `<td class="n">${rp(g.budget)}</td>`).join('')}<td class="n"><b>${rp(m.total)}</b></td></tr>`,
    )
    .join('');
  const groupRows = p.by_group
    .map(
      (g) =>
        `<tr><td>${esc(CATEGORY_ID[g.category] ?? g.category)}</td><td class="n">${num(g.count)}</td><td>${g.scheme === 'PU' ? 'Penerima upah' : 'Bukan penerima upah'}</td><td class="n">${rp(g.base)}</td><td>${esc(g.programs.join(', '))}</td><td class="n">${rp(g.total)}</td></tr>`,
    )
    .join('');
  const scen = p.scenarios
    .map(
      (s) =>
        `<tr><td>${s.target_year}</td><td class="n">${num(s.target_pct)}%</td><td>${esc(STATUS_ID[s.target_status] ?? s.target_status)}</td><td class="n">${num(s.current_pct)}%</td><td class="n">${num(s.gap_people)}</td>${s.steps.map((x) => `<td class="n">${num(x.people)}<br>${rp(x.cost)}</td>`).join('')}</tr>`,
    )
    .join('');
  const refs = p.references
    .map(
      (r) =>
        `<li>${esc(r.label)}: ${esc(r.value)} — ${esc(r.ref)}${r.unconfirmed ? ' <b>(BELUM TERKONFIRMASI)</b>' : ''}<br><small>${esc(r.source)}</small></li>`,
    )
    .join('');
  const reverse = p.reverse
    ? `<h2>Anggaran yang tersedia</h2><p>Anggaran ${rp(p.reverse.budget)} cukup untuk <b>${num(p.reverse.people)} orang</b> (${esc(CATEGORY_ID[p.reverse.category])}) dengan biaya ${rp(p.reverse.per_person_year)} per orang per tahun; sisa ${rp(p.reverse.left_over)}.</p>`
    : '';
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Rencana anggaran perlindungan ${esc(p.region.name)} ${p.year}</title>
<style>body{font-family:serif;margin:2cm;font-size:11pt}table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #444;padding:3px 5px;vertical-align:top}td.n{text-align:right}h1{font-size:15pt}h2{font-size:12pt;margin-top:1.2em}@media print{body{margin:1cm}}</style></head><body>
<h1>Rencana Anggaran Iuran Jaminan Sosial Ketenagakerjaan<br>${esc(p.region.name)} — Tahun Anggaran ${p.year}</h1>
<p>Dasar: Inpres 2/2021; dihitung dengan ketentuan yang berlaku pada tiap bulan tahun anggaran. Sumber dana: ${p.budget_funded ? 'APBD (diskon PP 50/2025 tidak berlaku)' : 'bukan APBN/APBD'}. Mulai bulan ${esc(monthNameId(p.from_month))}. Dicetak ${esc(printedAt)} WIB.</p>
<h2>Ringkasan</h2><p>Jumlah peserta: <b>${num(p.people)} orang</b>. Kebutuhan anggaran: <b>${rp(p.total)}</b>.</p>
<table><thead><tr><th>Kelompok</th><th>Jumlah</th><th>Skema</th><th>Dasar iuran</th><th>Program</th><th>Setahun</th></tr></thead><tbody>${groupRows}</tbody></table>
<h2>Rincian per bulan</h2><table><thead><tr><th>Bulan</th>${head}<th>Jumlah</th></tr></thead><tbody>${monthRows}</tbody></table>
${reverse}
<h2>Skenario menuju target cakupan</h2>${scen ? `<table><thead><tr><th>Tahun target</th><th>Target</th><th>Status</th><th>Cakupan kini</th><th>Kekurangan (orang)</th><th>25%</th><th>50%</th><th>100%</th></tr></thead><tbody>${scen}</tbody></table><p><small>Biaya per orang setahun: ${rp(p.scenarios[0]?.per_person_year ?? 0)} (${esc(CATEGORY_ID[p.scenarios[0]?.category ?? ''] ?? '')}).</small></p>` : '<p>Belum ada target cakupan untuk wilayah ini.</p>'}
<h2>Asumsi</h2><ul>${p.assumptions.map((a) => `<li>${esc(a.split(' / ')[0])}</li>`).join('')}</ul>
<h2>Ketentuan yang dipakai</h2><ul>${refs}</ul>
</body></html>`;
}

export function planXlsx(p: RegionPlan): Promise<Buffer> {
  const title = [
    `Rencana anggaran ${p.region.name} TA ${p.year} / Budget plan`,
    `Total: ${rp(p.total)} — ${num(p.people)} orang`,
  ];
  return workbook([
    {
      name: 'Ringkasan',
      title,
      columns: [
        { header: 'Kelompok / Group', key: 'name', width: 36 },
        { header: 'Jumlah / Count', key: 'count' },
        { header: 'Skema / Scheme', key: 'scheme' },
        { header: 'Dasar / Base', key: 'base', money: true },
        { header: 'Program', key: 'programs' },
        { header: 'Setahun / Year', key: 'total', money: true },
      ],
      rows: p.by_group.map((g) => ({ ...g, name: CATEGORY_ID[g.category] ?? g.category })),
    },
    {
      name: 'Per bulan',
      columns: [
        { header: 'Periode / Period', key: 'period' },
        { header: 'Kelompok / Group', key: 'name', width: 36 },
        { header: 'Jumlah / Count', key: 'count' },
        { header: 'Per orang / Per person', key: 'per_person', money: true },
        { header: 'Dibayar pegawai / Staff share', key: 'staff_per_person', money: true },
        { header: 'Anggaran / Budget', key: 'budget', money: true },
      ],
      rows: p.months.flatMap((m) =>
        m.groups.map((g) => ({ ...g, period: m.period, name: CATEGORY_ID[g.category] ?? g.category })),
      ),
    },
    {
      name: 'Skenario',
      columns: [
        { header: 'Tahun target / Target year', key: 'target_year' },
        { header: 'Target %', key: 'target_pct' },
        { header: 'Status', key: 'status' },
        { header: 'Kekurangan / Gap (people)', key: 'gap_people' },
        { header: 'Bagian / Share', key: 'share' },
        { header: 'Orang / People', key: 'people' },
        { header: 'Biaya / Cost', key: 'cost', money: true },
      ],
      rows: p.scenarios.flatMap((s) =>
        s.steps.map((x) => ({ ...s, ...x, status: STATUS_ID[s.target_status] ?? s.target_status })),
      ),
    },
    {
      name: 'Ketentuan',
      columns: [
        { header: 'Parameter', key: 'label', width: 50 },
        { header: 'Nilai / Value', key: 'value' },
        { header: 'Dasar / Reference', key: 'ref', width: 50 },
        { header: 'Belum terkonfirmasi / Unconfirmed', key: 'unc' },
        { header: 'Sumber / Source', key: 'source', width: 60 },
      ],
      rows: p.references.map((r) => ({ ...r, unc: r.unconfirmed ? 'BELUM TERKONFIRMASI' : '' })),
    },
  ]);
}
