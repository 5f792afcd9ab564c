import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Command } from 'commander';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { clock, memberList } from '../../../test/kits/partnerships.ts';
import type { CliContext } from '../../platform/cli-context.ts';
import { ExitCode } from '../../platform/cli-context.ts';
import { loadConfig } from '../../platform/config.ts';
import { registerPartnershipCommands } from './commands.ts';

/** The CLI on a test database: create, import a member list under the agreement, check fraud, alerts. */
describe('lindung partnerships', () => {
  let t: TestDb;
  let out: string[] = [];
  const run = async (...args: string[]): Promise<number> => {
    out = [];
    const ctx: CliContext = {
      out: (l) => out.push(l),
      err: (l) => out.push(l),
      // The command closes what it opens; the test database stays open for the next command.
      open: async () => ({
        handle: { ...t.handle, close: async () => {} },
        db: t.db,
        clock,
        config: loadConfig({}),
      }),
    };
    const program = new Command('lindung').exitOverride();
    registerPartnershipCommands(program, ctx);
    try {
      await program.parseAsync(['partnerships', ...args], { from: 'user' });
      return 0;
    } catch (e) {
      if (e instanceof ExitCode) return e.code;
      throw e;
    }
  };
  before(async () => {
    t = await createTestDb();
  });
  after(() => t.close());

  test('create, import under the agreement, list, alerts', async () => {
    assert.equal(
      await run(
        'create',
        '--number',
        'PKS/CLI/1',
        '--kind',
        'pks',
        '--partner',
        'ABADI',
        '--title',
        'PKS CLI',
        '--starts',
        '2026-01-01',
        '--ends',
        '2027-01-31',
        '--target',
        '20',
        '--target-by',
        '2026-12-31',
        '--active',
      ),
      0,
    );
    const list = memberList('cli.csv', [5001, 5003, 5005]);
    assert.equal(await run('import', 'PKS/CLI/1', list.file), 0);
    assert.match(out.join('\n'), /diterima 3, .*dikaitkan \/ attributed 3/);
    assert.equal(await run('list'), 0);
    assert.match(out.join('\n'), /PKS\/CLI\/1 +expiring .*terdaftar 3, aktif 3, target 20/);
    assert.equal(await run('alerts'), 1);
    assert.equal(await run('check-fraud'), 0);
  });
});
