import { z } from 'zod';
import { ValidationError } from '../../platform/errors.ts';
import { type BenefitPart, type BenefitResult, finish } from './benefit-result.ts';
import { rp } from './exact.ts';
import { firstFrom, intAt, rupiahAt, tableAt } from './params.ts';
import { newTrace, step, type Trace, use, warn } from './trace.ts';
import { date, int, notBefore, SYSTEM_START } from './validate.ts';

/**
 * Education scholarship after JKM death (non-work) or JKK death/CTT. PP 82/2019 levels for
 * events from its (UNCONFIRMED) start; before it, PP 44/2015's Rp12 million for one child.
 */

export const LEVELS = ['BELUM', 'TK', 'SD', 'SMP', 'SMA', 'PT'] as const;
export type Level = (typeof LEVELS)[number];

export interface Child {
  /** Current level; BELUM = not yet in school (paid on entering school). PT = higher education / training. */
  level: Level | string;
  /** Year within the current level, 1-based (default 1). */
  year?: number;
  age?: number;
}

export interface BeasiswaInput {
  /** Date of the death or of the total permanent disability. */
  date: string;
  /** JKM = non-work death (≥3 years of contributions); JKK = work-accident death or CTT (no minimum). */
  cause: 'JKM' | 'JKK' | string;
  contributionMonths?: number;
  children: Child[];
}

const levelsSchema = z.array(
  z.object({ level: z.string(), per_year: z.number().int(), years: z.number().int() }),
);

function checkChild(c: Child, i: number): { level: Level; year: number; age?: number } {
  const level = String(c.level).toUpperCase();
  if (!LEVELS.includes(level as Level)) {
    throw new ValidationError(
      `children[${i}].level: harus salah satu dari ${LEVELS.join('|')} / must be one of ${LEVELS.join('|')} (got "${c.level}")`,
    );
  }
  const year = c.year === undefined ? 1 : int(`children[${i}].year`, c.year, 1, 6);
  const out: { level: Level; year: number; age?: number } = { level: level as Level, year };
  if (c.age !== undefined) out.age = int(`children[${i}].age`, c.age, 0, 60);
  return out;
}

function meetsMinimum(t: Trace, cause: string, months: number | undefined, name: string, d: string): boolean {
  if (cause === 'JKK') {
    step(
      t,
      'Masa iur minimum / minimum contribution period',
      'tidak ada untuk JKK / none for a work accident',
    );
    return true;
  }
  const min = use(t, intAt(name, d, 'date'));
  const m = int('contributionMonths', months, 0, 1200);
  step(
    t,
    'Masa iur minimum / minimum contribution period',
    `${m} bulan ≥ ${min} bulan? ${m >= min ? 'ya / yes' : 'tidak / no'}`,
  );
  return m >= min;
}

function childParts(
  t: Trace,
  i: number,
  c: ReturnType<typeof checkChild>,
  levels: z.infer<typeof levelsSchema>,
): BenefitPart[] {
  const parts: BenefitPart[] = [];
  const start = c.level === 'BELUM' ? 0 : levels.findIndex((l) => l.level === c.level);
  levels.slice(start).forEach((l, j) => {
    const done = j === 0 && c.level !== 'BELUM' ? c.year - 1 : 0;
    const years = Math.max(0, l.years - done);
    const amount = BigInt(l.per_year) * BigInt(years);
    const label = `Anak ${i + 1} ${l.level} / child ${i + 1} ${l.level}`;
    step(t, label, `${years} tahun × ${rp(l.per_year)} = ${rp(amount)}`);
    if (years > 0)
      parts.push({
        key: `child-${i + 1}.${l.level}`,
        label,
        amount,
        detail: `${years} × ${rp(l.per_year)} per tahun / per year`,
      });
  });
  return parts;
}

function current(input: BeasiswaInput, d: string, t: Trace): [BenefitPart[], boolean] {
  const levels = use(t, tableAt('beasiswa.levels', d, levelsSchema, 'date'));
  const maxChildren = use(t, intAt('beasiswa.max_children', d));
  const maxAge = use(t, intAt('beasiswa.max_age', d));
  const eligible = meetsMinimum(t, input.cause, input.contributionMonths, 'beasiswa.min_months_jkm', d);
  const children = input.children.map(checkChild);
  if (children.length > maxChildren)
    warn(
      t,
      `children: paling banyak ${maxChildren} anak; hanya ${maxChildren} pertama dihitung / at most ${maxChildren} children; only the first ${maxChildren} are counted`,
    );
  const parts: BenefitPart[] = [];
  children.slice(0, maxChildren).forEach((c, i) => {
    if (c.age !== undefined && c.age >= maxAge) {
      step(
        t,
        `Anak ${i + 1} / child ${i + 1}`,
        `usia ${c.age} ≥ ${maxAge}: berakhir / age ${c.age} ≥ ${maxAge}: ended`,
      );
      return;
    }
    parts.push(...childParts(t, i, c, levels));
  });
  warn(
    t,
    'Dibayar sekali setahun, diperpanjang tiap tahun dengan rapor/bukti sekolah; berhenti pada usia 23, menikah, bekerja atau putus sekolah / paid yearly on proof of enrolment; ends at 23, marriage, work or leaving school',
  );
  if (d < '2021-04-01')
    warn(
      t,
      'Pembayaran beasiswa berlaku efektif sejak Permenaker 5/2021 (1 Apr 2021); tunggakan dibayar mulai Mei 2021 / payments operative from Permenaker 5/2021 (1 Apr 2021), backlog paid from May 2021',
    );
  return [parts, eligible];
}

function legacy(input: BeasiswaInput, d: string, t: Trace): [BenefitPart[], boolean] {
  const amount = use(t, rupiahAt('beasiswa.legacy.amount', d, 'date'));
  const maxChildren = use(t, intAt('beasiswa.legacy.max_children', d));
  const eligible = meetsMinimum(t, input.cause, input.contributionMonths, 'beasiswa.legacy.min_months', d);
  input.children.forEach(checkChild);
  if (input.children.length > maxChildren)
    warn(t, `children: rezim lama hanya ${maxChildren} anak / the old regime pays ${maxChildren} child`);
  const parts = input.children.slice(0, maxChildren).map((_, i) => {
    step(t, `Anak ${i + 1} / child ${i + 1}`, rp(amount));
    return { key: `child-${i + 1}`, label: `Beasiswa anak ${i + 1} / child ${i + 1}`, amount };
  });
  return [parts, eligible];
}

export function computeBeasiswa(input: BeasiswaInput): BenefitResult {
  const d = date('date', input.date);
  notBefore('date', d, SYSTEM_START, 'Beasiswa / scholarship');
  const cause = String(input.cause ?? '').toUpperCase();
  if (cause !== 'JKM' && cause !== 'JKK')
    throw new ValidationError(`cause: harus JKM atau JKK / must be JKM or JKK (got "${input.cause}")`);
  if (!Array.isArray(input.children) || input.children.length === 0) {
    throw new ValidationError('children: minimal satu anak / at least one child is required');
  }
  const t = newTrace();
  const isNew = d >= firstFrom('beasiswa.levels');
  const [parts, eligible] = isNew ? current({ ...input, cause }, d, t) : legacy({ ...input, cause }, d, t);
  return finish('BEASISWA', d, isNew ? 'PP 82/2019' : 'PP 44/2015', eligible, parts, t, input);
}
