-- Administrative hierarchy (Kepmendagri 300.2.2-2138/2025), codes written with dots: 33.73.04.1001.
-- level: 1 province, 2 regency/city, 3 district, 4 village (desa/kelurahan).
create table regions (
  code        text primary key,
  parent_code text references regions (code),
  level       smallint not null check (level between 1 and 4),
  name        text not null,
  -- kabupaten | kota | kecamatan | desa | kelurahan | desa_adat | provinsi
  kind        text not null
);
create index regions_parent_idx on regions (parent_code);
create index regions_level_idx on regions (level);
create index regions_name_idx on regions (lower(name));

-- BPS Sakernas employed population per province and period, with its source.
create table workforce_baselines (
  province_code        text not null references regions (code),
  period               text not null check (period ~ '^\d{4}-(0[1-9]|1[0-2])$'),
  employed_population  bigint not null check (employed_population >= 0),
  formal_share_pct     numeric(5, 2),
  formal_count         bigint,
  informal_count       bigint,
  source_url           text not null,
  note                 text,
  primary key (province_code, period)
);

-- Provincial minimum wage (UMP), monthly rupiah; a few published values carry decimals.
create table minimum_wages (
  province_code text not null references regions (code),
  year          integer not null,
  ump_rupiah    numeric(14, 2) not null check (ump_rupiah > 0),
  source_url    text not null,
  note          text,
  primary key (province_code, year)
);

-- Published coverage and active-participant figures per province ('00' = national), with their denominators.
create table published_coverage (
  id                   serial primary key,
  code                 text not null,
  period               text not null,
  active_participants  bigint,
  coverage_pct         numeric(6, 2),
  denominator          text,
  denominator_value    bigint,
  target_pct           numeric(6, 2),
  source_url           text not null,
  note                 text
);
create index published_coverage_code_idx on published_coverage (code, period);

create table national_figures (
  id          serial primary key,
  metric      text not null,
  value       numeric not null,
  unit        text not null,
  period      text not null,
  source_url  text not null,
  note        text
);
