import type { Database, DbHandle } from '../../platform/db.ts';
import { parsePeriod, periodStart } from '../../platform/period.ts';
import { type Progress, silentProgress } from '../../platform/progress.ts';
import { generateSample } from './generate.ts';
import { createDemoUsers } from './logins.ts';
import {
  employerSizes,
  isSeeded,
  minimumWages,
  nationalMix,
  nationalUcjPct,
  provinceBases,
} from './queries.ts';
import { formatScale, planSeed, provinceWeights, type SeedPlan } from './rules.ts';

export { DEMO_LOGINS } from './logins.ts';
export { isSeeded } from './queries.ts';

export interface SeedOptions {
  /** Participants wanted; the scale is then national actives ÷ this. */
  participants?: number;
  /** 200 for 1:200 (the default). Ignored when `participants` is given. */
  scaleDenominator?: number;
  seed?: number;
  progress?: Progress;
  /** 'YYYY-MM' the sample describes; wages follow that year's UMP. Defaults to the current month. */
  referencePeriod?: string;
  /** Participants per committed transaction. */
  chunkSize?: number;
  log?: (line: string) => void;
}

export interface SeedResult {
  participants: number;
  employers: number;
  scaleDenominator: number;
  /** True when the database already had participants and nothing was generated. */
  skipped: boolean;
}

const DEFAULT_CHUNK = 100_000;
export function currentPeriod(now: Date): string {
  return now.toISOString().slice(0, 7);
}

/**
 * Generates a synthetic national sample inside the database (set-based SQL, one committed transaction
 * per chunk), records it in demo_meta and creates the demo logins. Does nothing when participants exist.
 */
export async function seedDemo(h: DbHandle, opts: SeedOptions = {}): Promise<SeedResult> {
  const log = opts.log ?? (() => {});
  if (await isSeeded(h.db)) {
    log(
      'Basis data sudah berisi peserta; demo seed dilewati / The database already has participants; demo seed skipped',
    );
    const meta = await h.db.selectFrom('demo_meta').selectAll().executeTakeFirst();
    return {
      participants: meta?.participants ?? 0,
      employers: meta?.employers ?? 0,
      scaleDenominator: meta?.scale_denominator ?? 0,
      skipped: true,
    };
  }
  const period = parsePeriod(opts.referencePeriod ?? currentPeriod(new Date()), 'reference period');
  const seed = opts.seed ?? 1;
  const { plan, weights } = await buildPlan(h.db, opts);
  const ump = await minimumWages(h.db, Number(period.slice(0, 4)));
  const progress = opts.progress ?? silentProgress;
  progress.total(plan.participants);
  log(
    `Sampel sintetis / synthetic sample ${formatScale(plan.scaleDenominator)}: ${plan.participants} participants, ${plan.employers} employers`,
  );
  await generateSample(h.db, {
    plan,
    weights,
    seed,
    asOf: periodStart(period),
    ump,
    progress,
    chunkSize: opts.chunkSize ?? DEFAULT_CHUNK,
  });
  await recordMeta(h.db, plan, period, seed);
  await createDemoUsers(h.db, log);
  progress.done(
    `${formatScale(plan.scaleDenominator)}: ${plan.participants} participants, ${plan.employers} employers`,
  );
  return {
    participants: plan.participants,
    employers: plan.employers,
    scaleDenominator: plan.scaleDenominator,
    skipped: false,
  };
}

async function buildPlan(db: Database, opts: SeedOptions) {
  const [mix, sizes, ucj, bases] = await Promise.all([
    nationalMix(db),
    employerSizes(db),
    nationalUcjPct(db),
    provinceBases(db),
  ]);
  const weights = provinceWeights(bases, ucj);
  const plan = planSeed(
    { participants: opts.participants, scaleDenominator: opts.scaleDenominator },
    mix,
    sizes,
    weights,
  );
  return { plan, weights };
}

async function recordMeta(db: Database, plan: SeedPlan, period: string, seed: number): Promise<void> {
  await db
    .insertInto('demo_meta')
    .values({
      scale_denominator: plan.scaleDenominator,
      participants: plan.participants,
      employers: plan.employers,
      reference_period: period,
      seed,
    })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet((eb) => ({
        scale_denominator: eb.ref('excluded.scale_denominator'),
        participants: eb.ref('excluded.participants'),
        employers: eb.ref('excluded.employers'),
        reference_period: eb.ref('excluded.reference_period'),
        seed: eb.ref('excluded.seed'),
        // the inserted row's default now(): Citus takes only immutable functions in DO UPDATE SET
        seeded_at: eb.ref('excluded.seeded_at'),
      })),
    )
    .execute();
}
