import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestDb, type TestDb } from '../../../test/db.ts';
import { employerOf, person, TEST_PROGRAMME } from '../../../test/kits/subsidy.ts';
import { SYSTEM } from '../access/policy.ts';
import { batchFile, checkBatchFile } from './bank-file.ts';
import { importBankResults } from './bank-results.ts';
import { createBatches, rebatchFailures } from './batches.ts';
import { ensureProgrammes, saveProgramme } from './programmes.ts';
import { runScreening } from './screening.ts';
import { tieOut } from './tieout.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lindung-subsidy-test-'));
const write = (name: string, text: string) => {
  const f = path.join(tmp, name);
  fs.writeFileSync(f, text);
  return f;
};

describe('subsidy batches, bank results and tie-out', () => {
  let t: TestDb;
  let runId: number;
  const refs: string[] = [];

  before(async () => {
    t = await createTestDb();
    await ensureProgrammes(t.db);
    await saveProgramme(t.db, TEST_PROGRAMME, SYSTEM);
    const pt = await employerOf(t.db, 'PT');
    for (const bank of ['BRI', 'BRI', 'BRI', 'BRI', 'BNI', 'BNI', 'BNI', 'MANDIRI'])
      await person(t.db, pt, { bank: { code: bank } });
    await person(t.db, pt, { bank: null });
    await person(t.db, pt, { segment: 'BPU' });
    runId = (await runScreening(t.handle, { programme: 'uji-bsu' }, SYSTEM)).runId;
  });
  after(async () => {
    await t.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('batches per bank, at most batch_max rows, with control totals that match their rows', async () => {
    const b = await createBatches(t.db, SYSTEM, runId, { tranche: 1 });
    assert.deepEqual(
      b.batches.map((x) => `${x.channel}:${x.row_count}:${x.total_amount}`),
      ['BNI:3:3600000', 'BRI:3:3600000', 'BRI:1:1200000', 'MANDIRI:1:1200000'],
    );
    assert.equal(b.people, 8);
    for (const x of b.batches) {
      const f = await batchFile(t.db, x.id);
      const c = checkBatchFile(f.content);
      assert.ok(c.ok, f.fileName);
      assert.equal(c.count, x.row_count);
      assert.equal(c.total, x.total_amount);
      assert.match(
        f.content.split('\n')[0]!,
        new RegExp(`^H,${x.batch_no},UJI-BSU,${runId},1,${x.channel},1,\\d{4}-\\d{2}-\\d{2},IDR$`),
      );
      for (const line of f.content
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('D,')))
        refs.push(line.split(',')[2]!);
    }
    const again = await createBatches(t.db, SYSTEM, runId, { tranche: 1 });
    assert.equal(again.batches.length, 0, 'nobody is batched twice for the same tranche');
    const tie = await tieOut(t.db, runId);
    assert.ok(tie.ok, JSON.stringify(tie.checks.filter((c) => !c.ok)));
    assert.deepEqual([tie.screened, tie.eligible, tie.excluded], [10, 8, 2]);
    assert.deepEqual(
      tie.tranches.map((x) => [x.paid, x.failed, x.pending]),
      [
        [0, 0, 8],
        [0, 0, 8],
      ],
    );
  });

  test('a bank result file: valid rows applied, bad rows reported by line in both languages, re-import is a no-op', async () => {
    const [r0, r1, r2, r3, r4] = refs as [string, string, string, string, string];
    const file = write(
      'hasil-bank.csv',
      [
        'reference,status,paid_on,amount,note',
        `${r0},paid,2026-11-25,1200000,`,
        `${r1},failed,2026-11-25,,rekening pasif`,
        `${r2},rekening tidak valid,2026-11-25,,`,
        `${r3},retur,2026-11-26,,`,
        `${r4},berhasil,2026-11-25,,`,
        'UJI-BSU-R999-T1-A1-1,paid,2026-11-25,,',
        `${refs[5]},lunas,2026-11-25,,`,
        `${r0},paid,2026-11-25,,`,
        `${refs[6]},paid,2026-11-25,999,`,
        `${refs[7]},paid,25/11/2026,,`,
      ].join('\n'),
    );
    const r = await importBankResults(t.db, SYSTEM, file);
    assert.deepEqual([r.total, r.applied, r.rejected], [10, 5, 5]);
    assert.deepEqual(
      r.errors.map((e) => `${e.line}:${e.column}:${e.code}`),
      [
        '7:reference:reference_unknown',
        '8:status:status_invalid',
        '9:reference:duplicate',
        '10:amount:amount_mismatch',
        '11:paid_on:date_invalid',
      ],
    );
    assert.ok(r.errors.every((e) => e.message_id && e.message_en && e.message_id !== e.message_en));
    const tie = await tieOut(t.db, runId);
    assert.ok(tie.ok);
    assert.deepEqual(tie.tranches[0], {
      tranche: 1,
      amount: 1_200_000,
      eligible: 8,
      paid: 2,
      failed: 3,
      pending: 3,
      paid_amount: 2_400_000,
    });
    const again = await importBankResults(t.db, SYSTEM, file);
    assert.equal(again.alreadyImportedAs, r.importId);
    assert.deepEqual((await tieOut(t.db, runId)).tranches[0], tie.tranches[0]);
    // A paid payment may come back (returned); a failed one cannot turn into paid by a later file.
    const later = await importBankResults(
      t.db,
      SYSTEM,
      write('hasil-2.csv', `reference,status\n${r1},paid\n`),
    );
    assert.deepEqual(
      later.errors.map((e) => e.code),
      ['status_conflict'],
    );
  });

  test('re-batching failures: same account for failed/returned, the new account for account_invalid', async () => {
    const invalid = await t.db
      .selectFrom('subsidy_payments')
      .select(['participant_id', 'account_number'])
      .where('reference', '=', refs[2]!)
      .executeTakeFirstOrThrow();
    await sql`insert into participant_bank_accounts (participant_id, bank_code, account_number, holder_name, verified_on)
      values (${invalid.participant_id}, 'BTN', '77700011122', 'PESERTA BARU', '2026-11-27')`.execute(t.db);
    const b = await rebatchFailures(t.db, SYSTEM, runId, { tranche: 1 });
    assert.equal(b.people, 3);
    assert.ok(b.batches.every((x) => x.attempt === 2));
    const retry = await t.db
      .selectFrom('subsidy_payments')
      .select(['channel', 'account_number'])
      .where('participant_id', '=', invalid.participant_id)
      .where('attempt', '=', 2)
      .executeTakeFirstOrThrow();
    assert.deepEqual(retry, { channel: 'BTN', account_number: '77700011122' });
    const failed = await t.db
      .selectFrom('subsidy_payments')
      .select(['participant_id', 'account_number', 'attempt'])
      .where('reference', '=', refs[1]!)
      .executeTakeFirstOrThrow();
    const failedRetry = await t.db
      .selectFrom('subsidy_payments')
      .select('account_number')
      .where('participant_id', '=', failed.participant_id)
      .where('attempt', '=', 2)
      .executeTakeFirstOrThrow();
    assert.equal(failedRetry.account_number, failed.account_number);
    const tie = await tieOut(t.db, runId);
    assert.ok(tie.ok);
    assert.deepEqual([tie.tranches[0]!.paid, tie.tranches[0]!.failed, tie.tranches[0]!.pending], [2, 0, 6]);
    assert.equal((await rebatchFailures(t.db, SYSTEM, runId, { tranche: 1 })).people, 0);
  });

  test('the second tranche is batched on its own and everything still ties out', async () => {
    const b = await createBatches(t.db, SYSTEM, runId, { tranche: 2, maxSize: 100 });
    assert.equal(b.people, 8);
    assert.equal(b.batches.length, 3);
    const tie = await tieOut(t.db, runId);
    assert.ok(tie.ok, JSON.stringify(tie.checks));
  });

  test('tie-out notices a payment row that does not match its batch', async () => {
    await sql`update subsidy_payments set amount = amount + 1 where reference = ${refs[7]!}`.execute(t.db);
    const tie = await tieOut(t.db, runId);
    assert.equal(tie.ok, false);
    assert.deepEqual(
      tie.checks.filter((c) => !c.ok).map((c) => c.name),
      ['batch totals = payment amounts', 'batches with wrong control totals'],
    );
    await sql`update subsidy_payments set amount = amount - 1 where reference = ${refs[7]!}`.execute(t.db);
  });
});
