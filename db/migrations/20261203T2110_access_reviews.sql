-- Issue 12 (docs/decisions/0010-access-policy.md): the branch office review queue, session idle timeout,
-- and an audit log that TRUNCATE cannot empty.

-- What a role that may not read a person asked for, and the detail it was not told: partner enrolment
-- requests (confirmed by a branch officer) and registrations of a NIK already registered outside the
-- asker's scope. Routed to the branch office of region_code (the person's village, or the NIK's district).
create table access_reviews (
  id             bigserial primary key,
  kind           text not null check (kind in ('enrolment_request', 'registered_elsewhere')),
  status         text not null default 'open' check (status in ('open', 'confirmed', 'rejected')),
  region_code    text not null,
  nik            text,
  participant_id bigint references participants (id),
  agreement_id   bigint references agreements (id),
  employer_id    bigint references employers (id),
  requested_by   integer references users (id),
  requested_at   timestamptz not null default now(),
  detail         jsonb not null default '{}',
  decided_by     integer references users (id),
  decided_at     timestamptz,
  decision_note  text
);
create index access_reviews_open_idx on access_reviews (status, region_code);

-- Idle timeout: the last time a session was used.
alter table sessions add column last_seen_at timestamptz not null default now();
create index sessions_expires_idx on sessions (expires_at);

-- TRUNCATE skips row triggers: a statement trigger refuses it on every path.
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_is_append_only();
