import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Database } from './db.ts';
import { readUpload, uploadInfo } from './uploads.ts';

/** Streams a stored upload to a temporary file for code that reads files, and removes it after. */
export async function withUploadFile<T>(
  db: Database,
  uploadId: number,
  work: (file: string, fileName: string) => Promise<T>,
): Promise<T> {
  const info = await uploadInfo(db, uploadId);
  if (!info) throw new Error(`upload ${uploadId} not found`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lindung-job-'));
  const file = path.join(dir, path.basename(info.file_name) || 'upload');
  try {
    await pipeline(readUpload(db, uploadId), fs.createWriteStream(file));
    return await work(file, info.file_name);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
