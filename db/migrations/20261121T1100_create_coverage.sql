-- Coverage: monthly rollups of active and registered participants per region, segment and attribution
-- (domicile | employer), maintained by `lindung coverage refresh` (docs/decisions/0004-coverage-rollups.md).

-- One row per refresh: what was recomputed, how long each phase took, and on which active basis
-- ('registrations' until contributions provide coverage_spans, then 'contributions').
create table coverage_runs (
  id             bigserial primary key,
  started_at     timestamptz not null default now(),
  finished_at    timestamptz,
  status         text not null default 'running' check (status in ('running','done','failed')),
  mode           text not null check (mode in ('full','incremental','noop')),
  active_basis   text not null check (active_basis in ('registrations','contributions')),
  window_start   text not null check (window_start ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  window_end     text not null check (window_end ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  provinces      text[] not null default '{}',
  provinces_done integer not null default 0,
  delta_rows     bigint not null default 0,
  rollup_rows    bigint not null default 0,
  -- watermarks read at the start: everything up to them is in the rollups once the run is done
  participant_wm bigint not null default 0,
  event_wm       bigint not null default 0,
  timings_ms     jsonb not null default '{}',
  message        text
);

-- Changes of participants (+1 on the month a span starts, -1 on the month it ends, +1 registered on the
-- month of registration), per domicile province ("chunk") that produced them. Recomputing one province
-- replaces its rows only; the rollups are cumulative sums of these.
create table coverage_deltas (
  chunk        text not null,
  basis        text not null check (basis in ('domicile','employer')),
  level        smallint not null check (level between 1 and 3),
  region_code  text not null,
  segment      text not null,
  period       text not null,
  d_active     bigint not null,
  d_registered bigint not null,
  primary key (chunk, basis, region_code, segment, period)
);
create index coverage_deltas_region_idx on coverage_deltas (region_code);

-- Active and registered participants at the end of each month of the window, at province (1),
-- regency/city (2) and district (3) level: one row per region, segment and attribution, holding the
-- monthly values as arrays (element 1 = start_period). One short row per series instead of one row per
-- month keeps the refresh cheap (no per-month index entries) and a month or a whole series is one read.
-- The dashboard reads only this table; coverage_rollup_months unnests it for ad-hoc SQL.
create table coverage_rollups (
  basis        text not null check (basis in ('domicile','employer')),
  level        smallint not null check (level between 1 and 3),
  region_code  text not null,
  parent_code  text,
  segment      text not null check (segment in ('PU','BPU','JAKON','PMI')),
  start_period text not null check (start_period ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  active       bigint[] not null,
  registered   bigint[] not null,
  primary key (basis, level, region_code, segment)
);
create index coverage_rollups_parent_idx on coverage_rollups (basis, parent_code);

-- Concatenates arrays in order: builds a rollup series from its runs of equal values.
create aggregate coverage_array_cat(anycompatiblearray) (
  sfunc = array_cat, stype = anycompatiblearray, initcond = '{}'
);

create view coverage_rollup_months as
  select to_char(to_date(r.start_period, 'YYYY-MM') + (m.i - 1) * interval '1 month', 'YYYY-MM') as period,
    r.basis, r.level, r.region_code, r.segment, m.active, m.registered
  from coverage_rollups r
  cross join lateral unnest(r.active, r.registered) with ordinality as m (active, registered, i);

-- Provinces whose participants changed in ways an id watermark cannot see (updates, deletes).
create table coverage_dirty (
  province_code text primary key,
  marked_at     timestamptz not null default now()
);

create function coverage_mark_changed() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' then
    insert into coverage_dirty (province_code)
      select province_code from old_rows union select province_code from new_rows
      on conflict (province_code) do update set marked_at = now();
  else
    insert into coverage_dirty (province_code)
      select distinct province_code from old_rows
      on conflict (province_code) do update set marked_at = now();
  end if;
  return null;
end $$;
create trigger coverage_participants_updated after update on participants
  referencing old table as old_rows new table as new_rows
  for each statement execute function coverage_mark_changed();
create trigger coverage_participants_deleted after delete on participants
  referencing old table as old_rows
  for each statement execute function coverage_mark_changed();

-- Coverage targets a region committed to, each with its denominator and source. status: sourced (a
-- published figure), plan (a published plan figure), unconfirmed (reported but not found in a source).
create table coverage_targets (
  id              serial primary key,
  region_code     text not null,
  year            integer not null,
  target_pct      numeric(6, 2) not null check (target_pct > 0 and target_pct <= 100),
  denominator     text not null default 'employed'
                  check (denominator in ('employed','employed_minus_civil_servants','labour_force')),
  status          text not null check (status in ('sourced','plan','unconfirmed','assumed')),
  baseline_pct    numeric(6, 2),
  baseline_period text,
  source_url      text,
  note            text,
  unique (region_code, year, target_pct, status)
);
create index coverage_targets_region_idx on coverage_targets (region_code, year);
