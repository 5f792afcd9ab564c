-- DCI (Digital Convergence Initiative) Social Registry API: client systems, transactions,
-- subscriptions, registry events and the delivery outbox (docs/dci.md, docs/decisions/0012-…).

-- A client system (another ministry's, a regional government's, a programme's MIS). Its bearer
-- token is stored as a SHA-256 hash only; the token itself is printed once by `lindung dci clients add`.
create table dci_clients (
  id               serial primary key,
  -- the header.sender_id the client must use
  name             text not null unique check (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,98}$'),
  token_hash       text not null unique,
  -- operations granted: search, subscribe, match
  operations       text[] not null default '{search}',
  -- record field groups it may see: identifiers, name, sex, birth_date, address, employment, coverage
  fields           text[] not null default '{identifiers,coverage}',
  -- what is masked in what it sees: nik, name, birth_date
  masked           text[] not null default '{nik}',
  -- region codes (prefix match on domicile) it may see; empty = the whole registry
  region_codes     text[] not null default '{}',
  -- requests per minute
  rate_per_minute  integer not null default 60 check (rate_per_minute > 0),
  -- callback (sender_uri) prefixes it may be called back on; empty = no async operations
  callback_prefixes text[] not null default '{}',
  status           text not null default 'active' check (status in ('active','revoked')),
  created_at       timestamptz not null default now(),
  revoked_at       timestamptz
);

-- Requests counted per client and minute (the rate limit holds across server processes).
create table dci_rate_counters (
  client_id  integer not null references dci_clients (id),
  minute     timestamptz not null,
  n          integer not null,
  primary key (client_id, minute)
);

-- Every request that was accepted (ACK) or answered (sync), so txn/status can report it.
create table dci_transactions (
  id              bigserial primary key,
  client_id       integer not null references dci_clients (id),
  transaction_id  text not null,
  correlation_id  text not null unique,
  message_id      text not null,
  action          text not null check (action in ('search','subscribe','unsubscribe','txn-status')),
  mode            text not null check (mode in ('sync','async')),
  -- DCI status: rcvd (accepted, not processed), pdng, succ, rjct
  status          text not null check (status in ('rcvd','pdng','succ','rjct')),
  sender_uri      text,
  request         jsonb not null,
  -- the message of the answer (on-search, on-subscribe, …)
  response        jsonb,
  created_at      timestamptz not null default now(),
  completed_at    timestamptz
);
create index dci_transactions_client_txn_idx on dci_transactions (client_id, transaction_id);
create index dci_transactions_pending_idx on dci_transactions (id) where status = 'rcvd';

create table dci_subscriptions (
  id                 bigserial primary key,
  code               text not null unique,
  client_id          integer not null references dci_clients (id),
  -- REGISTER (registration), EXIT (end of employment), UPDATE (status change), DEATH (a reported death)
  reg_event_type     text not null check (reg_event_type in ('REGISTER','EXIT','UPDATE','DEATH')),
  filter             jsonb not null,
  notify_record_type text not null,
  notify_uri         text not null,
  status             text not null default 'subscribe' check (status in ('subscribe','unsubscribe')),
  transaction_id     bigint references dci_transactions (id),
  created_at         timestamptz not null default now(),
  ended_at           timestamptz
);
create index dci_subscriptions_active_idx on dci_subscriptions (reg_event_type) where status = 'subscribe';

-- Registry events, written by triggers (set-based, per statement) only while a subscription exists.
create table dci_events (
  id              bigserial primary key,
  event_type      text not null check (event_type in ('REGISTER','EXIT','UPDATE','DEATH')),
  participant_id  bigint not null references participants (id),
  detail          jsonb not null default '{}',
  occurred_at     timestamptz not null default now(),
  dispatched_at   timestamptz
);
create index dci_events_pending_idx on dci_events (id) where dispatched_at is null;

create function dci_events_from_participants() returns trigger language plpgsql as $$
begin
  if not exists (select 1 from dci_subscriptions where status = 'subscribe') then
    return null;
  end if;
  if tg_op = 'INSERT' then
    insert into dci_events (event_type, participant_id, detail)
      select 'REGISTER', n.id, jsonb_build_object('segment', n.segment) from new_rows n;
  else
    insert into dci_events (event_type, participant_id, detail)
      select 'UPDATE', n.id, jsonb_build_object('status_from', o.status, 'status_to', n.status)
      from new_rows n join old_rows o on o.id = n.id where o.status is distinct from n.status;
  end if;
  return null;
end $$;
create trigger dci_participants_insert after insert on participants
  referencing new table as new_rows for each statement execute function dci_events_from_participants();
create trigger dci_participants_update after update on participants
  referencing new table as new_rows old table as old_rows for each statement
  execute function dci_events_from_participants();

create function dci_events_from_employment() returns trigger language plpgsql as $$
begin
  if not exists (select 1 from dci_subscriptions where status = 'subscribe') then
    return null;
  end if;
  insert into dci_events (event_type, participant_id, detail)
    select 'EXIT', n.participant_id, jsonb_build_object('employer_id', n.employer_id, 'effective_on', n.effective_on)
    from new_rows n where n.kind = 'exit';
  return null;
end $$;
create trigger dci_employment_exit after insert on employment_events
  referencing new table as new_rows for each statement execute function dci_events_from_employment();

-- A death reported to the registry (the registry module's participant_deaths, reportDeath()).
create function dci_events_from_deaths() returns trigger language plpgsql as $$
begin
  if not exists (select 1 from dci_subscriptions where status = 'subscribe') then
    return null;
  end if;
  insert into dci_events (event_type, participant_id, detail)
    select 'DEATH', n.participant_id, jsonb_build_object('died_on', n.died_on)
    from new_rows n;
  return null;
end $$;
create trigger dci_participant_death after insert on participant_deaths
  referencing new table as new_rows for each statement execute function dci_events_from_deaths();

-- Outgoing callbacks (on-search, on-subscribe, …) and notify messages, delivered with retries.
create table dci_outbox (
  id               bigserial primary key,
  client_id        integer not null references dci_clients (id),
  kind             text not null check (kind in ('callback','notify')),
  url              text not null,
  payload          jsonb not null,
  transaction_id   bigint references dci_transactions (id),
  subscription_id  bigint references dci_subscriptions (id),
  event_id         bigint references dci_events (id),
  attempts         integer not null default 0,
  next_attempt_at  timestamptz not null default now(),
  delivered_at     timestamptz,
  failed_at        timestamptz,
  last_error       text,
  created_at       timestamptz not null default now(),
  unique (subscription_id, event_id)
);
create index dci_outbox_due_idx on dci_outbox (next_attempt_at) where delivered_at is null and failed_at is null;

-- A bulk NIK match (POST /api/dci/match, POST /api/match/coverage): the list the asker sent and, once
-- the dci.match job ran, the per-NIK answers. Only the asker reads it (the same client or user).
create table dci_matches (
  id           bigserial primary key,
  client_id    integer references dci_clients (id),
  user_id      integer references users (id),
  niks         text[] not null,
  job_id       bigint references jobs (id),
  as_of        date,
  summary      jsonb,
  results      jsonb,
  created_at   timestamptz not null default now(),
  finished_at  timestamptz,
  check ((client_id is null) <> (user_id is null))
);
create index dci_matches_client_idx on dci_matches (client_id) where client_id is not null;
create index dci_matches_user_idx on dci_matches (user_id) where user_id is not null;

-- External DCI registries Lindung queries as a client (screening lists from a social registry, a
-- regional government's list). The bearer token is never stored: `token_env` names the environment
-- variable that holds it in every process that runs the import job (decision 0012).
create table dci_remotes (
  id           serial primary key,
  name         text not null unique check (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,98}$'),
  base_url     text not null check (base_url ~ '^https?://'),
  sender_id    text not null,
  receiver_id  text,
  token_env    text not null check (token_env ~ '^[A-Z][A-Z0-9_]{0,99}$'),
  created_at   timestamptz not null default now()
);
