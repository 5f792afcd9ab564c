import { Readable } from 'node:stream';
import type { Database } from '../../platform/db.ts';
import { NotFoundError } from '../../platform/errors.ts';
import { readUpload, storeUpload, uploadInfo } from '../../platform/uploads.ts';
import type { Actor } from '../access/policy.ts';
import { visibleJob } from './queries.ts';

/**
 * A file a job produced (an export): stored like an upload, named in the job's result as `file`, and
 * downloaded by whoever may see the job (GET /api/jobs/:id/file). Exports that may take more than a
 * second run this way instead of inside a request.
 */
export interface JobFile {
  upload_id: number;
  name: string;
  type: string;
  bytes: number;
}

export async function saveJobFile(
  db: Database,
  name: string,
  type: string,
  content: Buffer | string | Readable | AsyncIterable<string | Buffer>,
  userId: number | null,
): Promise<JobFile> {
  const source =
    typeof content === 'string' || Buffer.isBuffer(content)
      ? Readable.from([content])
      : content instanceof Readable
        ? content
        : Readable.from(content);
  const id = await storeUpload(db, name, source, userId);
  const info = await uploadInfo(db, id);
  return { upload_id: id, name, type, bytes: Number(info?.bytes ?? 0) };
}

/** The finished job's file for this actor; NotFound when the job is not theirs or has no file (yet). */
export async function jobFile(
  db: Database,
  jobId: number,
  actor: Actor,
): Promise<JobFile & { stream: Readable }> {
  const job = await visibleJob(db, jobId, actor);
  const file = (job.result as { file?: JobFile } | null)?.file;
  if (job.status !== 'done' || !file)
    throw new NotFoundError(
      `Pekerjaan #${jobId} belum menghasilkan berkas / Job #${jobId} has no file (yet)`,
    );
  return { ...file, stream: readUpload(db, file.upload_id) };
}
