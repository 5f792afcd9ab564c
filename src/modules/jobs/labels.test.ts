/** Every job kind a person can see on the Jobs page has a name in both languages (no raw kind on screen). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { en } from '../../../web/src/dictionary-en.ts';
import { id } from '../../../web/src/dictionary-id.ts';
import { JOB_KINDS } from '../../jobs.ts';

test('every job kind has a label in Indonesian and English', () => {
  const missing = JOB_KINDS.flatMap((k) =>
    [
      ['id', id],
      ['en', en],
    ].flatMap(([lang, dict]) =>
      (dict as Record<string, string>)[`job.kind.${k.kind}`] ? [] : [`${lang}: job.kind.${k.kind}`],
    ),
  );
  assert.deepEqual(missing, []);
  assert.ok(JOB_KINDS.length > 10);
});
