-- Non-ASN staff registration, villages, agents and their commission (issue 18).
-- docs/decisions/0014-regional-sponsors.md

-- Non-ASN staff a government employer registered (Permenaker 1/2025 Pasal 3A): one row per employer and
-- person, with the category, the day the 30 working days started, the deadline, the day the list reached
-- BPJS and the day the membership number was issued (membership starts then).
create table non_asn_registrations (
  id              bigserial primary key,
  employer_id     bigint not null references employers (id),
  participant_id  bigint references participants (id),
  nik             text not null check (nik ~ '^\d{16}$'),
  category        text not null check (category in ('honorer','honorary_teacher','rt_rw','posyandu','linmas','religious')),
  region_code     text not null references regions (code),
  obliged_from    date not null,
  deadline        date not null,
  submitted_on    date not null,
  member_since    date,
  import_id       bigint references import_jobs (id),
  created_at      timestamptz not null default now(),
  unique (employer_id, nik)
);
create index non_asn_registrations_region_idx on non_asn_registrations (region_code);

-- How many non-ASN staff an employer declares per category and year: the denominator of the share covered.
create table non_asn_headcounts (
  employer_id  bigint not null references employers (id),
  year         integer not null check (year between 2015 and 2100),
  category     text not null check (category in ('honorer','honorary_teacher','rt_rw','posyandu','linmas','religious')),
  headcount    integer not null check (headcount >= 0),
  created_by   integer references users (id),
  created_at   timestamptz not null default now(),
  primary key (employer_id, year, category)
);

-- Village workforce estimates, where one is known (village census, Prodeskel); none is invented.
create table village_workforce (
  village_code  text not null references regions (code),
  year          integer not null,
  workforce     integer not null check (workforce >= 0),
  source_url    text,
  note          text,
  primary key (village_code, year)
);

-- Agents: people recruiting informal workers door to door, paid a commission on their recruits' paid months.
create table agents (
  id              bigserial primary key,
  code            text not null unique check (code ~ '^[A-Z0-9-]{4,32}$'),
  full_name       text not null,
  nik             text not null unique check (nik ~ '^\d{16}$'),
  phone           text not null,
  bank_code       text,
  bank_account    text,
  account_holder  text,
  region_code     text not null references regions (code),
  user_id         integer unique references users (id),
  status          text not null default 'active' check (status in ('active','suspended','ended')),
  registered_on   date not null,
  created_by      integer references users (id),
  created_at      timestamptz not null default now()
);

create table agent_villages (
  agent_id      bigint not null references agents (id),
  village_code  text not null references regions (code),
  from_date     date not null,
  to_date       date,
  primary key (agent_id, village_code, from_date),
  check (to_date is null or to_date >= from_date)
);
create index agent_villages_village_idx on agent_villages (village_code);

-- Recruits wanted per agent and month.
create table agent_targets (
  agent_id       bigint not null references agents (id),
  period         text not null check (period ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  target_people  integer not null check (target_people > 0),
  primary key (agent_id, period)
);

-- Who recruited a member, fixed at enrolment: one agent per member.
create table agent_recruits (
  participant_id  bigint primary key references participants (id),
  agent_id        bigint not null references agents (id),
  enrolled_on     date not null,
  village_code    text not null references regions (code),
  created_at      timestamptz not null default now()
);
create index agent_recruits_agent_idx on agent_recruits (agent_id);

-- A monthly commission run: resumable (phase, watermark), its parameters frozen.
create table agent_commission_runs (
  id           bigserial primary key,
  period       text not null unique check (period ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  status       text not null default 'running' check (status in ('running','done')),
  last_key     bigint not null default 0,
  lines        integer not null default 0,
  total        bigint not null default 0,
  params       jsonb,
  started_at   timestamptz not null default now(),
  finished_at  timestamptz
);

-- One line per recruit and paid contribution month, never twice across runs.
create table agent_commission_lines (
  run_id          bigint not null references agent_commission_runs (id),
  agent_id        bigint not null references agents (id),
  participant_id  bigint not null references participants (id),
  for_period      text not null,
  month_no        integer not null,
  paid_amount     bigint not null,
  rate            numeric not null,
  amount          bigint not null check (amount >= 0),
  primary key (participant_id, for_period)
);
create index agent_commission_lines_run_idx on agent_commission_lines (run_id, agent_id);

-- Agent fraud checks share the review queue of the partnership flags.
alter table fraud_flags drop constraint fraud_flags_kind_check;
alter table fraud_flags add constraint fraud_flags_kind_check check (kind in
  ('nik_two_sponsors','enrolled_after_end','burst_sequential_nik','burst_shared_phone',
   'agent_recruits_never_pay','agent_burst','agent_shared_phone'));
alter table fraud_flags add column agent_id bigint references agents (id);

-- The agent role: an agent sees its own recruits and commission (agents.user_id), nothing else.
alter table users drop constraint users_role_check;
alter table users add constraint users_role_check
  check (role in ('admin','branch_officer','employer','partner','regional_government','auditor','agent'));

-- A government employer (legal form Instansi) that is an Inpres addressee's own administration: its
-- non-ASN registrations and declared headcounts are the addressee's "non-ASN covered" evidence.
create table gov_employer_links (
  employer_id   bigint primary key references employers (id),
  addressee_id  integer not null references gov_addressees (id),
  created_by    integer references users (id),
  created_at    timestamptz not null default now()
);
create index gov_employer_links_addressee_idx on gov_employer_links (addressee_id);
