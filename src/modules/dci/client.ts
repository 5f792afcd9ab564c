/**
 * Lindung as a DCI client: a small typed client for another registry's DCI Social Registry API
 * (sync search with pagination), and the import of an exclusion list for a wage-subsidy
 * programme from such a registry instead of an uploaded file (subsidy/lists.ts does files).
 */
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { isoDate } from '../../platform/clock.ts';
import type { Database } from '../../platform/db.ts';
import { AppError, NotFoundError } from '../../platform/errors.ts';
import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/policy.ts';
import { assertHeadOffice } from '../subsidy/scope.ts';
import { parseNik } from '../workers/nik.ts';
import { newId } from './actions.ts';

export type DciQuery =
  | { query_type: 'idtype-value'; query: { type: string; value: string } }
  | {
      query_type: 'expression';
      query: { type?: string; value: { expression: { collection?: string; query: unknown } } };
    }
  | {
      query_type: 'predicate';
      query: Array<{
        seq_num?: number;
        expression1: { attribute_name: string; operator: string; attribute_value: unknown };
        condition?: 'and' | 'or' | 'not';
        expression2?: { attribute_name: string; operator: string; attribute_value: unknown };
      }>;
    };

export interface DciRecord {
  identifier?: { identifier_type: string; identifier_value: string };
  identifiers?: Array<{ identifier_type: string; identifier_value: string }>;
  [k: string]: unknown;
}

export interface SearchPage {
  status: 'succ' | 'rjct' | 'rcvd' | 'pdng';
  reasonCode?: string;
  reasonMessage?: string;
  records: DciRecord[];
  pageSize: number;
  pageNumber: number;
  totalCount: number;
}

/** A remote registry answered with an error, or not in the DCI shape. */
export class DciRemoteError extends AppError {
  constructor(message: string, details?: unknown) {
    super(message, 502, 'dci_remote_error', details);
  }
}

export interface DciClientOptions {
  /** e.g. https://registry.example/api/dci/ (the part before registry/…) */
  baseUrl: string;
  token: string;
  /** Lindung's sender_id at that registry */
  senderId: string;
  receiverId?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export class DciClient {
  constructor(private readonly o: DciClientOptions) {}

  private async post(path: string, action: string, message: unknown): Promise<Record<string, unknown>> {
    const url = new URL(path, this.o.baseUrl.endsWith('/') ? this.o.baseUrl : `${this.o.baseUrl}/`);
    const body = {
      signature: 'unsigned',
      header: {
        version: '1.0.0',
        message_id: newId(),
        message_ts: new Date().toISOString(),
        action,
        sender_id: this.o.senderId,
        ...(this.o.receiverId ? { receiver_id: this.o.receiverId } : {}),
        total_count: 1,
      },
      message,
    };
    let res: Response;
    try {
      res = await (this.o.fetch ?? fetch)(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.o.token}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.o.timeoutMs ?? 30_000),
      });
    } catch (e) {
      throw new DciRemoteError(
        `Registri tidak dapat dihubungi / registry unreachable: ${url.host} (${(e as Error).message})`,
      );
    }
    const json = (await res.json().catch(() => null)) as Record<string, unknown> | null;
    const err = (json?.message as { error?: { code?: string; message?: string } } | undefined)?.error;
    if (!res.ok || !json || err)
      throw new DciRemoteError(
        `Registri menolak permintaan / registry refused the request: HTTP ${res.status} ${err?.code ?? ''} ${err?.message ?? ''}`.trim(),
        { status: res.status, error: err },
      );
    return json;
  }

  /** One page of a sync search. */
  async syncSearch(q: DciQuery, page = { size: 100, number: 1 }): Promise<SearchPage> {
    const json = await this.post('registry/sync/search', 'search', {
      transaction_id: newId(),
      search_request: [
        {
          reference_id: newId(),
          timestamp: new Date().toISOString(),
          search_criteria: { ...q, pagination: { page_size: page.size, page_number: page.number } },
        },
      ],
    });
    const item = (json.message as { search_response?: Array<Record<string, unknown>> } | undefined)
      ?.search_response?.[0];
    if (!item || typeof item.status !== 'string')
      throw new DciRemoteError('Jawaban registri bukan DCI / not a DCI answer');
    const data = item.data as { reg_records?: DciRecord[] } | undefined;
    const pg = item.pagination as
      | { page_size?: number; page_number?: number; total_count?: number }
      | undefined;
    return {
      status: item.status as SearchPage['status'],
      reasonCode: item.status_reason_code as string | undefined,
      reasonMessage: item.status_reason_message as string | undefined,
      records: Array.isArray(data?.reg_records) ? data.reg_records : [],
      pageSize: pg?.page_size ?? page.size,
      pageNumber: pg?.page_number ?? page.number,
      totalCount: pg?.total_count ?? 0,
    };
  }

  /** Every record of a search, page by page (stops at maxRecords). */
  async *searchAll(
    q: DciQuery,
    o: { pageSize?: number; maxRecords?: number } = {},
  ): AsyncGenerator<DciRecord[]> {
    const size = o.pageSize ?? 500;
    const max = o.maxRecords ?? 5_000_000;
    let seen = 0;
    for (let number = 1; ; number++) {
      const p = await this.syncSearch(q, { size, number });
      if (p.status === 'rjct')
        throw new DciRemoteError(
          `Pencarian ditolak / search rejected: ${p.reasonCode ?? ''} ${p.reasonMessage ?? ''}`.trim(),
        );
      if (!p.records.length) return;
      yield p.records;
      seen += p.records.length;
      if (seen >= p.totalCount || seen >= max || p.records.length < size) return;
    }
  }
}

