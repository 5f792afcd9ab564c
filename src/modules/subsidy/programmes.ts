import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Database } from '../../platform/db.ts';
import { NotFoundError, ValidationError } from '../../platform/errors.ts';
import { recordAudit } from '../access/audit.ts';
import { type Actor, assertCan } from '../access/policy.ts';
import { type ProgrammeDefinition, programmeSchema } from './criteria.ts';

export const PROGRAMMES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'programmes');

const listsFileSchema = z.object({
  exclusion_lists: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      kind: z.enum(['civil_servant', 'military_police', 'other_programme']),
      source: z.string(),
    }),
  ),
  region_lists: z.array(
    z.object({ code: z.string(), name: z.string(), source: z.string(), file: z.string() }),
  ),
});

/** Parses a definition, turning zod issues into one bilingual validation error. */
export function parseProgramme(raw: unknown, where: string): ProgrammeDefinition {
  const r = programmeSchema.safeParse(raw);
  if (!r.success) {
    const details = r.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
    throw new ValidationError(
      `${where}: definisi program tidak valid / invalid programme definition — ${details.map((d) => `${d.field}: ${d.message}`).join('; ')}`,
      details,
    );
  }
  return r.data;
}

export function programmeFiles(): ProgrammeDefinition[] {
  return fs
    .readdirSync(PROGRAMMES_DIR)
    .filter((f) => /^bsu-\d{4}\.json$/.test(f))
    .sort()
    .map((f) => parseProgramme(JSON.parse(fs.readFileSync(path.join(PROGRAMMES_DIR, f), 'utf8')), f));
}

async function upsert(db: Database, def: ProgrammeDefinition, source: 'file' | 'api') {
  return db
    .insertInto('subsidy_programmes')
    .values({
      code: def.code,
      name: def.name,
      year: def.year,
      legal_basis: def.legal_basis,
      definition: JSON.stringify(def),
      source,
    })
    .onConflict((oc) =>
      oc.column('code').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        year: eb.ref('excluded.year'),
        legal_basis: eb.ref('excluded.legal_basis'),
        definition: eb.ref('excluded.definition'),
        source: eb.ref('excluded.source'),
        // the inserted row's default now(): Citus takes only immutable functions in DO UPDATE SET
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .returning(['id', 'code'])
    .executeTakeFirstOrThrow();
}

/**
 * Loads the shipped programmes, the known exclusion lists (empty until imported) and the shipped
 * region lists. Idempotent. A shipped programme edited through the API keeps the API version.
 */
export async function ensureProgrammes(db: Database): Promise<void> {
  const lists = listsFileSchema.parse(
    JSON.parse(fs.readFileSync(path.join(PROGRAMMES_DIR, 'lists.json'), 'utf8')),
  );
  for (const l of lists.exclusion_lists) {
    await db
      .insertInto('subsidy_exclusion_lists')
      .values(l)
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
  }
  for (const r of lists.region_lists) {
    const inserted = await db
      .insertInto('subsidy_region_lists')
      .values({ code: r.code, name: r.name, source: r.source, unconfirmed: true })
      .onConflict((oc) => oc.column('code').doNothing())
      .returning('code')
      .executeTakeFirst();
    if (inserted)
      await loadRegionCodes(
        db,
        r.code,
        regionCodesFromCsv(fs.readFileSync(path.join(PROGRAMMES_DIR, r.file), 'utf8')),
      );
  }
  const existing = new Map(
    (await db.selectFrom('subsidy_programmes').select(['code', 'source']).execute()).map((p) => [
      p.code,
      p.source,
    ]),
  );
  for (const def of programmeFiles()) {
    if (existing.get(def.code) !== 'api') await upsert(db, def, 'file');
  }
}

export function regionCodesFromCsv(text: string): string[] {
  return text
    .replace(/^\ufeff/, '')
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(/[,;]/)[0]?.trim() ?? '')
    .filter((c) => c !== '');
}

/** Replaces a region list's codes; every code must be a known region. */
export async function loadRegionCodes(db: Database, listCode: string, codes: string[]): Promise<number> {
  const known = new Set(
    (
      await db
        .selectFrom('regions')
        .select('code')
        .where('code', 'in', codes.length ? codes : ['-'])
        .execute()
    ).map((r) => r.code),
  );
  const unknown = codes.filter((c) => !known.has(c));
  if (unknown.length) {
    throw new ValidationError(
      `region_code: kode wilayah tidak dikenal / unknown region codes: ${unknown.slice(0, 10).join(', ')}`,
    );
  }
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('subsidy_region_list_entries').where('list_code', '=', listCode).execute();
    if (codes.length) {
      await trx
        .insertInto('subsidy_region_list_entries')
        .values([...new Set(codes)].map((c) => ({ list_code: listCode, region_code: c })))
        .execute();
    }
  });
  return codes.length;
}

/** Creates or replaces a programme from a definition (head office only), audited. */
export async function saveProgramme(db: Database, raw: unknown, actor: Actor) {
  assertCan(actor, 'headoffice.operate');
  const def = parseProgramme(raw, 'definition');
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('subsidy_programmes')
      .select(['definition'])
      .where('code', '=', def.code)
      .executeTakeFirst();
    const row = await upsert(trx, def, 'api');
    await recordAudit(
      trx,
      actor,
      before ? 'update' : 'create',
      'subsidy_programme',
      String(row.id),
      before?.definition ?? null,
      def,
    );
    return row;
  });
}

export async function listProgrammes(db: Database) {
  return db
    .selectFrom('subsidy_programmes as g')
    .select([
      'g.id',
      'g.code',
      'g.name',
      'g.year',
      'g.legal_basis',
      'g.definition',
      'g.source',
      'g.updated_at',
    ])
    .select((eb) => [
      eb
        .selectFrom('subsidy_runs as r')
        .whereRef('r.programme_id', '=', 'g.id')
        .select((e2) => e2.fn.countAll<number>().as('n'))
        .as('runs'),
      eb
        .selectFrom('subsidy_runs as r')
        .whereRef('r.programme_id', '=', 'g.id')
        .select((e2) => e2.fn.max('r.id').as('m'))
        .as('last_run_id'),
    ])
    .orderBy('g.year')
    .orderBy('g.code')
    .execute();
}

export async function getProgramme(db: Database, idOrCode: number | string) {
  const q = db.selectFrom('subsidy_programmes').selectAll();
  const p = await (typeof idOrCode === 'number'
    ? q.where('id', '=', idOrCode)
    : q.where('code', '=', idOrCode)
  ).executeTakeFirst();
  if (!p) throw new NotFoundError(`programme: program ${idOrCode} tidak ditemukan / programme not found`);
  return { ...p, definition: parseProgramme(p.definition, `programme ${p.code}`) };
}
