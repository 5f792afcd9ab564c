-- Benefits and claims (issue 13, docs/decisions/0011-benefits-and-claims.md): deaths and heirs, JHT
-- accounts, claims with documents and maker-checker decisions, and the shared disbursement tables.

-- A death is recorded once, by the registry (participant_deaths, 20261203T2140); claims need its cause:
-- a work accident opens JKK death benefits, any other cause JKM.
alter table participant_deaths
  add column cause text not null default 'non_work' check (cause in ('non_work','work_accident'));

-- People related to a participant: heirs for survivor benefits (spouse, children, parents).
create table related_persons (
  id               bigserial primary key,
  participant_id   bigint not null references participants (id),
  relation         text not null check (relation in ('spouse','child','parent','other')),
  full_name        text not null check (length(full_name) between 1 and 200),
  nik              text check (nik ~ '^[0-9]{16}$'),
  birth_date       date,
  sex              char(1) check (sex in ('M','F')),
  -- for a child: the school level now (BELUM, TK, SD, SMP, SMA, PT) and the year within it
  school_level     text check (school_level in ('BELUM','TK','SD','SMP','SMA','PT')),
  school_year      smallint check (school_year between 1 and 6),
  bank_code        text check (bank_code ~ '^[A-Z]{2,10}$'),
  account_number   text check (account_number ~ '^[0-9]{6,20}$'),
  created_by       integer references users (id),
  created_at       timestamptz not null default now()
);
create index related_persons_participant_idx on related_persons (participant_id);

-- JHT: one account per participant; every movement is an entry, the balance is their sum.
create table jht_accounts (
  participant_id  bigint primary key,
  balance         bigint not null default 0,
  updated_at      timestamptz not null default now()
);

-- kind: contribution (a paid JHT line, employer or worker share), development (the yearly return),
-- withdrawal (a paid JHT claim, negative). posted_on is the value date used by statements.
create table jht_entries (
  id              bigserial primary key,
  participant_id  bigint not null,
  kind            text not null check (kind in ('contribution','development','withdrawal')),
  posted_on       date not null,
  amount          bigint not null,
  -- contribution: the line it credits
  invoice_id      bigint,
  payer           text,
  for_period      text,
  adjustment      boolean not null default false,
  -- development: the year and the declared rate (unconfirmed when the rules flag it)
  year            integer,
  rate            numeric,
  unconfirmed     boolean not null default false,
  -- withdrawal: the claim paid
  claim_id        bigint,
  created_at      timestamptz not null default now()
);
create unique index jht_entries_contribution_uq on jht_entries (invoice_id, participant_id, payer, for_period, adjustment)
  where kind = 'contribution';
create unique index jht_entries_development_uq on jht_entries (participant_id, year) where kind = 'development';
create unique index jht_entries_withdrawal_uq on jht_entries (claim_id) where kind = 'withdrawal';
create index jht_entries_participant_idx on jht_entries (participant_id, posted_on);

-- Paid invoices whose JHT lines are credited; a rerun of the crediting skips them.
create table jht_credited_invoices (
  invoice_id  bigint primary key,
  entries     integer not null,
  credited_at timestamptz not null default now()
);

-- One development posting per year: the rate used, its flag, and the keyset watermark of the chunks done.
create table jht_development_runs (
  year         integer primary key,
  rate         numeric not null,
  unconfirmed  boolean not null,
  rate_ref     text not null,
  status       text not null default 'running' check (status in ('running','done')),
  last_key     bigint not null default 0,
  accounts     bigint not null default 0,
  amount       bigint not null default 0,
  started_at   timestamptz not null default now(),
  finished_at  timestamptz
);

