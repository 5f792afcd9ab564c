-- Keeping the registry true: corrections with history, life events, duplicates, data quality and
-- employers' monthly wage reports (docs/decisions/0013-registry-upkeep.md).
create extension if not exists pg_trgm;

-- A merged record points at the survivor; it is never deleted. Contact data the quality report checks.
alter table participants add column merged_into bigint references participants (id);
alter table participants add constraint participants_not_merged_into_self check (merged_into is null or merged_into <> id);
create index participants_merged_into_idx on participants (merged_into) where merged_into is not null;
-- Duplicate detection compares people within blocks: same birth date and name, or same birth date
-- and village (then by trigram similarity of the names). These indexes answer a new registration's
-- look-up; a full run hash-joins on the same keys.
create index participants_birth_name_idx on participants (birth_date, lower(full_name));
create index participants_birth_village_idx on participants (birth_date, village_code);

-- Two NIKs one digit or one adjacent transposition apart (never equal). Mirrors nikNearness (rules.ts).
create function nik_near(a text, b text) returns boolean language sql immutable parallel safe as $$
  select case when a = b or length(a) <> 16 or length(b) <> 16 then false else (
    select count(*) = 1
        or (count(*) = 2 and max(i) = min(i) + 1
            and substr(a, min(i), 1) = substr(b, max(i), 1) and substr(a, max(i), 1) = substr(b, min(i), 1))
    from generate_series(1, 16) i where substr(a, i, 1) <> substr(b, i, 1)) end
$$;

-- Why an employment ended: JKP pays only for dismissal (docs/rules-reference.md §3.6), so the reason is kept.
alter table employment_events add column exit_reason text check (exit_reason is null or exit_reason in
  ('dismissal','resignation','contract_end','retirement','death','disability','moved','unreported'));
alter table employment_events add column wage_report_id bigint;

-- Change requests for participant and employer details. Identity and money fields wait for a second
-- person (decided_by <> requested_by); the others are applied when requested.
create table change_requests (
  id              bigserial primary key,
  entity          text not null check (entity in ('participant','employer')),
  entity_id       bigint not null,
  -- {"field": {"from": old, "to": new}, ...}; a wage correction is {"wage": {"employer_id", "from", "to"}}
  changes         jsonb not null,
  effective_on    date not null,
  reason          text not null,
  needs_approval  boolean not null,
  status          text not null default 'pending' check (status in ('pending','approved','applied','rejected')),
  requested_by    integer references users (id),
  requested_by_name text not null,
  decided_by      integer references users (id),
  decided_by_name text,
  decided_at      timestamptz,
  decision_note   text,
  applied_at      timestamptz,
  created_at      timestamptz not null default now(),
  check (decided_by is null or requested_by is null or decided_by <> requested_by)
);
create index change_requests_entity_idx on change_requests (entity, entity_id);
create index change_requests_pending_idx on change_requests (status, effective_on) where status in ('pending','approved');

-- Every version of a record's details ("riwayat perubahan"): version 1 is the record as it was before
-- its first change; each applied change adds the next version.
create table record_versions (
  entity            text not null check (entity in ('participant','employer')),
  entity_id         bigint not null,
  version           integer not null,
  data              jsonb not null,
  change_request_id bigint references change_requests (id),
  valid_from        date not null,
  recorded_by       text not null,
  recorded_at       timestamptz not null default now(),
  primary key (entity, entity_id, version)
);

-- Life events other than hire / wage change / exit (those stay in employment_events).
create table life_events (
  id              bigserial primary key,
  participant_id  bigint not null references participants (id),
  kind            text not null check (kind in ('exit','move','segment_change','death','retirement_age','merge','unmerge')),
  effective_on    date not null,
  details         jsonb not null default '{}',
  recorded_by     text not null,
  recorded_at     timestamptz not null default now()
);
create index life_events_participant_idx on life_events (participant_id, effective_on);
-- One retirement-age event per person: the scheduled finder is idempotent.
create unique index life_events_retirement_once_idx on life_events (participant_id) where kind = 'retirement_age';

