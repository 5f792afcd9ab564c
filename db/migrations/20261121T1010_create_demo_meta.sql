-- What `lindung demo seed` generated: a synthetic national sample at 1:scale_denominator.
-- One row at most (the boolean key can only be true); absent when the data are not a demo sample.
-- Every page that shows demo data reads this to say "synthetic sample, scale 1:N".
create table demo_meta (
  id                 boolean primary key default true check (id),
  scale_denominator  integer not null check (scale_denominator >= 1),
  participants       bigint not null,
  employers          bigint not null,
  seeded_at          timestamptz not null default now(),
  -- 'YYYY-MM': the month the sample describes (wages use that year's minimum wage)
  reference_period   text not null check (reference_period ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  seed               integer not null
);
