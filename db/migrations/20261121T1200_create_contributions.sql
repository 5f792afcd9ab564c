-- Contributions: billing runs, invoices, contribution lines, payments, fines, waivers, coverage spans.

-- Inputs the billing run needs beyond the registry.
alter table employers add column labour_intensive boolean not null default false;
alter table participants add column declared_income bigint check (declared_income is null or declared_income >= 0);
alter table participants add column is_transport boolean not null default false;
alter table participants add column pmi_contract_months integer check (pmi_contract_months is null or pmi_contract_months > 0);

-- Who pays for someone else: a regional budget, village fund, zakat agency, CSR, partner association.
-- The partnerships module links these to agreements; the billing run bills the sponsor instead of the participant.
create table sponsorships (
  id             bigserial primary key,
  participant_id bigint not null references participants (id),
  partner_id     integer not null references partners (id),
  from_period    text not null check (from_period ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  to_period      text check (to_period ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  budget_funded  boolean not null default true,
  created_at     timestamptz not null default now()
);
create index sponsorships_participant_idx on sponsorships (participant_id);
create index sponsorships_partner_idx on sponsorships (partner_id);

-- Construction projects billed by contract value (marginal tiers) when wages are not known.
create table construction_projects (
  id              bigserial primary key,
  employer_id     bigint not null references employers (id),
  name            text not null,
  contract_value  bigint not null check (contract_value > 0),
  start_period    text not null,
  end_period      text,
  village_code    text references regions (code),
  created_at      timestamptz not null default now()
);
create index construction_projects_start_idx on construction_projects (start_period);

-- One run per period; re-running resumes it. `last_key` is the keyset watermark of the last committed chunk.
create table billing_runs (
  id              bigserial primary key,
  period          text not null unique check (period ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  status          text not null default 'running' check (status in ('running','done','failed')),
  phase           text not null default 'employers',
  last_key        bigint not null default 0,
  invoices        integer not null default 0,
  lines           bigint not null default 0,
  rate_tables     jsonb,
  started_at      timestamptz not null default now(),
  finished_at     timestamptz,
  error           text
);

-- One invoice per payer and period. payer_kind: employer | participant | sponsor; payer_id is the id in
-- employers, participants or partners respectively.
create table invoices (
  id            bigserial primary key,
  period        text not null,
  payer_kind    text not null check (payer_kind in ('employer','participant','sponsor')),
  payer_id      bigint not null,
  run_id        bigint references billing_runs (id),
  due_date      date not null,
  amount        bigint not null default 0 check (amount >= 0),
  adjustments   bigint not null default 0,
  paid          bigint not null default 0,
  status        text not null default 'open' check (status in ('open','partial','paid')),
  created_at    timestamptz not null default now(),
  paid_at       timestamptz,
  unique (payer_kind, payer_id, period)
);
create index invoices_payer_idx on invoices (payer_kind, payer_id, period);
create index invoices_unpaid_idx on invoices (due_date) where status <> 'paid';

-- A line: one participant, one program, one payer share, for one contribution month. Adjustments for an
-- earlier month (a retroactive wage change, a late exit) carry that month in for_period.
-- No foreign key to invoices: only the billing run writes lines, always joined to the invoice it just
-- made, and the trigger check cost a third of the insert time (docs/decisions/0008-billing-run.md).
create table contribution_lines (
  invoice_id      bigint not null,
  participant_id  bigint not null,
  program         text not null check (program in ('JKK','JKM','JHT','JP','JKP')),
  payer           text not null check (payer in ('employer','worker','participant','government')),
  for_period      text not null,
  base            bigint not null,
  rate            numeric,
  amount          bigint not null,
  adjustment      boolean not null default false,
  primary key (invoice_id, participant_id, program, payer, for_period, adjustment)
);
create index contribution_lines_participant_idx on contribution_lines (participant_id, for_period);

-- Construction projects billed by contract value have no per-person lines; their charge sits here.
create table project_lines (
  invoice_id  bigint not null references invoices (id),
  project_id  bigint not null references construction_projects (id),
  program     text not null check (program in ('JKK','JKM')),
  base        bigint not null,
  amount      bigint not null,
  primary key (invoice_id, project_id, program)
);

create table payments (
  id           bigserial primary key,
  reference    text not null unique,
  payer_kind   text not null check (payer_kind in ('employer','participant','sponsor')),
  payer_id     bigint not null,
  amount       bigint not null check (amount > 0),
  paid_on      date not null,
  source       text not null check (source in ('api','web','bank_csv','cli')),
  created_by   integer references users (id),
  created_at   timestamptz not null default now()
);
create index payments_payer_idx on payments (payer_kind, payer_id);

-- How a payment was spread over invoices (oldest unpaid first) and fines; the rest is credit.
create table payment_allocations (
  payment_id  bigint not null references payments (id),
  invoice_id  bigint not null references invoices (id),
  target      text not null check (target in ('contribution','fine')),
  amount      bigint not null check (amount > 0),
  primary key (payment_id, invoice_id, target)
);
create index payment_allocations_invoice_idx on payment_allocations (invoice_id);

-- Late fines: one row per invoice and month of delay, computed on what was owed then.
create table fines (
  id          bigserial primary key,
  invoice_id  bigint not null references invoices (id),
  month_no    integer not null check (month_no >= 1),
  base        bigint not null,
  rate        numeric not null,
  amount      bigint not null,
  paid        bigint not null default 0,
  waived      boolean not null default false,
  created_at  timestamptz not null default now(),
  unique (invoice_id, month_no)
);

-- Waivers need a reason and a second person's approval (maker-checker).
create table fine_waivers (
  id            bigserial primary key,
  fine_id       bigint not null references fines (id),
  reason        text not null check (length(reason) >= 10),
  requested_by  integer not null references users (id),
  requested_at  timestamptz not null default now(),
  decided_by    integer references users (id),
  decided_at    timestamptz,
  status        text not null default 'pending' check (status in ('pending','approved','rejected')),
  check (decided_by is null or decided_by <> requested_by)
);

-- Months a participant is active because that month's contributions were paid. to_period null = open.
create table coverage_spans (
  participant_id  bigint not null,
  from_period     text not null,
  to_period       text,
  primary key (participant_id, from_period)
);