-- Claims. benefit: JKP | JHT | JKM | BEASISWA | JKK | JP. kind refines it (JHT full|partial_housing|partial_other).
create table claims (
  id               bigserial primary key,
  participant_id   bigint not null references participants (id),
  benefit          text not null check (benefit in ('JKP','JHT','JKM','BEASISWA','JKK','JP')),
  kind             text,
  event_date       date not null,
  -- JKP: why the employment ended (claims/rules.ts TERMINATION_REASONS)
  termination      text,
  employer_id      bigint references employers (id),
  -- who is paid: the participant, or an heir recorded as a related person
  payee_related_id bigint references related_persons (id),
  payee_name       text not null,
  bank_code        text not null check (bank_code ~ '^[A-Z]{2,10}$'),
  account_number   text not null check (account_number ~ '^[0-9]{6,20}$'),
  -- BEASISWA: the children claimed (related person ids)
  children         bigint[] not null default '{}',
  region_code      text not null,
  status           text not null default 'submitted'
                   check (status in ('submitted','verified','approved','rejected','in_payment','paid')),
  filed_by_kind    text not null check (filed_by_kind in ('branch_officer','employer','admin','system')),
  filed_by         integer references users (id),
  filed_at         timestamptz not null default now(),
  -- the assessment at verification: eligibility, amount and the full explanation from the rules module
  verified_by      integer references users (id),
  verified_at      timestamptz,
  eligible         boolean,
  amount           bigint,
  assessment       jsonb,
  note             text
);
create index claims_participant_idx on claims (participant_id);
create index claims_status_idx on claims (status, region_code);
create unique index claims_one_live_idx on claims (participant_id, benefit, coalesce(kind, ''), event_date)
  where status <> 'rejected';

create table claim_documents (
  claim_id   bigint not null references claims (id),
  code       text not null,
  required   boolean not null,
  received   boolean not null default false,
  checked_by integer references users (id),
  checked_at timestamptz,
  primary key (claim_id, code)
);

create table claim_reasons (
  code      text primary key,
  sort      smallint not null,
  label_id  text not null,
  label_en  text not null
);
insert into claim_reasons (code, sort, label_id, label_en) values
  ('not_eligible', 1, 'Tidak memenuhi syarat menurut riwayat iuran', 'Not eligible according to the contribution history'),
  ('documents_incomplete', 2, 'Dokumen persyaratan tidak lengkap', 'Required documents incomplete'),
  ('documents_invalid', 3, 'Dokumen tidak sah atau tidak sesuai', 'Documents invalid or inconsistent'),
  ('termination_not_covered', 4, 'Alasan berakhirnya hubungan kerja tidak termasuk yang dijamin', 'The reason employment ended is not covered'),
  ('claim_window_passed', 5, 'Batas waktu pengajuan klaim terlewati', 'The claim window has passed'),
  ('duplicate_claim', 6, 'Klaim yang sama sudah dibayar', 'The same claim was already paid'),
  ('identity_mismatch', 7, 'Identitas peserta atau ahli waris tidak sesuai', 'Identity of the participant or heir does not match'),
  ('other', 8, 'Alasan lain (lihat catatan)', 'Other reason (see the note)');

-- One decision per claim, by a second person (never the verifier), with the explanation it was based on.
create table claim_decisions (
  claim_id     bigint primary key references claims (id),
  outcome      text not null check (outcome in ('approved','rejected')),
  reason_code  text references claim_reasons (code),
  note         text,
  amount       bigint not null default 0,
  explanation  jsonb not null,
  decided_by   integer references users (id),
  verified_by  integer references users (id),
  decided_at   timestamptz not null default now(),
  check (decided_by is null or verified_by is null or decided_by <> verified_by),
  check ((outcome = 'rejected') = (reason_code is not null))
);

-- Disbursement, shared by every paying module (source = 'claims'; the wage subsidy keeps its own
-- tables and uses the same file format and checks). attempt 2+ holds re-batched failures.
create table disbursement_batches (
  id            bigserial primary key,
  source        text not null,
  channel       text not null,
  attempt       smallint not null default 1,
  row_count     integer not null,
  total_amount  bigint not null,
  created_by    integer references users (id),
  created_at    timestamptz not null default now()
);

create table disbursement_payments (
  id               bigserial primary key,
  batch_id         bigint not null references disbursement_batches (id),
  source           text not null,
  item_id          bigint not null,
  attempt          smallint not null,
  reference        text not null unique,
  amount           bigint not null check (amount > 0),
  channel          text not null,
  account_number   text not null,
  holder_name      text not null,
  status           text not null default 'pending' check (status in ('pending','paid','failed','returned','account_invalid')),
  result_note      text,
  result_on        date,
  result_import_id bigint,
  unique (source, item_id, attempt)
);
create index disbursement_payments_batch_idx on disbursement_payments (batch_id);

create table disbursement_results (
  id           bigserial primary key,
  source       text not null,
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