-- A reported death (read by claims: survivor benefits). Closes the membership; no bills after the month.
create table participant_deaths (
  participant_id  bigint primary key references participants (id),
  died_on         date not null,
  source          text not null check (source in ('family','employer','civil_registry','hospital','officer')),
  document_ref    text,
  note            text,
  reported_by     text not null,
  reported_at     timestamptz not null default now()
);

-- Possible duplicate pairs (a_id < b_id), with the rule that found them and the decision taken.
create table duplicate_candidates (
  id            bigserial primary key,
  a_id          bigint not null references participants (id),
  b_id          bigint not null references participants (id),
  rule          text not null check (rule in ('exact_nik','nik_typo','name_birth_village')),
  similarity    numeric(4, 3),
  status        text not null default 'open' check (status in ('open','merged','not_duplicate')),
  found_at      timestamptz not null default now(),
  decided_by    text,
  decided_at    timestamptz,
  survivor_id   bigint references participants (id),
  note          text,
  check (a_id < b_id),
  unique (a_id, b_id)
);
create index duplicate_candidates_open_idx on duplicate_candidates (status, id);
create index duplicate_candidates_b_idx on duplicate_candidates (b_id);

-- Data quality: the issues found per record, and the scores per province / regency / branch office.
create table quality_issues (
  kind            text not null check (kind in ('missing_phone','missing_bank_account','nik_region_mismatch',
                    'wage_below_minimum','employer_no_report','active_no_contribution','open_duplicate')),
  entity          text not null check (entity in ('participant','employer')),
  entity_id       bigint not null,
  province_code   text not null,
  regency_code    text not null,
  village_code    text not null,
  branch_office_id integer,
  detail          jsonb not null default '{}',
  primary key (kind, entity, entity_id)
);
create index quality_issues_region_idx on quality_issues (province_code, regency_code);
create index quality_issues_branch_idx on quality_issues (branch_office_id);

create table quality_scores (
  level           text not null check (level in ('province','regency','branch')),
  code            text not null,
  name            text not null,
  participants    bigint not null,
  employers       bigint not null,
  counts          jsonb not null,
  score           numeric(5, 1) not null,
  refreshed_at    timestamptz not null default now(),
  primary key (level, code)
);

create table quality_runs (
  id            bigserial primary key,
  started_at    timestamptz not null default now(),
  finished_at   timestamptz,
  -- provinces done so far; a rerun skips them
  done_provinces text[] not null default '{}',
  status        text not null default 'running' check (status in ('running','done'))
);

-- Employers' monthly wage reports: one file → hires, wage changes and exits by difference.
create table wage_reports (
  id            bigserial primary key,
  employer_id   bigint not null references employers (id),
  period        text not null check (period ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  file_name     text not null,
  file_sha256   text not null,
  status        text not null default 'running' check (status in ('running','done','failed')),
  total_rows    integer not null default 0,
  hires         integer not null default 0,
  wage_changes  integer not null default 0,
  exits         integer not null default 0,
  unchanged     integer not null default 0,
  rejected      integer not null default 0,
  created_by    text not null,
  created_at    timestamptz not null default now(),
  finished_at   timestamptz
);
create unique index wage_reports_once_idx on wage_reports (employer_id, period, file_sha256) where status = 'done';

-- Line 0 is an exit found by difference (the worker is not in the file).
create table wage_report_lines (
  id            bigserial primary key,
  report_id     bigint not null references wage_reports (id),
  line          integer not null,
  nik           text,
  outcome       text not null check (outcome in ('hire','wage_change','exit','unchanged','rejected')),
  column_name   text,
  code          text,
  message_id    text,
  message_en    text,
  value         text
);
create index wage_report_lines_report_idx on wage_report_lines (report_id, line);
