/**
 * Pure budget planning for a regional government (issue 18, docs/decisions/0014-regional-sponsors.md):
 * what covering a chosen population costs in a budget year, month by month, under that year's rules;
 * how many people a budget covers; and the price of the people a coverage target still needs. Every
 * amount comes from the rules module's calculator (computeContribution), with its parameters' references.
 */
import { computeContribution } from '../rules/contributions.ts';
import type { Resolved } from '../rules/params.ts';

export const VULNERABLE_SECTORS = [
  'agriculture',
  'fishery',
  'trade',
  'transport',
  'construction',
  'other',
] as const;
/** Non-ASN staff categories (Inpres 2/2021, Permenaker 1/2025 Pasal 3A). */
export const NON_ASN_CATEGORIES = [
  'honorer',
  'honorary_teacher',
  'rt_rw',
  'posyandu',
  'linmas',
  'religious',
] as const;
export type NonAsnCategory = (typeof NON_ASN_CATEGORIES)[number];
export const PLAN_CATEGORIES = [
  ...VULNERABLE_SECTORS.map((s) => `vulnerable_${s}` as const),
  ...NON_ASN_CATEGORIES,
] as const;
export type PlanCategory = (typeof PLAN_CATEGORIES)[number];

/** Staff paid a wage (honorarium) by the government employer: wage earners (PU) on that wage. */
const WAGE_CATEGORIES = new Set<string>(['honorer', 'honorary_teacher']);
/** Pasal 3A: non-ASN staff are registered in JKK, JKM and JHT (JP, JKP UNCONFIRMED: docs/rules-reference.md §1.3, §10.10). */
const NON_ASN_PROGRAMS = ['JKK', 'JKM', 'JHT'];
/** Government administration: JKK risk class 1 (lowest) for the employer's own staff. */
const GOVERNMENT_RISK_CLASS = 1;

export interface PlanGroup {
  category: PlanCategory;
  count: number;
  /** Vulnerable BPU: add JHT (Rp20,000 at the minimum income) to JKK + JKM. */
  jht?: boolean;
  /** Wage categories: the monthly honorarium (default: the province's minimum wage). */
  wage?: bigint;
}

export interface PlanInput {
  year: number;
  groups: PlanGroup[];
  /** Paid from APBD/APBN (PP 50/2025 gives no discount then); false for e.g. a zakat or CSR sponsor. */
  budgetFunded: boolean;
  /** First month covered (1–12); months before it cost nothing. */
  fromMonth?: number;
  /** Wage used for wage categories without one (the province's UMP of the year). */
  defaultWage: bigint;
}

export interface Reference {
  name: string;
  label: string;
  value: string;
  ref: string;
  source: string;
  instrument: string;
  unconfirmed: boolean;
}

export interface GroupMonth {
  category: PlanCategory;
  count: number;
  /** What the budget pays per person this month (employer share for wage categories). */
  per_person: bigint;
  /** What the staff pay themselves per person (the worker share of wage categories), not budgeted. */
  staff_per_person: bigint;
  budget: bigint;
}

export interface PlanMonth {
  period: string;
  groups: GroupMonth[];
  total: bigint;
}

export interface PlanResult {
  year: number;
  budget_funded: boolean;
  months: PlanMonth[];
  by_group: Array<{
    category: PlanCategory;
    count: number;
    scheme: 'BPU' | 'PU';
    base: bigint;
    programs: string[];
    total: bigint;
  }>;
  total: bigint;
  people: number;
  references: Reference[];
  assumptions: string[];
}

const pad = (m: number) => String(m).padStart(2, '0');

function refOf(p: Resolved): Reference {
  return {
    name: p.name,
    label: p.label,
    value: String(p.value),
    ref: p.ref,
    source: p.source,
    instrument: p.instrument,
    unconfirmed: p.unconfirmed,
  };
}

/** One person of `g` in `period`: what the budget pays, what the person pays, and the rules used. */
export function perPerson(g: PlanGroup, period: string, budgetFunded: boolean, defaultWage: bigint) {
  const wageCat = WAGE_CATEGORIES.has(g.category);
  const vulnerable = g.category.startsWith('vulnerable_');
  const programs = vulnerable ? (g.jht ? ['JKK', 'JKM', 'JHT'] : ['JKK', 'JKM']) : NON_ASN_PROGRAMS;
  const r = wageCat
    ? computeContribution({
        segment: 'PU',
        period,
        wage: g.wage ?? defaultWage,
        riskClass: GOVERNMENT_RISK_CLASS,
      })
    : computeContribution({
        segment: 'BPU',
        period,
        income: 0n,
        jht: vulnerable ? !!g.jht : true,
        transport: g.category === 'vulnerable_transport',
        budgetFunded,
      });
  let budget = 0n;
  let staff = 0n;
  let base = 0n;
  for (const l of r.lines) {
    if (l.kind !== 'charge' || !programs.includes(l.program)) continue;
    if (l.program === 'JKK') base = l.base;
    if (l.payer === 'employer' || l.payer === 'participant') budget += l.amount;
    else if (l.payer === 'worker') staff += l.amount;
  }
  return {
    budget,
    staff,
    base,
    scheme: (wageCat ? 'PU' : 'BPU') as 'PU' | 'BPU',
    programs,
    parameters: r.explanation.parameters as Resolved[],
  };
}

