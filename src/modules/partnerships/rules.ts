/**
 * Pure rules of the partnerships module: the status an agreement shows on a date, and the arithmetic of
 * its results against target and pace. No I/O.
 */
import { monthsBetween, periodOf } from '../../platform/period.ts';

export type AgreementState = 'draft' | 'active' | 'terminated' | 'renewed';
export type AgreementStatus = 'draft' | 'active' | 'expiring' | 'expired' | 'terminated' | 'renewed';

export const AGREEMENT_KINDS = ['mou', 'pks', 'addendum'] as const;
export const PAYERS = ['employer', 'participant', 'sponsor'] as const;
export const PARTNER_TYPES = [
  'association',
  'chamber',
  'ministry',
  'regional_government',
  'local_government_association',
  'village',
  'cooperative',
  'zakat',
  'company',
] as const;
/** Partners paying from a public budget (APBN/APBD/dana desa): their sponsored BPU get no PP 50/2025 discount. */
export const PUBLIC_BUDGET_TYPES = new Set(['ministry', 'regional_government', 'village']);

/** An agreement "expiring" is one ending within this many days; renewal talks take about a quarter. */
export const EXPIRING_DAYS = 90;

const DAY = 86_400_000;
const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY);

/**
 * The status shown on `today`: decisions people took (draft, terminated, renewed) win; otherwise the
 * dates decide. An agreement without an end date never expires.
 */
export function agreementStatus(
  a: { state: string; ends_on: string | null; terminated_on?: string | null },
  today: string,
): AgreementStatus {
  if (a.state === 'draft' || a.state === 'renewed') return a.state;
  if (a.state === 'terminated' && (!a.terminated_on || a.terminated_on <= today)) return 'terminated';
  if (a.ends_on === null) return 'active';
  if (a.ends_on < today) return 'expired';
  return days(today, a.ends_on) <= EXPIRING_DAYS ? 'expiring' : 'active';
}

/** Can an agreement in this status still take new members? (Others are flagged, not refused.) */
export function takesMembers(status: AgreementStatus): boolean {
  return status === 'active' || status === 'expiring';
}

export interface PaceInput {
  startsOn: string;
  targetBy: string | null;
  targetPeople: number | null;
  registered: number;
  today: string;
}

export interface Pace {
  /** Months of the target window, counting the first and the last. */
  monthsTotal: number | null;
  /** Months begun so far (the current month counts), at most monthsTotal. */
  monthsElapsed: number;
  /** Months after the current one left to reach the target. */
  monthsLeft: number | null;
  /** People the agreement should have by now on a straight line from 0 to the target. */
  expectedByNow: number | null;
  /** Target minus registered (never below 0). */
  gapToTarget: number | null;
  /** Expected by now minus registered (negative = ahead of pace). */
  gapToPace: number | null;
  /** Registrations per month so far, one decimal. */
  actualPerMonth: number;
  /** Registrations per month needed from next month on to reach the target, one decimal. */
  neededPerMonth: number | null;
  onTrack: boolean | null;
}

const oneDecimal = (n: number) => Math.round(n * 10) / 10;

/** Progress against the target and against the pace needed to reach it (a straight line by month). */
export function pace(i: PaceInput): Pace {
  const start = periodOf(i.startsOn);
  const now = periodOf(i.today);
  const elapsedRaw = Math.max(0, monthsBetween(start, now) + 1);
  if (!i.targetBy || !i.targetPeople) {
    const monthsElapsed = elapsedRaw;
    return {
      monthsTotal: null,
      monthsElapsed,
      monthsLeft: null,
      expectedByNow: null,
      gapToTarget: null,
      gapToPace: null,
      actualPerMonth: monthsElapsed ? oneDecimal(i.registered / monthsElapsed) : 0,
      neededPerMonth: null,
      onTrack: null,
    };
  }
  const monthsTotal = Math.max(1, monthsBetween(start, periodOf(i.targetBy)) + 1);
  const monthsElapsed = Math.min(elapsedRaw, monthsTotal);
  const monthsLeft = monthsTotal - monthsElapsed;
  const expectedByNow = Math.ceil((i.targetPeople * monthsElapsed) / monthsTotal);
  const gapToTarget = Math.max(0, i.targetPeople - i.registered);
  return {
    monthsTotal,
    monthsElapsed,
    monthsLeft,
    expectedByNow,
    gapToTarget,
    gapToPace: expectedByNow - i.registered,
    actualPerMonth: monthsElapsed ? oneDecimal(i.registered / monthsElapsed) : 0,
    // With no month left, what is missing is needed this month.
    neededPerMonth: oneDecimal(gapToTarget / Math.max(1, monthsLeft)),
    onTrack: i.registered >= expectedByNow,
  };
}

/** Thresholds of the burst checks (fraud.ts). */
export const FRAUD_DEFAULTS = {
  /** Registrations within one day under one agreement or import that make a burst. */
  burstMin: 5,
  /** Consecutive NIKs inside a burst that look generated rather than collected. */
  runMin: 3,
  /** People sharing one phone number inside a burst. */
  phoneMin: 3,
};
export type FraudThresholds = typeof FRAUD_DEFAULTS;

/** Associations with PKS agreements (partners.csv) and the sector of the firms that join them. */
export const ASSOCIATION_SECTORS: Array<{ acronym: string; sector: string; rate: number }> = [
  { acronym: 'ASPEKTI', sector: 'Informasi dan Komunikasi', rate: 0.35 },
  { acronym: 'APTISI', sector: 'Informasi dan Komunikasi', rate: 0.35 },
  { acronym: 'AKIDA', sector: 'Industri Pengolahan', rate: 0.1 },
  { acronym: 'APSyFI', sector: 'Industri Pengolahan', rate: 0.1 },
  { acronym: 'ABADI', sector: 'Jasa Perusahaan', rate: 0.3 },
  { acronym: 'ABUJAPI', sector: 'Jasa Perusahaan', rate: 0.3 },
  { acronym: 'APKLINDO', sector: 'Jasa Perusahaan', rate: 0.3 },
  { acronym: 'ASPPHAMI', sector: 'Jasa Perusahaan', rate: 0.3 },
  { acronym: 'AKTI', sector: 'Konstruksi', rate: 0.15 },
  { acronym: 'ASPEPPI', sector: 'Perdagangan Besar dan Eceran', rate: 0.03 },
];
