-- Background jobs (graphile-worker carries { jobId }; this row is what people see and audit).
-- See docs/decisions/0009-embedded-postgres-and-jobs.md.
create table jobs (
  id                bigint generated always as identity primary key,
  kind              text not null,
  params            jsonb not null default '{}',
  -- queued | running | done | failed | cancelled
  status            text not null default 'queued'
                    check (status in ('queued', 'running', 'done', 'failed', 'cancelled')),
  parent_id         bigint references jobs (id),
  -- the person who started it (null for a schedule), and the whole actor the job acts as
  created_by        integer references users (id),
  created_by_name   text not null,
  actor             jsonb not null,
  -- the schedule (job_schedules.name) that started it, if any
  schedule          text,
  progress_done     bigint not null default 0,
  progress_total    bigint,
  -- units per second since the start
  rate              double precision,
  result            jsonb,
  error             text,
  attempts          integer not null default 0,
  cancel_requested  boolean not null default false,
  created_at        timestamptz not null default now(),
  started_at        timestamptz,
  finished_at       timestamptz,
  heartbeat_at      timestamptz
);
create index jobs_created_idx on jobs (created_at desc);
create index jobs_owner_idx on jobs (created_by, created_at desc);
create index jobs_parent_idx on jobs (parent_id) where parent_id is not null;
create index jobs_active_idx on jobs (status) where status in ('queued', 'running');

-- Cron entries (defined in code, src/jobs.ts); an admin switches them on and off here.
create table job_schedules (
  name        text primary key,
  pattern     text not null,
  enabled     boolean not null default true,
  updated_at  timestamptz,
  updated_by  text
);

-- An uploaded file a job reads (worker lists, bank files), kept in the database so any worker
-- on any machine can read it: streamed in and out in pieces of at most 4 MB.
create table uploads (
  id          bigint generated always as identity primary key,
  file_name   text not null,
  bytes       bigint not null default 0,
  created_by  integer references users (id),
  created_at  timestamptz not null default now()
);
create table upload_chunks (
  upload_id  bigint not null references uploads (id) on delete cascade,
  seq        integer not null,
  data       bytea not null,
  primary key (upload_id, seq)
);
