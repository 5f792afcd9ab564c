import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Command } from 'commander';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../../test/db.ts';
// The job kinds, as the real CLI (src/cli.ts) registers them before any command runs.
import '../../jobs.ts';
import type { CliContext } from '../../platform/cli-context.ts';
import { ExitCode } from '../../platform/cli-context.ts';
import { systemClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import { createUser } from '../access/actions.ts';
import type { Actor } from '../access/policy.ts';
import { seedDemo } from '../demo/actions.ts';
import { decideAppeal, fileAppeal } from './appeals.ts';
import { checkBatchFile } from './bank-file.ts';
import { registerSubsidyCommands } from './commands.ts';
import { seedSubsidyDemo } from './demo.ts';
import { tieOut } from './tieout.ts';

/** The done-when journey of issue 7 on the demo population, through the CLI. */
describe('lindung subsidy: the 2020 programme on the demo population', () => {
  let t: TestDb;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lindung-subsidy-cli-'));
  let lines: string[] = [];
  let cli: (...argv: string[]) => Promise<number>;

  before(async () => {
    t = await createTestDb();
    await seedDemo(t.handle, { participants: 3000, referencePeriod: '2026-10' });
    await seedSubsidyDemo(t.handle);
    const ctx: CliContext = {
      out: (l) => lines.push(l),
      err: (l) => lines.push(l),
      // The test keeps its database open across commands.
      open: async () => ({
        handle: { ...t.handle, close: async () => {} },
        db: t.db,
        clock: systemClock,
        config: loadConfig({}),
      }),
    };
    cli = async (...argv) => {
      lines = [];
      const program = new Command('lindung').exitOverride();
      registerSubsidyCommands(program, ctx);
      try {
        await program.parseAsync(argv, { from: 'user' });
        return 0;
      } catch (e) {
        if (e instanceof ExitCode) return e.code;
        throw e;
      }
    };
  });
  after(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('programmes, screen, batches, a bank result, an appeal, tie-out', async () => {
    assert.equal(await cli('subsidy', 'programmes'), 0);
    assert.ok(lines.some((l) => l.includes('bsu-2020') && l.includes('Permenaker 14/2020')));
    assert.equal(await cli('subsidy', 'screen', '--programme', 'bsu-2020', '--chunk', '700'), 0);
    const runId = Number(/run #(\d+)/.exec(lines.join('\n'))![1]);
    const [, screened, eligible] = /screened (\d+), layak \/ eligible (\d+)/
      .exec(lines.join('\n'))!
      .map(Number) as [number, number, number];
    assert.equal(screened, 3000);
    assert.ok(eligible > 30, `some of the demo population qualifies (${eligible})`);
    assert.ok(
      lines.some((l) => l.includes('contributions_unpaid')) &&
        lines.some((l) => l.includes('no_bank_account')),
    );

    assert.equal(await cli('subsidy', 'batches', String(runId), '--out', dir, '--max', '25'), 0);
    const files = fs.readdirSync(dir).sort();
    assert.ok(files.length >= 2);
    let rows = 0;
    for (const f of files) {
      const c = checkBatchFile(fs.readFileSync(path.join(dir, f), 'utf8'));
      assert.ok(c.ok, f);
      rows += c.count;
    }
    assert.equal(rows, eligible);

    // The first bank pays all but one of its first file; the other row fails; one row is garbage.
    const first = fs
      .readFileSync(path.join(dir, files[0]!), 'utf8')
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('D,'));
    const refs = first.map((l) => l.split(',')[2]!);
    const result = [
      'reference,status,paid_on',
      ...refs.map((r, i) => `${r},${i === 0 ? 'gagal' : 'berhasil'},2026-11-25`),
      'BUKAN-REF,paid,2026-11-25',
    ].join('\n');
    fs.writeFileSync(path.join(dir, 'hasil.csv'), result);
    assert.equal(await cli('subsidy', 'bank-result', path.join(dir, 'hasil.csv')), 1);
    assert.ok(
      lines.some(
        (l) =>
          l.includes('kolom reference') &&
          !l.includes('reference_unknown') &&
          l.includes('Referensi tidak dikenal / Unknown payment reference'),
      ),
    );

    const excluded = await t.db
      .selectFrom('subsidy_decisions')
      .select('participant_id')
      .where('run_id', '=', runId)
      .where(sql<boolean>`reasons = array['contributions_unpaid']`)
      .orderBy('participant_id')
      .executeTakeFirst();
    assert.ok(excluded, 'someone excluded only for unpaid contributions');
    const officer = (
      await createUser(t.db, {
        username: 'petugas',
        password: 'petugas-123',
        full_name: 'Petugas',
        role: 'admin',
      })
    ).id;
    const admin = (
      await createUser(t.db, { username: 'pusat', password: 'pusat-1234', full_name: 'Pusat', role: 'admin' })
    ).id;
    const actor = (userId: number, username: string): Actor => ({
      userId,
      username,
      role: 'admin',
      regionCodes: [],
      employerId: null,
      partnerId: null,
    });
    const [asAdmin, asOfficer] = [actor(admin, 'pusat'), actor(officer, 'petugas')];
    const appeal = await fileAppeal(t.db, asAdmin, {
      runId,
      participantId: excluded.participant_id,
      grounds: 'Iuran Juni 2020 sudah dibayar, bukti setor terlampir.',
    });
    await decideAppeal(t.db, asOfficer, appeal.id, {
      decision: 'upheld',
      note: 'Bukti setor sesuai rekening koran.',
    });

    assert.equal(
      await cli('subsidy', 'batches', String(runId), '--out', path.join(dir, 'ulang'), '--rebatch'),
      0,
    );
    assert.equal(await cli('subsidy', 'batches', String(runId), '--out', path.join(dir, 'banding')), 0);
    assert.ok(
      lines.some((l) => /tahap \/ tranche 1: 1 batch, 1 orang/.test(l)),
      lines.join('\n'),
    );
    assert.equal(await cli('subsidy', 'tieout', String(runId)), 0, lines.join('\n'));
    const tie = await tieOut(t.db, runId);
    assert.deepEqual(
      [tie.eligible, tie.appeals_upheld, tie.tranches[0]!.paid, tie.tranches[0]!.failed],
      [eligible + 1, 1, refs.length - 1, 0],
    );
  });
});
