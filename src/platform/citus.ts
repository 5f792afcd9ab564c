import type { DbHandle } from './db.ts';

/**
 * The distribution step for a Citus coordinator (docs/decisions/0015-citus-distribution.md). The
 * migrations in db/migrations are plain PostgreSQL and run unchanged everywhere; after them,
 * `migrate()` calls `distribute()`, which does nothing unless the database has the `citus`
 * extension. On a coordinator it turns the large tables into distributed tables and the small
 * ones into reference tables, adapting the keys Citus cannot enforce across shards first.
 * Idempotent: a table already in Citus's metadata is left as it is, so it runs after every
 * migration batch and picks up tables a later migration created.
 *
 * Two co-location groups share one shard layout (bigint hash, same shard count), so a value lands
 * on the same shard in every table of both:
 *   - by participant: the registry's participant rows and everything billed, screened or covered
 *     per participant (distribution column = the participant id);
 *   - by payer: invoices and payments (distribution column = payer_id). A payer is an employer, a
 *     participant (self-paying BPU) or a sponsor; a self-payer's invoices sit on their own shard.
 * Everything a distributed or reference table points to by foreign key becomes a reference table
 * (replicated on every node); the remaining tables (runs, queues, worklists, the job engine's own
 * `graphile_worker` schema) stay ordinary tables on the coordinator.
 */

/** Large tables and their distribution column. Order matters: the first one anchors the group. */
export const DISTRIBUTED: ReadonlyArray<readonly [table: string, column: string]> = [
  ['participants', 'id'],
  ['employment_events', 'participant_id'],
  ['employments', 'participant_id'],
  ['participant_deaths', 'participant_id'],
  ['contribution_lines', 'participant_id'],
  ['coverage_spans', 'participant_id'],
  ['subsidy_snapshot', 'participant_id'],
  ['subsidy_decisions', 'participant_id'],
  ['subsidy_run_list_hits', 'participant_id'],
  // benefits (issue 13): a claim, its heirs and the JHT account are per participant
  ['related_persons', 'participant_id'],
  ['claims', 'participant_id'],
  ['jht_accounts', 'participant_id'],
  ['jht_entries', 'participant_id'],
  ['invoices', 'payer_id'],
  ['payments', 'payer_id'],
];

/**
 * Tables that stay on the coordinator only: the job engine's queue and uploads, sessions and the
 * append-only audit log (its triggers need a table Citus runs triggers on). Every other table is a
 * reference table: replicated on every node, so any join with a distributed table runs on the
 * workers. That includes the mid-size per-participant tables (sponsorships, registry worklists, …)
 * for now; decision 0015 lists which of them a national deployment distributes next.
 */
export const LOCAL: readonly string[] = [
  'schema_migrations',
  'jobs',
  'job_schedules',
  'uploads',
  'upload_chunks',
  'sessions',
  'audit_log',
];

/**
 * Reference tables a distributed table may keep a foreign key to: none. A foreign key from a
 * distributed table to a reference table makes Citus run every later write to any reference table
 * joined to it in the foreign-key graph over one connection per node, and it refuses such a write
 * after a parallel read of a distributed table in the same transaction (the demo seed, sponsorship
 * runs, agreement targets do exactly that). Those keys are checked by the code that writes the rows
 * (registration and import validate regions, employers, partners), and on a single server by the
 * database as before.
 */
export const STATIC_REFERENCE: readonly string[] = [];

export async function hasCitus(h: DbHandle): Promise<boolean> {
  const r = await h.pool.query(`select 1 from pg_extension where extname = 'citus'`);
  return (r.rowCount ?? 0) > 0;
}

interface Constraint {
  table: string;
  name: string;
  type: 'p' | 'u' | 'f';
  columns: string[];
  ref: string | null;
  refColumns: string[];
  def: string;
}

async function constraints(h: DbHandle): Promise<Constraint[]> {
  const r = await h.pool.query<Constraint>(`
    select c.conrelid::regclass::text as table, c.conname as name, c.contype as type,
           array(select a.attname::text from unnest(c.conkey) with ordinality k(n, o)
                 join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.o) as columns,
           case when c.contype = 'f' then c.confrelid::regclass::text end as ref,
           array(select a.attname::text from unnest(coalesce(c.confkey, '{}')) with ordinality k(n, o)
                 join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.o) as "refColumns",
           pg_get_constraintdef(c.oid) as def
    from pg_constraint c
    where c.connamespace = 'public'::regnamespace and c.contype in ('p', 'u', 'f')
    order by 1, 2`);
  return r.rows;
}