/** The cost of covering the groups for the budget year, month by month, with the rules' references. */
export function planCost(input: PlanInput): PlanResult {
  const from = input.fromMonth ?? 1;
  const refs = new Map<string, Reference>();
  const byGroup = new Map<PlanCategory, PlanResult['by_group'][number]>();
  const months: PlanMonth[] = [];
  for (let m = from; m <= 12; m++) {
    const period = `${input.year}-${pad(m)}`;
    const groups: GroupMonth[] = [];
    for (const g of input.groups) {
      const pp = perPerson(g, period, input.budgetFunded, input.defaultWage);
      for (const p of pp.parameters) refs.set(`${p.name}|${p.from}`, refOf(p));
      const budget = pp.budget * BigInt(g.count);
      groups.push({
        category: g.category,
        count: g.count,
        per_person: pp.budget,
        staff_per_person: pp.staff,
        budget,
      });
      const acc = byGroup.get(g.category) ?? {
        category: g.category,
        count: g.count,
        scheme: pp.scheme,
        base: pp.base,
        programs: pp.programs,
        total: 0n,
      };
      acc.total += budget;
      byGroup.set(g.category, acc);
    }
    months.push({ period, groups, total: groups.reduce((s, x) => s + x.budget, 0n) });
  }
  const assumptions = [
    'Pekerja rentan: peserta BPU dengan dasar penghasilan minimum, JKK + JKM (JHT bila dipilih). / Vulnerable workers: BPU on the minimum income base, JKK + JKM (JHT when chosen).',
    'Non-ASN: JKK, JKM dan JHT (Permenaker 1/2025 Pasal 3A); JP dan JKP belum terkonfirmasi dan tidak dihitung. / Non-ASN: JKK, JKM and JHT (Pasal 3A); JP and JKP are UNCONFIRMED and not costed.',
    'Honorer dan guru honorer: penerima upah pada honorarium (bawaan: UMP), kelas risiko 1; APBD membayar bagian pemberi kerja, bagian pekerja dipotong dari honorarium. / Honorary staff and teachers: wage earners on their honorarium (default: the provincial minimum wage), risk class 1; the budget pays the employer share, the worker share is deducted.',
    'RT/RW, kader posyandu, linmas, petugas keagamaan: dianggap peserta BPU dengan dasar penghasilan minimum, dibayar penuh APBD (ASUMSI, tidak ada sumber). / RT/RW officials, posyandu and linmas volunteers, religious workers: assumed BPU on the minimum income base, paid in full by the budget (ASSUMPTION, no source).',
    input.budgetFunded
      ? 'Dibayar APBD: diskon PP 50/2025 tidak berlaku. / Paid from the regional budget: no PP 50/2025 discount.'
      : 'Bukan dana APBN/APBD: diskon PP 50/2025 berlaku dalam masa berlakunya. / Not public money: the PP 50/2025 discount applies within its window.',
  ];
  return {
    year: input.year,
    budget_funded: input.budgetFunded,
    months,
    by_group: [...byGroup.values()],
    total: months.reduce((s, x) => s + x.total, 0n),
    people: input.groups.reduce((s, g) => s + g.count, 0),
    references: [...refs.values()].sort((a, b) => a.name.localeCompare(b.name)),
    assumptions,
  };
}

/**
 * The reverse: how many people of one category a budget covers for the months from `fromMonth` to
 * December (whole people; what is left over is returned too).
 */
export function peopleForBudget(
  budget: bigint,
  g: Omit<PlanGroup, 'count'>,
  input: Omit<PlanInput, 'groups'>,
): { people: number; per_person_year: bigint; cost: bigint; left_over: bigint } {
  const one = planCost({ ...input, groups: [{ ...g, count: 1 }] }).total;
  if (one <= 0n) return { people: 0, per_person_year: 0n, cost: 0n, left_over: budget };
  const people = budget / one;
  return {
    people: Number(people),
    per_person_year: one,
    cost: people * one,
    left_over: budget - people * one,
  };
}
