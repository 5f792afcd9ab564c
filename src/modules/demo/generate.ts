/**
 * Runs the generator statements on one held connection: temporary helper tables live there, and each
 * chunk is its own committed transaction, so a national (1:1) run never holds one huge transaction.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import type { Progress } from '../../platform/progress.ts';
import type { DB } from '../../schema.ts';
import { birthWindow, chunkRanges, chunkSeed, type ProvincePlan, type SeedPlan } from './rules.ts';
import {
  type ChunkParams,
  fillOthers,
  fillWageEarners,
  insertEmployments,
  insertEvents,
  insertParticipants,
} from './sql-people.ts';
import {
  branchOfficeStatement,
  employerDrawStatement,
  employerInsertStatement,
  employerSlotsStatement,
  membershipStatement,
  seedBranchStatement,
  setupStatements,
  TEMP_TABLES,
} from './sql-setup.ts';
import { PHONE_SHARED_SHARE } from './vocab.ts';

export interface GenerateInput {
  plan: SeedPlan;
  weights: Array<{ code: string; weight: number }>;
  seed: number;
  /** 'YYYY-MM-DD': first day of the reference period; every generated date is on or before it. */
  asOf: string;
  ump: Map<string, number>;
  progress: Progress;
  chunkSize: number;
}

/** Branch offices: one per province plus one per 2.5% of national participants. */
const BRANCHES_PER_SHARE = 40;

type Conn = Kysely<DB>;

interface RunContext {
  conn: Conn;
  plan: SeedPlan;
  seed: number;
  asOf: string;
  ump: Map<string, number>;
  villages: Map<string, number>;
  districts: number;
  chunkSize: number;
  progress: Progress;
  chunk: number;
}

export async function generateSample(db: Database, input: GenerateInput): Promise<void> {
  await db.connection().execute(async (conn) => {
    await prepareSession(conn);
    try {
      const ctx = await setup(conn, input);
      await createBranchOffices(conn, input.weights);
      await seedBranchStatement.execute(conn);
      for (const province of input.plan.provinces) await seedProvince(ctx, province);
    } finally {
      await sql`drop table if exists ${sql.raw(TEMP_TABLES.join(', '))}`.execute(conn);
      for (const setting of ['synchronous_commit', 'jit', 'work_mem', 'session_replication_role']) {
        await sql`reset ${sql.raw(setting)}`.execute(conn);
      }
    }
    // One table per statement: on a Citus coordinator a multi-table ANALYZE writes a reference
    // table's statistics after a parallel pass over a distributed table, which Citus refuses.
    for (const t of ['participants', 'employers', 'employment_events', 'employments', 'employer_memberships'])
      await sql`analyze ${sql.table(t)}`.execute(conn);
  });
}

/** A seed is a bulk load: losing the last chunks in a crash is harmless, waiting on every commit is not. */
async function prepareSession(conn: Conn): Promise<void> {
  await sql`set synchronous_commit = off`.execute(conn);
  // The generator statements are long expressions with high estimated costs: LLVM JIT spends ~12 s
  // compiling each one on PostgreSQL 15 to save milliseconds.
  await sql`set jit = off`.execute(conn);
  // Sorts of a 100,000-row chunk (NIK serials, id order) stay in memory instead of spilling to disk.
  await sql`set work_mem = '256MB'`.execute(conn);
  try {
    // Only possible before the session's first temporary table; a reused pooled connection keeps its size.
    await sql`set temp_buffers = '128MB'`.execute(conn);
  } catch {}
  await skipForeignKeyChecks(conn);
}

const SEEDED_TABLES = [
  'participants',
  'employers',
  'employment_events',
  'employments',
  'employer_memberships',
];

/**
 * Foreign-key checks are row-by-row triggers and cost more than the rows themselves. Every reference
 * the seed writes comes from a join to the row it points at, so, as pg_restore --disable-triggers does,
 * the seed skips them (replica role) — only with superuser rights, and only while no other module has
 * put its own insert triggers on these tables, which must keep firing (the seed only inserts).
 */
