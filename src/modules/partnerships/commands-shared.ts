import type { CliContext } from '../../platform/cli-context.ts';
import { isoDate } from '../../platform/clock.ts';
import type { Deps } from '../../platform/deps.ts';
import { getAgreement } from './queries.ts';

/** Helpers of the partnerships commands: the CLI acts as the system, which sees every agreement. */
export const ALL = { kind: 'all' } as const;
export const list = (v: string, prev: string[] = []) => [...prev, v];

export async function withDeps(
  ctx: CliContext,
  work: (d: Deps, today: string) => Promise<void>,
): Promise<void> {
  const deps = await ctx.open();
  try {
    await work(deps, isoDate(deps.clock.now()));
  } finally {
    await deps.handle.close();
  }
}

export const byNumber = (d: Deps, today: string, n: string) => getAgreement(d.db, ALL, today, { number: n });
