import type { BenefitResult } from './benefit-result.ts';
import { pct, rp } from './exact.ts';
import type { ContributionResult } from './lines.ts';
import type { ParamDef, Resolved } from './params.ts';
import type { ParamUse, Step } from './trace.ts';

/** Plain-text rendering for the terminal: a table, then the steps, parameters and warnings. */

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

function table(head: string[], rows: string[][], rightCols: number[]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => pad(c, widths[i] ?? 0, rightCols.includes(i)))
      .join('  ')
      .trimEnd();
  return [fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)];
}

function showValue(p: { unit: string; value: unknown }): string {
  if (p.unit === 'rate') return `${pct(String(p.value))} (${String(p.value)})`;
  if (p.unit === 'rupiah') return rp(Number(p.value));
  if (p.unit === 'table') return JSON.stringify(p.value);
  return `${String(p.value)} ${p.unit}`;
}

export function paramLine(p: ParamUse | Resolved): string {
  const flag = p.unconfirmed
    ? ' [BELUM TERKONFIRMASI / UNCONFIRMED]'
    : p.derived
      ? ' [turunan / derived]'
      : '';
  return `${p.name} = ${showValue(p)} — ${p.ref}; ${p.from} s.d. ${p.to ?? '…'}${flag}`;
}

function explanation(out: string[], steps: Step[], params: ParamUse[], warnings: string[]): void {
  out.push('', 'Langkah / steps:');
  for (const s of steps) out.push(`  • ${s.label}: ${s.calc}`);
  out.push('', 'Parameter / parameters:');
  for (const p of params) {
    out.push(`  • ${paramLine(p)}`, `      ${p.source}`);
    if (p.note) out.push(`      catatan/note: ${p.note}`);
  }
  if (warnings.length) {
    out.push('', 'Peringatan / warnings:');
    for (const w of warnings) out.push(`  ! ${w}`);
  }
}

export function formatContribution(r: ContributionResult): string[] {
  const out = [
    `Iuran / contributions — ${r.segment}, periode / period ${r.period} (parameter per ${r.asOf})`,
    '',
  ];
  const rows = r.lines.map((l) => [
    l.program + (l.covers ? `(${l.covers.join('+')})` : ''),
    l.payer + (l.kind === 'allocation' ? ' (alokasi/allocation)' : ''),
    l.label,
    rp(l.base),
    l.rate === null ? '-' : pct(l.rate),
    rp(l.amount) + (l.deferred ? ` (+${rp(l.deferred)} ditunda/deferred)` : ''),
  ]);
  out.push(
    ...table(
      ['Program', 'Pembayar/payer', 'Baris/line', 'Dasar/base', 'Tarif/rate', 'Jumlah/amount'],
      rows,
      [3, 4, 5],
    ),
  );
  const t = r.totals;
  out.push(
    '',
    `Total: pemberi kerja/employer ${rp(t.employer)} | pekerja/worker ${rp(t.worker)} | peserta/participant ${rp(t.participant)} | pemerintah/government ${rp(t.government)} | semua/all ${rp(t.all)}`,
  );
  if (r.fine)
    out.push(
      `Denda / fine: ${rp(r.fine.amount)} (${r.fine.monthsLate} bulan × ${pct(r.fine.ratePerMonth)} atas/on ${rp(r.fine.owed)})`,
    );
  const steps = r.lines.flatMap((l) =>
    l.explanation.steps.map((s) => ({ label: `[${l.program} ${l.payer}] ${s.label}`, calc: s.calc })),
  );
  if (r.fine)
    steps.push(...r.fine.explanation.steps.map((s) => ({ label: `[denda/fine] ${s.label}`, calc: s.calc })));
  explanation(out, [...steps, ...r.explanation.steps], r.explanation.parameters, r.explanation.warnings);
  return out;
}

export function formatBenefit(r: BenefitResult): string[] {
  const elig = r.eligible === null ? 'tidak diperiksa / not checked' : r.eligible ? 'ya / yes' : 'tidak / no';
  const out = [
    `Manfaat / benefit ${r.program} — ${r.regime}, per ${r.asOf}; memenuhi syarat / eligible: ${elig}`,
    '',
  ];
  out.push(
    ...table(
      ['Bagian/part', 'Keterangan/label', 'Jumlah/amount'],
      r.breakdown.map((p) => [p.key, p.label + (p.detail ? ` (${p.detail})` : ''), rp(p.amount)]),
      [2],
    ),
  );
  out.push('', `Total: ${rp(r.total)}`);
  for (const [k, v] of Object.entries(r.details))
    out.push(`${k}: ${typeof v === 'bigint' ? rp(v) : String(v)}`);
  explanation(out, r.explanation.steps, r.explanation.parameters, r.explanation.warnings);
  return out;
}

export function formatParamList(defs: ParamDef[]): string[] {
  const rows = defs.map((d) => {
    const last = d.values[d.values.length - 1];
    const flag = d.values.some((v) => v.unconfirmed) ? 'UNCONFIRMED' : '';
    return [
      d.name,
      d.unit,
      String(d.values.length),
      last ? `${last.from}…${last.to ?? ''}` : '',
      flag,
      d.label,
    ];
  });
  return table(
    ['Nama/name', 'Satuan/unit', 'Nilai/values', 'Terakhir/latest', 'Status', 'Keterangan/label'],
    rows,
    [2],
  );
}

export function formatParam(def: ParamDef, at?: Resolved): string[] {
  const out = [`${def.name} (${def.unit}${def.window ? ', jendela/window' : ''}) — ${def.label}`, ''];
  for (const v of def.values) {
    out.push(
      `  ${v.from} s.d. ${v.to ?? '…'}: ${showValue({ unit: def.unit, value: v.value })}${v.unconfirmed ? ' [UNCONFIRMED]' : ''}${v.derived ? ' [derived]' : ''}`,
    );
    out.push(`      ${v.instrument}: ${v.ref}`, `      ${v.source}`);
    if (v.note) out.push(`      catatan/note: ${v.note}`);
  }
  if (at) {
    out.push('', `Per / as of ${at.asOf}: ${paramLine(at)}`);
    if (at.warning) out.push(`  ! ${at.warning}`);
  }
  return out;
}
