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
