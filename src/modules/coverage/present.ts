/** Turning counts into the rows people see: totals, percentages, denominators, suppression, labels. */
import { ACTIVE_BASIS_LABEL, type ActiveBasis } from './active.ts';
import type { Denominator } from './denominators.ts';
import type { Cell, DemoScale, RegionRef } from './queries.ts';
import { type DenominatorKind, pct, SEGMENTS, type Segment, suppressCount, suppressRow } from './rules.ts';

export interface SegmentCounts {
  active: number | null;
  registered: number | null;
}

export interface FigureRow {
  code: string;
  name: string;
  level: number;
  kind: string;
  active: number | null;
  registered: number | null;
  segments: Record<Segment, SegmentCounts>;
  denominator: Denominator | null;
  coverage_pct: number | null;
  /** PU actives ÷ formal workers and BPU actives ÷ informal workers, where BPS gives the formal share. */
  pu_pct_of_formal: number | null;
  bpu_pct_of_informal: number | null;
  suppressed: boolean;
}

export const DENOMINATOR_LABEL: Record<DenominatorKind, { id: string; en: string }> = {
  employed: { id: 'Penduduk bekerja (BPS Sakernas)', en: 'Employed population (BPS Sakernas)' },
  employed_minus_civil_servants: {
    id: 'Penduduk bekerja dikurangi ASN (PNS + PPPK, BKN)',
    en: 'Employed population minus civil servants (PNS + PPPK, BKN)',
  },
  labour_force: { id: 'Angkatan kerja (BPS Sakernas)', en: 'Labour force (BPS Sakernas)' },
};

export const CAVEATS = {
  employer_basis: {
    id: 'Menurut wilayah pemberi kerja, pekerja kantor pusat tercatat di wilayah kantor pusat (DKI Jakarta bisa di atas 100%).',
    en: 'By employer region, head-office registrations count where the head office is (DKI Jakarta can exceed 100%).',
  },
  denominators: {
    id: 'Penyebut berbeda antarsumber (penduduk bekerja, potensi peserta, angkatan kerja); jangan bandingkan persentase dengan penyebut berbeda.',
    en: 'Published figures use different denominators (employed, potential participants, labour force); do not compare percentages across denominators.',
  },
  estimated_below_province: {
    id: 'Di bawah provinsi tidak ada angka BPS: penyebut diperkirakan dari angka provinsi × pangsa peserta terdaftar.',
    en: 'Below provinces there is no BPS figure: denominators are estimated as the province figure × share of registered participants.',
  },
};

/** Sums cells by region: { code → { segment → counts } }. */
export function byRegion(cells: Cell[]): Map<string, Map<Segment, { active: number; registered: number }>> {
  const out = new Map<string, Map<Segment, { active: number; registered: number }>>();
  for (const c of cells) {
    const m = out.get(c.region_code) ?? new Map();
    const prev = m.get(c.segment) ?? { active: 0, registered: 0 };
    m.set(c.segment, { active: prev.active + c.active, registered: prev.registered + c.registered });
    out.set(c.region_code, m);
  }
  return out;
}

/** Adds up every region's cells into one region's worth (for parent totals and the nation). */
export function total(cells: Cell[], code: string): Cell[] {
  return SEGMENTS.map((segment) => ({
    region_code: code,
    segment,
    active: cells.filter((c) => c.segment === segment).reduce((s, c) => s + c.active, 0),
    registered: cells.filter((c) => c.segment === segment).reduce((s, c) => s + c.registered, 0),
  }));
}

export function buildRow(
  region: RegionRef,
  counts: Map<Segment, { active: number; registered: number }> | undefined,
  denominator: Denominator | null,
  opts: { segment: Segment | null; minCell: number },
): FigureRow {
  const raw = SEGMENTS.map((s) => counts?.get(s) ?? { active: 0, registered: 0 });
  const min = opts.minCell;
  const act = min
    ? suppressRow(
        raw.map((r) => r.active),
        min,
      )
    : raw.map((r) => r.active);
  const reg = min
    ? suppressRow(
        raw.map((r) => r.registered),
        min,
      )
    : raw.map((r) => r.registered);
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
  const totalActive = sum(raw.map((r) => r.active));
  const totalRegistered = sum(raw.map((r) => r.registered));
  const segIdx = opts.segment ? SEGMENTS.indexOf(opts.segment) : -1;
  const active = segIdx >= 0 ? (act[segIdx] ?? null) : min ? suppressCount(totalActive, min) : totalActive;
  const registered =
    segIdx >= 0 ? (reg[segIdx] ?? null) : min ? suppressCount(totalRegistered, min) : totalRegistered;
  const segments = Object.fromEntries(
    SEGMENTS.map((s, i) => [s, { active: act[i] ?? null, registered: reg[i] ?? null }]),
  ) as Record<Segment, SegmentCounts>;
  const base = denominator?.scaled ?? null;
  return {
    code: region.code,
    name: region.name,
    level: region.level,
    kind: region.kind,
    active,
    registered,
    segments,
    denominator,
    coverage_pct: pct(active, base),
    pu_pct_of_formal: pct(segments.PU.active, denominator?.formal_scaled ?? null),
    bpu_pct_of_informal: pct(segments.BPU.active, denominator?.informal_scaled ?? null),
    suppressed: act.some((v) => v === null) || reg.some((v) => v === null) || active === null,
  };
}

export interface Meta {
  period: string;
  basis: 'domicile' | 'employer';
  segment: Segment | null;
  denominator: { kind: DenominatorKind; label_id: string; label_en: string };
  active_source: { basis: ActiveBasis; label_id: string; label_en: string };
  synthetic: boolean;
  scale: string | null;
  min_cell: number | null;
  window: { start: string; end: string };
  source: 'rollups' | 'registry';
  caveats: Array<{ id: string; en: string }>;
}

export function meta(o: {
  period: string;
  basis: 'domicile' | 'employer';
  segment: Segment | null;
  kind: DenominatorKind;
  activeBasis: ActiveBasis;
  scale: DemoScale;
  minCell: number;
  window: { start: string; end: string };
  source: 'rollups' | 'registry';
  belowProvince: boolean;
}): Meta {
  const caveats = [CAVEATS.denominators];
  if (o.basis === 'employer') caveats.push(CAVEATS.employer_basis);
  if (o.belowProvince) caveats.push(CAVEATS.estimated_below_province);
  return {
    period: o.period,
    basis: o.basis,
    segment: o.segment,
    denominator: {
      kind: o.kind,
      label_id: DENOMINATOR_LABEL[o.kind].id,
      label_en: DENOMINATOR_LABEL[o.kind].en,
    },
    active_source: {
      basis: o.activeBasis,
      label_id: ACTIVE_BASIS_LABEL[o.activeBasis].id,
      label_en: ACTIVE_BASIS_LABEL[o.activeBasis].en,
    },
    synthetic: o.scale.synthetic,
    scale: o.scale.scale,
    min_cell: o.minCell || null,
    window: o.window,
    source: o.source,
    caveats,
  };
}