/** The NIK of a DCI record: an identifier of type NIK or UIN (Indonesia's UIN is the NIK). */
export function nikOfRecord(r: DciRecord): string | null {
  const ids = [...(r.identifier ? [r.identifier] : []), ...(r.identifiers ?? [])];
  for (const id of ids) {
    const t = String(id.identifier_type ?? '')
      .split(':')
      .pop()
      ?.toUpperCase();
    if ((t === 'NIK' || t === 'UIN') && typeof id.identifier_value === 'string')
      return id.identifier_value.trim();
  }
  return null;
}

export interface RegistryListImport {
  importId: number;
  listCode: string;
  total: number;
  accepted: number;
  unchanged: number;
  rejected: number;
}

/**
 * Fills a wage-subsidy exclusion list from an external DCI registry: runs the query page by page,
 * takes each record's NIK (masked or malformed NIKs are rejected with a reason), inserts them
 * set-based (a NIK already on the list is unchanged), and records the import and an audit row.
 */
export async function importExclusionFromRegistry(
  db: Database,
  actor: Actor,
  listCode: string,
  client: DciClient,
  q: DciQuery,
  o: { source: string; today?: string; pageSize?: number },
): Promise<RegistryListImport> {
  assertHeadOffice(actor);
  const today = o.today ?? isoDate(new Date());
  const list = await db
    .selectFrom('subsidy_exclusion_lists')
    .select('code')
    .where('code', '=', listCode)
    .executeTakeFirst();
  if (!list) throw new NotFoundError(`list: daftar ${listCode} tidak ada / list not found`);
  const niks = new Set<string>();
  const errors: Array<{
    line: number;
    column: string;
    code: string;
    message_id: string;
    message_en: string;
    value: string | null;
  }> = [];
  let total = 0;
  for await (const page of client.searchAll(q, { pageSize: o.pageSize })) {
    for (const r of page) {
      total++;
      const nik = nikOfRecord(r);
      const parsed = nik ? parseNik(nik, today) : null;
      if (!nik || !parsed?.valid) {
        errors.push({
          line: total,
          column: 'nik',
          code: nik ? 'nik_format' : 'required',
          message_id: nik ? 'NIK tidak valid atau disamarkan oleh registri' : 'Rekaman tanpa NIK',
          message_en: nik ? 'NIK is invalid or masked by the registry' : 'Record without a NIK',
          value: nik,
        });
        continue;
      }
      niks.add(nik);
    }
  }
  const all = [...niks].sort();
  const sha = crypto.createHash('sha256').update(all.join('\n')).digest('hex');
  return db.transaction().execute(async (trx) => {
    const job = await trx
      .insertInto('subsidy_list_imports')
      .values({
        list_code: listCode,
        file_name: `dci:${o.source}`,
        file_sha256: sha,
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    let accepted = 0;
    for (let i = 0; i < all.length; i += 5000) {
      const chunk = all.slice(i, i + 5000);
      const r = await sql`insert into subsidy_exclusion_entries (list_code, nik, import_id)
        select ${listCode}, n, ${job.id}::bigint from unnest(${chunk}::text[]) as n
        on conflict (list_code, nik) do nothing`.execute(trx);
      accepted += Number(r.numAffectedRows ?? 0n);
    }
    await trx
      .updateTable('subsidy_list_imports')
      .set({
        total_rows: total,
        accepted,
        unchanged: all.length - accepted,
        rejected: errors.length,
        errors: JSON.stringify(errors),
      })
      .where('id', '=', job.id)
      .execute();
    await recordAudit(trx, actor, 'import', 'subsidy_exclusion_list', listCode, null, {
      source: `dci:${o.source}`,
      total,
      accepted,
      rejected: errors.length,
    });
    return {
      importId: job.id,
      listCode,
      total,
      accepted,
      unchanged: all.length - accepted,
      rejected: errors.length,
    };
  });
}
