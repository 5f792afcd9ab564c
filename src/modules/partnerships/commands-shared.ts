import { type CliContext, withDeps as openDeps } from '../../platform/cli-context.ts';
import { isoDate } from '../../platform/clock.ts';
import type { Deps } from '../../platform/deps.ts';
import { getAgreement } from './queries.ts';

/** Helpers of the partnerships commands: the CLI acts as the system, which sees every agreement. */
export const ALL = { kind: 'all' } as const;
export const list = (v: string, prev: string[] = []) => [...prev, v];

/** The platform's withDeps, with today's date (WIB calendar of the clock) for agreement lookups. */
export function withDeps(ctx: CliContext, work: (d: Deps, today: string) => Promise<void>): Promise<void> {
  return openDeps(ctx, (deps) => work(deps, isoDate(deps.clock.now())));
}

export const byNumber = (d: Deps, today: string, n: string) => getAgreement(d.db, ALL, today, { number: n });
