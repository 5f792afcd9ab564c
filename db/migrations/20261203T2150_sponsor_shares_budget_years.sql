-- Sponsors, right (issue 18): per-program shares, the budget-funded flag, budget years with ceilings,
-- top-ups and carry-over, and a notice before a budget runs out. docs/decisions/0014-regional-sponsors.md

-- A sponsor agreement may be budgeted per budget year (the APBD/APBDes year = calendar year) instead of,
-- or as well as, one ceiling over its whole life. Carry-over: money left at the end of this year is added
-- to the next year's (a regional budget usually cannot; a zakat fund usually can).
create table sponsor_budget_years (
  agreement_id  bigint not null references agreements (id),
  year          integer not null check (year between 2015 and 2100),
  ceiling       bigint not null check (ceiling >= 0),
  carry_over    boolean not null default false,
  reference     text,
  created_by    integer references users (id),
  created_at    timestamptz not null default now(),
  primary key (agreement_id, year)
);

-- A top-up (e.g. APBD-Perubahan) adds to one budget year's ceiling.
create table sponsor_budget_topups (
  id            bigserial primary key,
  agreement_id  bigint not null,
  year          integer not null,
  amount        bigint not null check (amount > 0),
  decided_on    date not null,
  reference     text,
  created_by    integer references users (id),
  created_at    timestamptz not null default now(),
  foreign key (agreement_id, year) references sponsor_budget_years (agreement_id, year)
);
create index sponsor_budget_topups_year_idx on sponsor_budget_topups (agreement_id, year);

-- Told before the money runs out: months left at this period's rate, once per agreement and period.
create table sponsor_budget_notices (
  agreement_id  bigint not null references agreements (id),
  period        text not null check (period ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  available     bigint not null,
  remaining     bigint not null,
  monthly_cost  bigint not null,
  months_left   integer not null,
  message_id    text not null,
  message_en    text not null,
  created_at    timestamptz not null default now(),
  primary key (agreement_id, period)
);

-- An agreement needs a per-period decision when it has a ceiling or budget years.
create or replace function billable_sponsorships(p_period text) returns setof sponsorships
language sql stable as $$
  select s.* from sponsorships s
  left join agreements a on a.id = s.agreement_id
  where s.from_period <= p_period and (s.to_period is null or s.to_period >= p_period)
    and ((a.budget_ceiling is null and not exists (select 1 from sponsor_budget_years y where y.agreement_id = a.id))
      or exists (
      select 1 from sponsorship_decisions d
      where d.period = p_period and d.sponsorship_id = s.id and d.status = 'billable'))
$$;

-- The share in percent each billable sponsorship pays of each of the participant's programs: the
-- agreement's sponsor_shares, or 100% of every enrolled program when the sponsorship has no agreement
-- or the agreement lists no shares (the behaviour before shares were applied).
create function sponsorship_shares(p_period text)
returns table (sponsorship_id bigint, participant_id bigint, partner_id integer, program text, pct numeric,
               budget_funded boolean)
language sql stable as $$
  select s.id, s.participant_id, s.partner_id, x.program, x.pct, s.budget_funded
  from billable_sponsorships(p_period) s
  join participants p on p.id = s.participant_id
  left join agreements a on a.id = s.agreement_id
  cross join lateral (
    select e.key as program, e.value::numeric as pct
    from jsonb_each_text(coalesce(a.sponsor_shares, '{}'::jsonb)) e where e.key = any(p.programs)
    union all
    select u.program, 100::numeric from unnest(p.programs) u(program)
    where coalesce(a.sponsor_shares, '{}'::jsonb) = '{}'::jsonb
  ) x
$$;
