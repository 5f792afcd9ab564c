-- Agent commission paid through the shared disbursement tables (issue 18). One payment per agent and
-- commission run (the sum of the run's lines for that agent); it is the item the disbursement batches
-- pay (source 'agent_commission', item_id = this row's id). Unique per run and agent: a rerun or a
-- crash never pays an agent twice for one run. An agent without a complete bank account gets no row
-- until the account is known; the next batching of the run adds it.
create table agent_commission_payments (
  id          bigserial primary key,
  run_id      bigint not null references agent_commission_runs (id),
  agent_id    bigint not null references agents (id),
  lines       integer not null check (lines > 0),
  amount      bigint not null check (amount > 0),
  created_at  timestamptz not null default now(),
  unique (run_id, agent_id)
);
create index agent_commission_payments_agent_idx on agent_commission_payments (agent_id);
