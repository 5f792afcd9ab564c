-- Users, sessions and the append-only audit log.
create table branch_offices (
  id            serial primary key,
  code          text not null unique,
  name          text not null,
  province_code text not null references regions (code),
  regency_code  text references regions (code)
);

create table users (
  id             serial primary key,
  username       text not null unique,
  password_hash  text not null,
  full_name      text not null,
  -- admin | branch_officer | employer | partner | regional_government | auditor
  role           text not null check (role in ('admin','branch_officer','employer','partner','regional_government','auditor')),
  -- branch officers and regional governments see these regions (and everything below them)
  region_codes   text[] not null default '{}',
  employer_id    bigint,
  partner_id     integer,
  locale         text not null default 'id' check (locale in ('id','en')),
  active         boolean not null default true,
  created_at     timestamptz not null default now()
);

create table sessions (
  token_hash  text primary key,
  user_id     integer not null references users (id),
  created_at  timestamptz not null default now(),
  expires_at  timestamptz not null
);
create index sessions_user_idx on sessions (user_id);

create table audit_log (
  id         bigserial primary key,
  at         timestamptz not null default now(),
  user_id    integer references users (id),
  actor      text not null,
  action     text not null,
  entity     text not null,
  entity_id  text,
  before     jsonb,
  after      jsonb
);
create index audit_log_entity_idx on audit_log (entity, entity_id);

-- Append-only: no row of the audit log may be changed or removed, whoever asks.
create function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end $$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_is_append_only();
