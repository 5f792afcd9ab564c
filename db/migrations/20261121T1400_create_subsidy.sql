-- Wage subsidy (BSU) screening: programmes, exclusion lists, frozen snapshots, decisions, bank batches,
-- payments and appeals (docs/decisions/0007-subsidy-screening.md).

-- Where a benefit can be paid. The registry had no bank data before BSU; one account per bank per person.
create table participant_bank_accounts (
  participant_id  bigint not null references participants (id),
  bank_code       text not null check (bank_code ~ '^[A-Z]{2,10}$'),
  account_number  text not null check (account_number ~ '^[0-9]{6,20}$'),
  holder_name     text not null,
  -- null until the bank confirmed the account is open and in the holder's name
  verified_on     date,
  created_at      timestamptz not null default now(),
  primary key (participant_id, bank_code)
);

-- A citizen NIK (UU 23/2006 as amended by UU 24/2013): region codes possible, day 1–31 (+40 for women)
-- valid for the month, serial not 0000. The century is unknown, so 29 February needs YY divisible by 4.
-- Mirrors parseNik (src/modules/workers/nik.ts); subsidy tests check the two agree.
create function subsidy_nik_valid(nik text) returns boolean language sql immutable parallel safe as $$
  -- CASE first: the casts below must never see anything but 16 digits. No regular expression: it was
  -- half the function's cost per row.
  select case when length(nik) = 16 and translate(nik, '0123456789', '') = '' then coalesce(
    substr(nik, 1, 2)::int >= 11 and substr(nik, 3, 2) <> '00' and substr(nik, 5, 2) <> '00'
    and substr(nik, 13, 4) <> '0000'
    and (substr(nik, 7, 2)::int % 40) between 1 and 31
    and substr(nik, 7, 2)::int not between 32 and 40
    and (substr(nik, 7, 2)::int % 40)
        <= (array[31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[substr(nik, 9, 2)::int]
    and not (substr(nik, 9, 2) = '02' and substr(nik, 7, 2)::int % 40 = 29 and substr(nik, 11, 2)::int % 4 <> 0),
    false) else false end
$$;

-- Programmes as data (src/modules/subsidy/programmes/*.json); every run freezes its own copy.
create table subsidy_programmes (
  id           serial primary key,
  code         text not null unique check (code ~ '^[a-z0-9][a-z0-9-]*$'),
  name         text not null,
  year         integer not null,
  legal_basis  text not null,
  definition   jsonb not null,
  source       text not null default 'file' check (source in ('file','api')),
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now()
);

-- Reason codes, bilingual. A decision lists every code that applied, in this order.
create table subsidy_reasons (
  code       text primary key,
  criterion  text not null,
  sort       smallint not null,
  label_id   text not null,
  label_en   text not null
);
insert into subsidy_reasons (code, criterion, sort, label_id, label_en) values
  ('nik_invalid', 'citizen_nik', 1, 'NIK tidak valid sebagai NIK WNI', 'NIK is not a valid citizen NIK'),
  ('segment_not_covered', 'segments', 2, 'Segmen kepesertaan tidak termasuk program', 'Participant segment not covered by the programme'),
  ('not_registered', 'active_at', 3, 'Belum terdaftar pada tanggal batas', 'Not registered by the cut-off date'),
  ('participant_closed', 'active_at', 4, 'Kepesertaan ditutup', 'Participation closed'),
  ('no_wage', 'wage_on', 5, 'Tidak ada upah yang dilaporkan pada tanggal upah', 'No wage reported on the wage date'),
  ('wage_too_high', 'wage_below', 6, 'Upah melebihi batas', 'Wage above the threshold'),
  ('contributions_unpaid', 'paid_through', 7, 'Iuran belum dibayar sampai bulan yang disyaratkan', 'Contributions not paid up to the required month'),
  ('employer_excluded', 'exclude_employer_legal_forms', 8, 'Pemberi kerja termasuk kategori yang dikecualikan (BUMN/instansi)', 'Employer in an excluded category (state enterprise or state body)'),
  ('sector_not_covered', 'sectors', 9, 'Sektor usaha pemberi kerja tidak termasuk prioritas', 'Employer sector not among the priority sectors'),
  ('region_not_covered', 'regions_list', 10, 'Tempat kerja di luar wilayah program', 'Workplace outside the programme regions'),
  ('on_exclusion_list', 'exclude_lists', 11, 'Tercantum dalam daftar pengecualian (ASN/TNI/Polri/penerima program lain)', 'On an exclusion list (civil servant, military/police, other programme)'),
  ('no_bank_account', 'bank_account', 12, 'Tidak memiliki rekening bank penyalur yang terverifikasi', 'No verified account at a paying bank'),
  ('over_quota', 'quota', 13, 'Melebihi kuota program', 'Over the programme quota');

-- Lists of NIKs to exclude, imported from other agencies (civil servants, TNI/Polri, Prakerja, PKH, BPUM).
create table subsidy_exclusion_lists (
  code         text primary key check (code ~ '^[a-z0-9][a-z0-9-]*$'),
  name         text not null,
  kind         text not null check (kind in ('civil_servant','military_police','other_programme')),
  source       text,
  -- true when the list is not the official one (synthetic demo data, a sample)
  synthetic    boolean not null default false,
  created_at   timestamptz not null default now()
);

create table subsidy_list_imports (
  id            bigserial primary key,
  list_code     text not null references subsidy_exclusion_lists (code),
  file_name     text not null,
  file_sha256   text not null,
  total_rows    integer not null default 0,
  accepted      integer not null default 0,
  unchanged     integer not null default 0,
  rejected      integer not null default 0,
  errors        jsonb not null default '[]',
  created_by    integer references users (id),
  created_at    timestamptz not null default now()
);

create table subsidy_exclusion_entries (
  list_code  text not null references subsidy_exclusion_lists (code),
  nik        text not null check (nik ~ '^[0-9]{16}$'),
  import_id  bigint references subsidy_list_imports (id),
  primary key (list_code, nik)
);
create index subsidy_exclusion_entries_nik_idx on subsidy_exclusion_entries (nik);

-- Lists of regions a programme is limited to (2021: PPKM level 3/4 areas). Codes match by prefix.
create table subsidy_region_lists (
  code         text primary key check (code ~ '^[a-z0-9][a-z0-9-]*$'),
  name         text not null,
  source       text,
  unconfirmed  boolean not null default true,
  created_at   timestamptz not null default now()
);
create table subsidy_region_list_entries (
  list_code    text not null references subsidy_region_lists (code),
  region_code  text not null references regions (code),
  primary key (list_code, region_code)
);

-- One screening run. snapshot_run_id is the run whose frozen inputs are evaluated: itself for a fresh
-- run, the original for a re-run. max_participant_id freezes who exists when the run starts.
create table subsidy_runs (
  id                  bigserial primary key,
  programme_id        integer not null references subsidy_programmes (id),
  definition          jsonb not null,
  snapshot_run_id     bigint references subsidy_runs (id),
  rerun_of            bigint references subsidy_runs (id),
  status              text not null default 'running' check (status in ('running','done','failed')),
  -- screen: snapshot + decisions per participant-id chunk (decisions only for a re-run); then quota, count
  phase               text not null default 'screen' check (phase in ('screen','quota','count','done')),
  last_key            bigint not null default 0,
  max_participant_id  bigint not null default 0,
  screened            bigint not null default 0,
  eligible            bigint not null default 0,
  excluded            bigint not null default 0,
  reason_counts       jsonb not null default '{}',
  warnings            text[] not null default '{}',
  timings_ms          jsonb not null default '{}',
  started_by          integer references users (id),
  started_at          timestamptz not null default now(),
  finished_at         timestamptz,
  error               text
);
create index subsidy_runs_programme_idx on subsidy_runs (programme_id, id);

-- The inputs each decision was based on, as they were when the run read them. Never updated.
-- No foreign key on run_id (here and in subsidy_decisions): the per-row check cost a third of the
-- screening time, and the run row is always written first by the same code. Distributed by run_id.
create table subsidy_snapshot (
  run_id          bigint not null,
  participant_id  bigint not null,
  nik             text not null,
  nik_valid       boolean not null,
  segment         text not null,
  status          text not null,
  registered_on   date not null,
  village_code    text not null,
  province_code   text not null,
  is_non_asn      boolean not null,
  -- total wage reported on the wage date over the jobs open then; null = no job
  wage            bigint,
  employer_id     bigint,
  employer_forms  text[] not null default '{}',
  state_body      boolean not null default false,
  sector          text,
  work_regency    text,
  in_regions      boolean,
  ump             bigint,
  paid_through    text,
  bank_code       text,
  account_number  text,
  holder_name     text,
  list_hits       text[] not null default '{}',
  primary key (run_id, participant_id)
);

create table subsidy_decisions (
  run_id          bigint not null,
  participant_id  bigint not null,
  eligible        boolean not null,
  reasons         text[] not null default '{}',
  primary key (run_id, participant_id)
);
create index subsidy_decisions_eligible_idx on subsidy_decisions (run_id, participant_id) where eligible;

-- Exclusion-list hits of a run being screened: the lists joined to participants once, by NIK, instead of
-- one probe per participant. A work table: the hits are frozen in the snapshot; rows go when the run ends.
create table subsidy_run_list_hits (
  run_id          bigint not null,
  participant_id  bigint not null,
  list_hits       text[] not null,
  primary key (run_id, participant_id)
);

-- Counts per committed chunk, written by the same statement that writes the chunk's decisions, so the
-- run's totals need no second pass over 10 million decisions.
create table subsidy_run_chunks (
  run_id         bigint not null,
  lo             bigint not null,
  hi             bigint not null,
  screened       bigint not null,
  eligible       bigint not null,
  reason_counts  jsonb not null,
  primary key (run_id, lo)
);

-- A contested exclusion. An upheld appeal makes the person eligible in that run; the decision row stays.
create table subsidy_appeals (
  id              bigserial primary key,
  run_id          bigint not null references subsidy_runs (id),
  participant_id  bigint not null,
  filed_by_kind   text not null check (filed_by_kind in ('participant','employer')),
  filed_by        integer references users (id),
  employer_id     bigint references employers (id),
  grounds         text not null check (length(grounds) >= 10),
  status          text not null default 'open' check (status in ('open','upheld','rejected')),
  decided_by      integer references users (id),
  decision_note   text,
  decided_at      timestamptz,
  created_at      timestamptz not null default now(),
  check (decided_by is null or filed_by is null or decided_by <> filed_by),
  check ((status = 'open') = (decided_at is null))
);
create unique index subsidy_appeals_one_live_idx on subsidy_appeals (run_id, participant_id) where status <> 'rejected';

-- A file for one paying channel (a bank, or PT Pos) and one tranche. attempt 2+ holds re-batched failures.
create table subsidy_batches (
  id            bigserial primary key,
  run_id        bigint not null references subsidy_runs (id),
  batch_no      integer not null,
  tranche       smallint not null,
  channel       text not null,
  attempt       smallint not null default 1,
  row_count     integer not null,
  total_amount  bigint not null,
  created_by    integer references users (id),
  created_at    timestamptz not null default now(),
  unique (run_id, batch_no)
);

-- One row per payment attempt; a person's state in a tranche is their latest attempt.
create table subsidy_payments (
  id              bigserial primary key,
  batch_id        bigint not null references subsidy_batches (id),
  run_id          bigint not null,
  participant_id  bigint not null,
  tranche         smallint not null,
  attempt         smallint not null,
  reference       text not null unique,
  amount          bigint not null check (amount > 0),
  channel         text not null,
  account_number  text,
  holder_name     text not null,
  status          text not null default 'pending' check (status in ('pending','paid','failed','returned','account_invalid')),
  result_note     text,
  result_on       date,
  result_import_id bigint,
  unique (run_id, participant_id, tranche, attempt)
);
create index subsidy_payments_batch_idx on subsidy_payments (batch_id);

create table subsidy_bank_results (
  id           bigserial primary key,
  file_name    text not null,
  file_sha256  text not null,
  total_rows   integer not null default 0,
  applied      integer not null default 0,
  unchanged    integer not null default 0,
  rejected     integer not null default 0,
  errors       jsonb not null default '[]',
  created_by   integer references users (id),
  created_at   timestamptz not null default now()
);