const q = (id: string) => `"${id.replace(/"/g, '""')}"`;

/**
 * Distributes the schema on a Citus coordinator; a no-op on a single server. Returns what it did,
 * one line per change, for the migrate log.
 */
export async function distribute(h: DbHandle, log: (line: string) => void = () => {}): Promise<string[]> {
  if (!(await hasCitus(h))) return [];
  const done: string[] = [];
  const say = (s: string) => {
    done.push(s);
    log(s);
  };
  const present = new Set(
    (
      await h.pool.query<{ t: string }>(
        `select c.relname::text as t from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p')`,
      )
    ).rows.map((r) => r.t),
  );
  const known = new Map(
    (
      await h.pool.query<{ t: string; kind: string }>(
        `select logicalrelid::regclass::text as t, partmethod as kind from pg_dist_partition`,
      )
    ).rows.map((r) => [r.t, r.kind]),
  );
  const dist = new Map(DISTRIBUTED.filter(([t]) => present.has(t)));
  const cons = await constraints(h);

  // Reference tables: all the others, and whatever a distributed or reference table points to (a
  // foreign key from either may only target a reference table or its own group).
  const ref = new Set([...present].filter((t) => !dist.has(t) && !LOCAL.includes(t)));
  for (let grew = true; grew; ) {
    grew = false;
    for (const c of cons) {
      if (c.type !== 'f' || !c.ref || c.ref === c.table || dist.has(c.ref) || ref.has(c.ref)) continue;
      if (dist.has(c.table) || ref.has(c.table)) {
        ref.add(c.ref);
        grew = true;
      }
    }
  }

  const exec = async (stmt: string, why: string) => {
    await h.pool.query(stmt);
    say(`${why}: ${stmt}`);
  };

  // 1. Foreign keys Citus cannot keep: into a distributed table from outside its group, or within
  //    the group but not along the distribution column on both sides.
  for (const c of cons) {
    if (c.type !== 'f' || !c.ref || known.has(c.table)) continue;
    const target = dist.get(c.ref);
    if (!target) continue;
    const own = dist.get(c.table);
    const i = c.refColumns.indexOf(target);
    const along = own !== undefined && i >= 0 && c.columns[i] === own;
    if (!along)
      await exec(`alter table ${q(c.table)} drop constraint ${q(c.name)}`, 'foreign key across shards');
  }
  // 2. Keys of distributed tables must contain the distribution column: a primary key gains it
  //    (ids stay unique through their sequence), other unique keys that lack it are dropped and
  //    recorded (decision 0015 says where each one is enforced instead).
  for (const [table, column] of dist) {
    if (known.has(table)) continue;
    for (const c of cons.filter((x) => x.table === table && (x.type === 'p' || x.type === 'u'))) {
      if (c.columns.includes(column)) continue;
      const referencedBy = cons.filter(
        (f) => f.type === 'f' && f.ref === table && f.name !== c.name && sameSet(f.refColumns, c.columns),
      );
      for (const f of referencedBy)
        await h.pool.query(`alter table ${q(f.table)} drop constraint if exists ${q(f.name)}`);
      await exec(
        `alter table ${q(table)} drop constraint ${q(c.name)}`,
        'key without the distribution column',
      );
      if (c.type === 'p')
        await exec(
          `alter table ${q(table)} add primary key (${[column, ...c.columns].map(q).join(', ')})`,
          'primary key with the distribution column',
        );
    }
    const idx = await h.pool.query<{ name: string; cols: string[] }>(
      `select i.indexrelid::regclass::text as name,
              array(select a.attname::text from unnest(i.indkey::int2[]) k(n)
                    join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.n) as cols
       from pg_index i
       where i.indrelid = $1::regclass and i.indisunique
         and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)`,
      [table],
    );
    for (const x of idx.rows)
      if (!x.cols.includes(column))
        await exec(`drop index ${x.name}`, 'unique index without the distribution column');
  }

  // 2b. Citus runs no triggers on distributed tables. The only ones are coverage's statement
  //     triggers on participants (they mark provinces for the next incremental refresh); without
  //     them the coverage refresh redoes every province (coverage/refresh.ts, touchedProvinces).
  for (const table of dist.keys()) {
    if (known.has(table)) continue;
    const tg = await h.pool.query<{ name: string }>(
      `select tgname as name from pg_trigger where tgrelid = $1::regclass and not tgisinternal`,
      [table],
    );
    for (const t of tg.rows)
      await exec(`drop trigger ${q(t.name)} on ${q(table)}`, 'no triggers on distributed tables');
  }

  // 3. Distributed tables first, without their foreign keys: creating a reference table turns every
  //    plain table that points to it into a Citus local table, and a table pointed to by one cannot
  //    be distributed any more. The keys come back in step 5.
  const parked: Array<{ table: string; name: string; def: string }> = [];
  for (const table of dist.keys()) {
    if (known.has(table)) continue;
    const fks = await h.pool.query<{ name: string; def: string }>(
      `select conname as name, pg_get_constraintdef(oid) as def from pg_constraint where conrelid = $1::regclass and contype = 'f'`,
      [table],
    );
    for (const f of fks.rows) {
      await h.pool.query(`alter table ${q(table)} drop constraint ${q(f.name)}`);
      parked.push({ table, ...f });
    }
  }
  const shards = Number(process.env.LINDUNG_CITUS_SHARDS ?? 32);
  let anchor: string | undefined;
  for (const [table, column] of dist) {
    if (known.has(table)) {
      anchor ??= table;
      continue;
    }
    const colocate = anchor
      ? `colocate_with => '${anchor}'`
      : `shard_count => ${shards}, colocate_with => 'none'`;
    await exec(`select create_distributed_table('${table}', '${column}', ${colocate})`, 'distributed table');
    anchor ??= table;
  }
  // 4. Reference tables, referenced ones first.
  for (const t of topo([...ref], cons)) {
    if (known.has(t)) continue;
    await exec(`select create_reference_table('${t}')`, 'reference table');
  }
  // 5. The distributed tables' own foreign keys: along the group's column, and to the reference
  //    tables that batch jobs do not write. A run table (billing_runs, subsidy_runs, …) is updated
  //    in the same transaction as the chunk it records, and Citus refuses to write a reference
  //    table a distributed table points to after a parallel write to that distributed table.
  for (const f of parked) {
    const target = /REFERENCES\s+("?)([a-z_]+)\1/i.exec(f.def)?.[2] ?? '';
    if (dist.has(target) || STATIC_REFERENCE.includes(target))
      await h.pool.query(`alter table ${q(f.table)} add constraint ${q(f.name)} ${f.def}`);
    else say(`foreign key to a table written with the rows: ${f.table}.${f.name} not restored`);
  }
  for (const setting of CITUS_DATABASE_SETTINGS)
    await h.pool.query(
      `do $$ begin execute format('alter database %I ${setting}', current_database()); end $$`,
    );
  return done;
}

/**
 * Database-level settings `distribute` makes (a database copied from a template needs them again):
 * - reads that join distributed tables on other columns than their distribution column (reports,
 *   ad-hoc questions) are repartitioned between the workers instead of refused;
 * - multi-shard statements use one connection per worker node. Most reference tables have foreign
 *   keys among themselves (sponsorships → agreements → partners, …), and Citus refuses to write such
 *   a table in a statement or transaction that read a distributed table over several connections per
 *   node (an INSERT … SELECT from participants into sponsorships, a count from agreement_people in an
 *   UPDATE of agreements). Every worker still works on its own shards at the same time; what is lost
 *   is several connections per worker, which on this machine's 2 cores buys nothing. A national
 *   deployment distributes the per-participant tables that are still reference tables and returns
 *   to the parallel mode (decision 0015).
 */
export const CITUS_DATABASE_SETTINGS: readonly string[] = [
  'set citus.enable_repartition_joins = on',
  'set citus.multi_shard_modify_mode = sequential',
];

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** Tables in an order where each comes after the tables it references. */
function topo(tables: string[], cons: Constraint[]): string[] {
  const set = new Set(tables);
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (t: string) => {
    if (seen.has(t)) return;
    seen.add(t);
    for (const c of cons)
      if (c.type === 'f' && c.table === t && c.ref && c.ref !== t && set.has(c.ref)) visit(c.ref);
    out.push(t);
  };
  for (const t of tables.sort()) visit(t);
  return out;
}
