-- JKK claim inputs beyond the history: months unable to work (STMB), disability percentages, capped
-- reimbursements claimed, and the time the employer reported the accident (the 2×24-hour rule).
alter table claims add column details jsonb not null default '{}';
alter table claims add column reported_at timestamptz;
