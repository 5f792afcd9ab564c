import type { Deps } from './deps.ts';

/** Opens the configured database (migrating it) for a command; the caller closes it. */
export interface CliContext {
  open(opts?: { migrate?: boolean }): Promise<Deps>;
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Exit codes: 0 ok, 1 the work found problems (e.g. rejected rows), 2 usage or file error. */
export class ExitCode extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** Runs `work` on the opened database of a command and closes it afterwards, whatever happens. */
export async function withDeps<T>(ctx: CliContext, work: (deps: Deps) => Promise<T>): Promise<T> {
  const deps = await ctx.open();
  try {
    return await work(deps);
  } finally {
    await deps.handle.close();
  }
}