async function skipForeignKeyChecks(conn: Conn): Promise<void> {
  const r = await sql<{
    n: number;
  }>`select count(*)::int as n from pg_trigger t join pg_class c on c.oid = t.tgrelid
    where not t.tgisinternal and (t.tgtype & 4) <> 0 and c.relname in (${sql.join(SEEDED_TABLES)}) and c.relnamespace = 'public'::regnamespace`.execute(
    conn,
  );
  if ((r.rows[0]?.n ?? 0) > 0) return;
  try {
    await sql`set session_replication_role = replica`.execute(conn);
  } catch {
    // Not a superuser: keep the checks; the seed is slower but identical.
  }
}

async function setup(
  conn: Conn,
  base: Pick<RunContext, 'plan' | 'seed' | 'asOf' | 'ump' | 'progress' | 'chunkSize'>,
): Promise<RunContext> {
  for (const stmt of setupStatements()) await stmt.execute(conn);
  const v = await sql<{ code: string; n: number }>`select province_code as code, count(*)::int as n
    from seed_villages group by province_code`.execute(conn);
  const d = await sql<{ n: number }>`select count(*)::int as n from seed_districts`.execute(conn);
  return {
    ...base,
    conn,
    villages: new Map(v.rows.map((r) => [r.code, r.n])),
    districts: d.rows[0]?.n ?? 0,
    chunk: 0,
  };
}

async function createBranchOffices(
  conn: Conn,
  weights: Array<{ code: string; weight: number }>,
): Promise<void> {
  const total = weights.reduce((s, w) => s + w.weight, 0);
  for (const w of weights) {
    const count = 1 + Math.floor((w.weight / total) * BRANCHES_PER_SHARE);
    await branchOfficeStatement(w.code, count).execute(conn);
  }
}

/** Runs statements in one transaction after seeding the generator for this chunk. */
async function chunkTx(ctx: RunContext, statements: RawBuilder<unknown>[]): Promise<void> {
  const { conn } = ctx;
  await sql`begin`.execute(conn);
  try {
    await sql`select setseed(${chunkSeed(ctx.seed, ctx.chunk++)}::float8)`.execute(conn);
    for (const s of statements) await s.execute(conn);
    await sql`commit`.execute(conn);
  } catch (e) {
    await sql`rollback`.execute(conn);
    throw e;
  }
}

async function seedProvince(ctx: RunContext, prov: ProvincePlan): Promise<void> {
  const villages = ctx.villages.get(prov.code) ?? 0;
  const ump = ctx.ump.get(prov.code);
  if (prov.participants === 0 || villages === 0 || ump === undefined) return;
  const pu = prov.bySegment.PU;
  if (prov.employers > 0) {
    const sizes = ctx.plan.sizeShares;
    const cuts: [number, number, number] = [
      sizes.micro,
      sizes.micro + sizes.small,
      sizes.micro + sizes.small + sizes.medium,
    ];
    await chunkTx(ctx, [
      employerDrawStatement({
        province: prov.code,
        count: prov.employers,
        villages,
        ump,
        asOf: ctx.asOf,
        sizeCuts: cuts,
      }),
      sql`analyze seed_emp`,
      employerInsertStatement(prov.code),
      employerSlotsStatement(prov.code, pu),
      membershipStatement(prov.code, ctx.asOf),
    ]);
  }
  const { youngest, spanDays } = birthWindow(ctx.asOf);
  const phonePool = Math.max(5, Math.round((ctx.plan.participants * PHONE_SHARED_SHARE) / 4));
  const params = (from: number, to: number): ChunkParams => ({
    province: prov.code,
    from,
    to,
    asOf: ctx.asOf,
    youngest,
    spanDays,
    villages,
    districts: ctx.districts,
    phonePool,
  });
  const people = (fill: RawBuilder<unknown>) => [
    sql`truncate seed_batch`,
    fill,
    insertParticipants,
    insertEvents,
    insertEmployments,
  ];
  for (const [a, b] of chunkRanges(pu, ctx.chunkSize)) {
    await chunkTx(ctx, people(fillWageEarners(params(a, b), prov.employers)));
    ctx.progress.tick(b - a);
  }
  const { BPU, JAKON, PMI } = prov.bySegment;
  for (const [a, b] of chunkRanges(BPU + JAKON + PMI, ctx.chunkSize)) {
    await chunkTx(ctx, people(fillOthers(params(a, b), BPU, JAKON)));
    ctx.progress.tick(b - a);
  }
}
