-- Bulk imports: a job per file, its rejected rows with line, column, code and message.
create table import_jobs (
  id             bigserial primary key,
  kind           text not null check (kind in ('workers')),
  file_name      text not null,
  file_sha256    text not null,
  employer_id    bigint references employers (id),
  partner_id     integer references partners (id),
  dry_run        boolean not null default false,
  status         text not null default 'running' check (status in ('running','done','failed')),
  total_rows     integer not null default 0,
  accepted_rows  integer not null default 0,
  unchanged_rows integer not null default 0,
  rejected_rows  integer not null default 0,
  created_by     integer references users (id),
  created_at     timestamptz not null default now(),
  finished_at    timestamptz,
  message        text
);

create table import_errors (
  import_id  bigint not null references import_jobs (id),
  line       integer not null,
  "column"   text not null,
  code       text not null,
  message_id text not null,
  message_en text not null,
  value      text
);
create index import_errors_import_idx on import_errors (import_id, line);

-- Staging: rows that passed the per-row checks, awaiting the set-based checks and the commit.
create table import_rows (
  import_id      bigint not null references import_jobs (id),
  line           integer not null,
  nik            text not null,
  full_name      text not null,
  birth_date     date not null,
  sex            char(1) not null,
  village_code   text not null,
  phone          text,
  segment        text not null,
  npp            text,
  employer_id    bigint,
  start_date     date not null,
  wage           bigint,
  is_non_asn     boolean not null,
  is_vulnerable  boolean not null,
  jht            boolean not null,
  -- pending → accepted | unchanged | rejected
  status         text not null default 'pending',
  participant_id bigint,
  primary key (import_id, line)
);
create index import_rows_nik_idx on import_rows (import_id, nik);
