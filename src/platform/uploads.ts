import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'kysely';
import type { Database } from './db.ts';
import { TooLargeError } from './errors.ts';

const PIECE = 4 * 1024 * 1024;

/**
 * Stores an uploaded file in the database (uploads + upload_chunks), streaming, in 4 MB pieces, so
 * a job on any worker can read it; memory stays constant whatever the file's size.
 */
export async function storeUpload(
  db: Database,
  fileName: string,
  source: NodeJS.ReadableStream | Readable,
  userId: number | null,
): Promise<number> {
  const up = await db
    .insertInto('uploads')
    .values({ file_name: fileName, created_by: userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  let seq = 0;
  let bytes = 0;
  let buf: Buffer[] = [];
  let size = 0;
  const flush = async () => {
    if (!size) return;
    const data = Buffer.concat(buf, size);
    buf = [];
    size = 0;
    await db.insertInto('upload_chunks').values({ upload_id: up.id, seq: seq++, data }).execute();
  };
  // A broken or too large upload leaves nothing behind: no upload row, no piece of it.
  const discard = async () => {
    await db.deleteFrom('upload_chunks').where('upload_id', '=', up.id).execute();
    await db.deleteFrom('uploads').where('id', '=', up.id).execute();
  };
  try {
    await pipeline(
      source,
      new Writable({
        write(chunk: Buffer, _enc, cb) {
          buf.push(chunk);
          size += chunk.length;
          bytes += chunk.length;
          if (size >= PIECE) flush().then(() => cb(), cb);
          else cb();
        },
        final(cb) {
          flush().then(() => cb(), cb);
        },
      }),
    );
  } catch (e) {
    await discard();
    throw e;
  }
  // A multipart file cut at the upload limit ends as if it were whole: refused, never imported in part.
  if ((source as { truncated?: boolean }).truncated) {
    await discard();
    throw new TooLargeError(
      'file: berkas terlalu besar (di atas batas unggah, LINDUNG_UPLOAD_LIMIT) / the file is too large (above the upload limit)',
    );
  }
  await db.updateTable('uploads').set({ bytes }).where('id', '=', up.id).execute();
  return up.id;
}

/** The upload as a stream, one piece in memory at a time. */
export function readUpload(db: Database, id: number): Readable {
  async function* pieces() {
    for (let seq = 0; ; seq++) {
      const r = await sql<{
        data: Buffer;
      }>`select data from upload_chunks where upload_id = ${id} and seq = ${seq}`.execute(db);
      if (!r.rows[0]) return;
      yield r.rows[0].data;
    }
  }
  return Readable.from(pieces());
}

export async function uploadInfo(db: Database, id: number) {
  return db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirst();
}
