-- JP (issue 13, docs/decisions/0011-benefits-and-claims.md): pensions in payment and the monthly
-- pension run. An approved JP claim for a monthly pension opens one jp_pensions row; each month's run
-- writes one jp_pension_payments row per pension and month (unique: a rerun or a crash never pays
-- twice) and pays them as disbursement batches (source 'pensions', item = the payment row).
create table jp_pensions (
  id                     bigserial primary key,
  claim_id               bigint not null unique references claims (id),
  participant_id         bigint not null references participants (id),
  kind                   text not null check (kind in ('old_age','disability','spouse','child','parent')),
  beneficiary_related_id bigint references related_persons (id),
  payee_name             text not null,
  bank_code              text not null check (bank_code ~ '^[A-Z]{2,10}$'),
  account_number         text not null check (account_number ~ '^[0-9]{6,20}$'),
  region_code            text not null,
  -- the first year's monthly pension (PP 45/2015 Pasal 17(1)a); later years are indexed by the run
  monthly_amount         bigint not null check (monthly_amount > 0),
  start_period           text not null check (start_period ~ '^[0-9]{4}-[0-9]{2}$'),
  -- the last month payable when known in advance (a child reaching the age limit)
  end_period             text check (end_period ~ '^[0-9]{4}-[0-9]{2}$'),
  status                 text not null default 'active' check (status in ('active','ended')),
  ended_reason           text,
  created_by             integer references users (id),
  created_at             timestamptz not null default now()
);
create index jp_pensions_participant_idx on jp_pensions (participant_id);

create table jp_pension_runs (
  period       text primary key check (period ~ '^[0-9]{4}-[0-9]{2}$'),
  status       text not null default 'running' check (status in ('running','done')),
  -- keyset watermark over jp_pensions.id: chunks below it are committed with their batches
  last_key     bigint not null default 0,
  payments     integer not null default 0,
  amount       bigint not null default 0,
  batches      integer not null default 0,
  started_by   integer references users (id),
  started_at   timestamptz not null default now(),
  finished_at  timestamptz
);

create table jp_pension_payments (
  id          bigserial primary key,
  pension_id  bigint not null references jp_pensions (id),
  period      text not null check (period ~ '^[0-9]{4}-[0-9]{2}$'),
  -- the run that wrote it (a pension whose first run comes late gets its missed months then)
  run_period  text not null references jp_pension_runs (period),
  amount      bigint not null check (amount > 0),
  -- the indexation factor applied to monthly_amount (exact decimal) and whether it used unconfirmed values
  factor      numeric not null,
  unconfirmed boolean not null default false,
  created_at  timestamptz not null default now(),
  unique (pension_id, period)
);

-- Two children each claim their own JP child pension on the same death: a live claim is one per
-- participant, benefit, kind, event date and payee.
drop index claims_one_live_idx;
create unique index claims_one_live_idx on claims (participant_id, benefit, coalesce(kind, ''), event_date,
  coalesce(payee_related_id, 0)) where status <> 'rejected';
