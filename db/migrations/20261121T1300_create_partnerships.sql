-- Partnerships: agreements (MoU, PKS, addenda) with partners, who they enrolled (attribution), sponsored
-- contributions within a budget ceiling, outreach (campaigns, visits) and fraud flags for review.
-- docs/decisions/0006-partnerships.md

-- Partners: contacts, and whether the row was invented by the demo seed.
-- type: association | chamber | ministry | regional_government | local_government_association | village
--       | cooperative | zakat | company
alter table partners add column contact_name text;
alter table partners add column contact_email text;
alter table partners add column contact_phone text;
alter table partners add column synthetic boolean not null default false;

-- An agreement. `state` is what people decided (draft, active, terminated, renewed); the status shown
-- (expiring within 90 days, expired) is computed from the dates (partnerships/rules.ts).
create table agreements (
  id                 bigserial primary key,
  number             text not null unique,
  kind               text not null check (kind in ('mou','pks','addendum')),
  title              text not null,
  partner_id         integer not null references partners (id),
  -- an addendum amends its parent; a renewal continues it
  parent_id          bigint references agreements (id),
  parent_relation    text check (parent_relation in ('addendum','renewal')),
  signed_on          date,
  -- day | reported (the date a news item reported, signing was earlier) | month | year
  signed_precision   text not null default 'day' check (signed_precision in ('day','reported','month','year')),
  starts_on          date not null,
  ends_on            date,
  state              text not null default 'draft' check (state in ('draft','active','terminated','renewed')),
  terminated_on      date,
  termination_reason text,
  -- scope: empty array = no restriction
  segments           text[] not null default '{}',
  programs           text[] not null default '{}',
  region_codes       text[] not null default '{}',
  -- member companies of the partner (all) or only the employers attributed to the agreement (listed)
  member_companies   text not null default 'all' check (member_companies in ('all','listed','none')),
  -- worker groups, e.g. non_asn, vulnerable, rt_rw, posyandu, linmas, religious, honorary_teacher, umkm
  worker_groups      text[] not null default '{}',
  target_people      integer check (target_people is null or target_people > 0),
  target_by          date,
  -- who pays the contributions of the people enrolled under the agreement
  payer              text not null default 'employer' check (payer in ('employer','participant','sponsor')),
  -- sponsor's share per program in percent, e.g. {"JKK":100,"JKM":100}; only when payer = sponsor
  sponsor_shares     jsonb not null default '{}',
  -- total rupiah the sponsor committed over the agreement; null = no ceiling
  budget_ceiling     bigint check (budget_ceiling is null or budget_ceiling >= 0),
  source_url         text,
  note               text,
  synthetic          boolean not null default false,
  created_by         integer references users (id),
  created_at         timestamptz not null default now(),
  check (ends_on is null or ends_on >= starts_on),
  check ((parent_id is null) = (parent_relation is null))
);
create index agreements_partner_idx on agreements (partner_id);
create index agreements_parent_idx on agreements (parent_id);

-- Referral codes handed to agents, officers or whole campaigns; a registration quoting one is
-- attributed to its agreement.
create table referral_codes (
  code          text primary key check (code ~ '^[A-Z0-9-]{4,32}$'),
  agreement_id  bigint not null references agreements (id),
  agent_name    text,
  officer_id    integer references users (id),
  created_at    timestamptz not null default now()
);
create index referral_codes_agreement_idx on referral_codes (agreement_id);

-- Attribution: a participant or an employer registered under an agreement, how and when.
create table agreement_members (
  id             bigserial primary key,
  agreement_id   bigint not null references agreements (id),
  participant_id bigint references participants (id),
  employer_id    bigint references employers (id),
  attributed_on  date not null,
  via            text not null check (via in ('import','referral','officer','membership')),
  import_id      bigint references import_jobs (id),
  referral_code  text references referral_codes (code),
  officer_id     integer references users (id),
  created_at     timestamptz not null default now(),
  check ((participant_id is null) <> (employer_id is null))
);
create unique index agreement_members_participant_uq on agreement_members (agreement_id, participant_id)
  where participant_id is not null;
create unique index agreement_members_employer_uq on agreement_members (agreement_id, employer_id)
  where employer_id is not null;
create index agreement_members_participant_idx on agreement_members (participant_id);
create index agreement_members_employer_idx on agreement_members (employer_id);

-- The people of an agreement: attributed directly, or working (then or since) at an attributed employer.
-- A person counts once, from the earliest date they fall under the agreement.
create view agreement_people as
select agreement_id, participant_id, min(attributed_on) as attributed_on
from (
  select am.agreement_id, am.participant_id, am.attributed_on
  from agreement_members am where am.participant_id is not null
  union all
  select am.agreement_id, m.participant_id, greatest(am.attributed_on, m.started_on)
  from agreement_members am join employments m on m.employer_id = am.employer_id
  where am.employer_id is not null and (m.ended_on is null or m.ended_on >= am.attributed_on)
) x
group by agreement_id, participant_id;

