import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { Actor } from '../access/policy.ts';
import type { FrozenDefinition, ProgrammeDefinition, Resolved } from './criteria.ts';
import { getProgramme, parseProgramme } from './programmes.ts';
import { textArray } from './snapshot-sql.ts';

/** Creating, re-running and loading a screening run: everything before the chunks. */
export interface RunRequest {
  programme?: number | string;
  rerunOf?: number;
  quota?: number | null;
}

export type RunRow = {
  id: number;
  definition: FrozenDefinition;
  snapshot_run_id: number;
  rerun_of: number | null;
  phase: string;
  last_key: number;
  max_participant_id: number;
  warnings: string[];
};

/** Reads the reference data a definition points at, freezing it; refuses lists that do not exist. */
export async function resolveDefinition(
  db: Database,
  def: ProgrammeDefinition,
): Promise<{ resolved: Resolved; warnings: string[] }> {
  const c = def.criteria;
  const warnings: string[] = [];
  const year = Number(c.active_at.slice(0, 4));
  const ump: Record<string, number> = {};
  if (c.wage_threshold_or_ump) {
    const rows = await sql<{
      code: string;
      v: number;
    }>`select province_code as code, floor(ump_rupiah)::bigint as v from minimum_wages where year = ${year}`.execute(
      db,
    );
    for (const r of rows.rows) ump[r.code] = Number(r.v);
    if (!rows.rows.length)
      warnings.push(
        `UMP ${year} tidak ada di data acuan; hanya ambang upah yang dipakai / UMP ${year} not in the reference data; the threshold alone applies`,
      );
  }
  let regionCodes: string[] = [];
  if (c.regions_list) {
    const list = await db
      .selectFrom('subsidy_region_lists')
      .selectAll()
      .where('code', '=', c.regions_list)
      .executeTakeFirst();
    if (!list)
      throw new ValidationError(
        `regions_list: daftar wilayah ${c.regions_list} tidak ada / region list not found`,
      );
    regionCodes = (
      await db
        .selectFrom('subsidy_region_list_entries')
        .select('region_code')
        .where('list_code', '=', list.code)
        .orderBy('region_code')
        .execute()
    ).map((r) => r.region_code);
    if (list.unconfirmed)
      warnings.push(
        `Daftar wilayah ${list.code} belum dikonfirmasi (UNCONFIRMED) / region list ${list.code} is unconfirmed`,
      );
  }
  const lists: Record<string, number> = {};
  for (const code of c.exclude_lists ?? []) {
    const l = await db
      .selectFrom('subsidy_exclusion_lists')
      .select(['code', 'synthetic'])
      .where('code', '=', code)
      .executeTakeFirst();
    if (!l)
      throw new ValidationError(
        `exclude_lists: daftar pengecualian ${code} tidak ada / exclusion list not found`,
      );
    const n = await sql<{
      n: number;
    }>`select count(*)::int as n from subsidy_exclusion_entries where list_code = ${code}`.execute(db);
    lists[code] = n.rows[0]?.n ?? 0;
    if (!lists[code]) warnings.push(`Daftar pengecualian ${code} kosong / exclusion list ${code} is empty`);
    if (l.synthetic)
      warnings.push(
        `Daftar pengecualian ${code} berisi data sintetis / exclusion list ${code} holds synthetic data`,
      );
  }
  return { resolved: { ump, region_codes: regionCodes, lists }, warnings };
}

export async function createRun(db: Database, o: RunRequest, actor: Actor): Promise<number> {
  if (o.rerunOf !== undefined) {
    const src = await db
      .selectFrom('subsidy_runs')
      .selectAll()
      .where('id', '=', o.rerunOf)
      .executeTakeFirst();
    if (!src) throw new NotFoundError(`rerun: run ${o.rerunOf} tidak ditemukan / run not found`);
    if (src.status !== 'done')
      throw new ConflictError(`rerun: run ${o.rerunOf} belum selesai / run is not finished`);
    const row = await db
      .insertInto('subsidy_runs')
      .values({
        programme_id: src.programme_id,
        definition: JSON.stringify(src.definition),
        snapshot_run_id: src.snapshot_run_id,
        rerun_of: src.id,
        max_participant_id: src.max_participant_id,
        warnings: src.warnings,
        started_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }
  if (o.programme === undefined) throw new ValidationError('programme: wajib diisi / required');
  const p = await getProgramme(db, o.programme);
  const def: ProgrammeDefinition = o.quota === undefined ? p.definition : { ...p.definition, quota: o.quota };
  const { resolved, warnings } = await resolveDefinition(db, def);
  const frozen: FrozenDefinition = { ...def, resolved };
  const max = await sql<{ m: number | null }>`select max(id) as m from participants`.execute(db);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('subsidy_runs')
      .values({
        programme_id: p.id,
        definition: JSON.stringify(frozen),
        max_participant_id: Number(max.rows[0]?.m ?? 0),
        warnings,
        started_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.updateTable('subsidy_runs').set({ snapshot_run_id: row.id }).where('id', '=', row.id).execute();
    const lists = frozen.criteria.exclude_lists ?? [];
    if (lists.length) {
      await sql`insert into subsidy_run_list_hits (run_id, participant_id, list_hits)
        select ${row.id}::bigint, p.id, array_agg(x.list_code order by x.list_code)
        from subsidy_exclusion_entries x join participants p on p.nik = x.nik
        where x.list_code = any(${textArray(lists)}) and p.id <= ${Number(max.rows[0]?.m ?? 0)}::bigint
        group by p.id`.execute(trx);
    }
    return row.id;
  });
}

export async function loadRun(db: Database, id: number): Promise<RunRow> {
  const r = await db.selectFrom('subsidy_runs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw new NotFoundError(`run: run ${id} tidak ditemukan / run not found`);
  if (r.status === 'done') throw new ConflictError(`run: run ${id} sudah selesai / run already finished`);
  const { resolved, ...stored } = r.definition as FrozenDefinition;
  const def: FrozenDefinition = { ...parseProgramme(stored, `run ${id}`), resolved };
  return {
    ...r,
    definition: def,
    snapshot_run_id: Number(r.snapshot_run_id ?? r.id),
    last_key: Number(r.last_key),
    max_participant_id: Number(r.max_participant_id),
  };
}
