import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Command } from 'commander';
import { createTestDb, type TestDb } from '../../../test/db.ts';
// The job kinds, as the real CLI (src/cli.ts) registers them before any command runs.
import '../../jobs.ts';
import { makeEmployer, makeInvoice, makeParticipant } from '../../../test/kits/contributions.ts';
import { type CliContext, ExitCode } from '../../platform/cli-context.ts';
import { fixedClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import { registerPaymentCommands } from './payments-commands.ts';

describe('lindung payments / fines commands', () => {
  let t: TestDb;
  let out: string[];
  let emp: { id: number; npp: string };
  const run = async (...argv: string[]) => {
    out = [];
    const ctx: CliContext = {
      out: (l) => out.push(l),
      err: (l) => out.push(l),
      // The commands close what they open; the test database outlives them.
      open: async () => ({
        handle: { ...t.handle, close: async () => {} },
        db: t.db,
        clock: fixedClock('2026-05-20T09:00:00Z'),
        config: loadConfig({}),
      }),
    };
    const program = new Command('lindung').exitOverride();
    registerPaymentCommands(program, ctx);
    await program.parseAsync(argv, { from: 'user' });
  };

  before(async () => {
    t = await createTestDb();
    emp = await makeEmployer(t.db);
    const w = await makeParticipant(t.db);
    await makeInvoice(t.db, {
      payerKind: 'employer',
      payerId: emp.id,
      period: '2026-03',
      lines: [{ participant_id: w.id, amount: 300_000 }],
    });
  });
  after(() => t.close());

  test('fines assess, then payments record by NPP', async () => {
    await run('fines', 'assess', '--as-of', '2026-05-20');
    assert.match(out.join('\n'), /2 denda baru.*Rp12\.000/);
    const args = [
      '--payer-kind',
      'employer',
      '--payer',
      emp.npp,
      '--amount',
      '320000',
      '--paid-on',
      '2026-05-19',
    ];
    await run('payments', 'record', '--reference', 'CLI-1', ...args);
    assert.match(
      out.join('\n'),
      /dicatat \/ recorded[\s\S]*iuran\/contribution: Rp300\.000[\s\S]*denda\/fine: Rp12\.000[\s\S]*Rp8\.000/,
    );
    await run('payments', 'record', '--reference', 'CLI-1', ...args);
    assert.match(out[0]!, /already recorded/);
  });

  test('payments import exits 1 when rows were rejected, and writes the report', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lindung-cli-'));
    const file = path.join(dir, 'mutasi.csv');
    fs.writeFileSync(
      file,
      `reference,paid_on,payer_kind,payer_number,amount\nCLI-2,2026-05-19,employer,${emp.npp},1000\nCLI-3,2026-05-19,employer,${emp.npp},-4\n`,
    );
    const report = path.join(dir, 'galat.csv');
    await assert.rejects(
      run('payments', 'import', file, '--report', report),
      (e) => e instanceof ExitCode && e.code === 1,
    );
    assert.match(out[0]!, /dicatat 1 .*ditolak 1/);
    assert.match(fs.readFileSync(report, 'utf8'), /amount_format/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
