-- Issue 12: every job and every write records the person who caused it. A billing run names who started
-- it; its invoices name the run (run_id) and its lines their invoice, so every billed row leads to that
-- person. Fines name who assessed them (the billing run's starter, a head-office user, or the nightly
-- schedule). The JHT development and the registry quality runs name their starter too, and the JP pension
-- run its starter's name. A schedule or the CLI has no user id: the name says which (jadwal:…, cli:…).
alter table billing_runs
  add column started_by integer references users (id),
  add column started_by_name text;
alter table fines
  add column created_by integer references users (id),
  add column created_by_name text;
alter table jht_development_runs
  add column started_by integer references users (id),
  add column started_by_name text;
alter table quality_runs
  add column started_by integer references users (id),
  add column started_by_name text;
alter table jp_pension_runs
  add column started_by_name text;