alter table import_jobs add column agreement_id bigint references agreements (id);
-- The burst checks group imported people by their import; without this they would scan the registry.
create index participants_import_idx on participants (import_id) where import_id is not null;
alter table sponsorships add column agreement_id bigint references agreements (id);
create index sponsorships_agreement_idx on sponsorships (agreement_id);

-- The budget-ceiling decision per sponsorship and period, made once before the period is billed
-- (partnerships/budget.ts): billable, or over_budget (then the participant is billed as a self-payer
-- and notified). Only sponsorships under an agreement with a ceiling get a row.
create table sponsorship_decisions (
  period          text not null check (period ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  sponsorship_id  bigint not null references sponsorships (id),
  participant_id  bigint not null references participants (id),
  agreement_id    bigint not null references agreements (id),
  status          text not null check (status in ('billable','over_budget')),
  cost            bigint not null check (cost >= 0),
  decided_at      timestamptz not null default now(),
  primary key (period, sponsorship_id)
);
create index sponsorship_decisions_agreement_idx on sponsorship_decisions (agreement_id, period);

-- The sponsorships the billing run bills to the sponsor in a period. A sponsorship under an agreement
-- with a budget ceiling needs a 'billable' decision for the period; without one it is not billed to the
-- sponsor (it would exceed a ceiling nobody checked).
create function billable_sponsorships(p_period text) returns setof sponsorships
language sql stable as $$
  select s.* from sponsorships s
  left join agreements a on a.id = s.agreement_id
  where s.from_period <= p_period and (s.to_period is null or s.to_period >= p_period)
    and (a.budget_ceiling is null or exists (
      select 1 from sponsorship_decisions d
      where d.period = p_period and d.sponsorship_id = s.id and d.status = 'billable'))
$$;

-- What a participant or partner was told, so "notified" is a fact on file rather than a hope.
create table sponsorship_notices (
  id             bigserial primary key,
  kind           text not null check (kind in ('sponsorship_suspended')),
  participant_id bigint not null references participants (id),
  agreement_id   bigint not null references agreements (id),
  period         text not null,
  message_id     text not null,
  message_en     text not null,
  created_at     timestamptz not null default now(),
  unique (kind, participant_id, agreement_id, period)
);

-- Outreach: campaigns (socialisation, promotion, education) and door-to-door visits.
create table outreach_campaigns (
  id            bigserial primary key,
  kind          text not null check (kind in ('socialisation','promotion','education')),
  title         text not null,
  agreement_id  bigint references agreements (id),
  region_code   text not null references regions (code),
  held_on       date not null,
  reached       integer not null default 0 check (reached >= 0),
  note          text,
  synthetic     boolean not null default false,
  created_by    integer references users (id),
  created_at    timestamptz not null default now()
);
create index outreach_campaigns_agreement_idx on outreach_campaigns (agreement_id);

create table outreach_visits (
  id            bigserial primary key,
  officer_id    integer references users (id),
  agent_name    text,
  region_code   text not null references regions (code),
  visited_on    date not null,
  reached       integer not null default 0 check (reached >= 0),
  agreement_id  bigint references agreements (id),
  campaign_id   bigint references outreach_campaigns (id),
  note          text,
  synthetic     boolean not null default false,
  created_by    integer references users (id),
  created_at    timestamptz not null default now(),
  check (officer_id is not null or agent_name is not null)
);
create index outreach_visits_agreement_idx on outreach_visits (agreement_id);

-- Registrations that followed a campaign or a visit.
create table outreach_registrations (
  id             bigserial primary key,
  participant_id bigint not null references participants (id),
  campaign_id    bigint references outreach_campaigns (id),
  visit_id       bigint references outreach_visits (id),
  registered_on  date not null,
  check (num_nonnulls(campaign_id, visit_id) = 1)
);
create unique index outreach_registrations_campaign_uq on outreach_registrations (campaign_id, participant_id)
  where campaign_id is not null;
create unique index outreach_registrations_visit_uq on outreach_registrations (visit_id, participant_id)
  where visit_id is not null;
create index outreach_registrations_participant_idx on outreach_registrations (participant_id);

-- Suspicious patterns for a person to review: flagged, never silently accepted or dropped.
-- One flag per (kind, subject): re-running the checks finds the same flag and leaves its review alone.
create table fraud_flags (
  id             bigserial primary key,
  kind           text not null check (kind in
                   ('nik_two_sponsors','enrolled_after_end','burst_sequential_nik','burst_shared_phone')),
  subject        text not null,
  agreement_id   bigint references agreements (id),
  participant_id bigint references participants (id),
  evidence       jsonb not null,
  status         text not null default 'open' check (status in ('open','cleared','confirmed')),
  found_at       timestamptz not null default now(),
  reviewed_by    integer references users (id),
  reviewed_at    timestamptz,
  review_note    text,
  unique (kind, subject)
);
create index fraud_flags_agreement_idx on fraud_flags (agreement_id);
create index fraud_flags_status_idx on fraud_flags (status, kind);
