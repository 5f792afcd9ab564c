-- Partners (associations, ministries, regional governments, …); the partnerships module extends this.
create table partners (
  id            serial primary key,
  name          text not null,
  acronym       text,
  -- association | ministry | regional_government | village | cooperative | zakat | company | chamber
  type          text not null,
  sector        text,
  region_code   text references regions (code),
  source_url    text,
  note          text,
  created_at    timestamptz not null default now(),
  unique (name)
);

-- Employers (badan usaha / pemberi kerja), identified by their registration number (NPP).
create table employers (
  id               bigserial primary key,
  npp              text not null unique check (npp ~ '^[0-9A-Z]{8,12}$'),
  name             text not null,
  legal_form       text not null,   -- PT | CV | Firma | Koperasi | Yayasan | Perorangan | BUMN | BUMD | Instansi
  sector           text not null,
  size_class       text not null check (size_class in ('micro','small','medium','large')),
  risk_class       smallint not null check (risk_class between 1 and 5),
  village_code     text not null references regions (code),
  regency_code     text not null references regions (code),
  province_code    text not null references regions (code),
  branch_office_id integer references branch_offices (id),
  is_state_body    boolean not null default false,
  status           text not null default 'active' check (status in ('active','inactive','closed')),
  registered_on    date not null,
  created_at       timestamptz not null default now()
);
create index employers_province_idx on employers (province_code);
create index employers_regency_idx on employers (regency_code);
create index employers_branch_idx on employers (branch_office_id);
create index employers_name_idx on employers (lower(name) text_pattern_ops);

create table employer_memberships (
  employer_id  bigint not null references employers (id),
  partner_id   integer not null references partners (id),
  since        date,
  primary key (employer_id, partner_id)
);
create index employer_memberships_partner_idx on employer_memberships (partner_id);

-- KPJ (participant number): 11 digits from this sequence. NPP (employer number): 8 digits from its own.
create sequence kpj_seq start 10000001;
create sequence npp_seq start 10000001;

-- Participants. NIK is text (leading zeros, never arithmetic). KPJ is the participant number.
create table participants (
  id               bigserial primary key,
  nik              text not null unique check (nik ~ '^[0-9]{16}$'),
  kpj              text not null unique,
  full_name        text not null,
  birth_date       date not null,
  sex              char(1) not null check (sex in ('M','F')),
  village_code     text not null references regions (code),
  regency_code     text not null references regions (code),
  province_code    text not null references regions (code),
  phone            text,
  segment          text not null check (segment in ('PU','BPU','JAKON','PMI')),
  -- programs currently enrolled, derived from segment and employer size (docs/rules-reference.md §1.2)
  programs         text[] not null,
  is_non_asn       boolean not null default false,
  is_vulnerable    boolean not null default false,
  registered_on    date not null,
  status           text not null default 'active' check (status in ('active','inactive','closed')),
  import_id        bigint,
  created_at       timestamptz not null default now()
);
create index participants_province_idx on participants (province_code, segment);
create index participants_regency_idx on participants (regency_code);
create index participants_name_idx on participants (lower(full_name) text_pattern_ops);

-- Employment as events: hire, wage change, exit. The wage on any date is the latest event on or before it.
create table employment_events (
  id              bigserial primary key,
  participant_id  bigint not null references participants (id),
  employer_id     bigint not null references employers (id),
  kind            text not null check (kind in ('hire','wage_change','exit')),
  effective_on    date not null,
  wage            bigint check (wage is null or wage >= 0),
  reported_at     timestamptz not null default now(),
  import_id       bigint,
  check ((kind = 'exit') = (wage is null))
);
create index employment_events_participant_idx on employment_events (participant_id, effective_on);
create index employment_events_employer_idx on employment_events (employer_id);

-- Current employment per (participant, employer), maintained with the events for fast reads and billing.
create table employments (
  participant_id  bigint not null references participants (id),
  employer_id     bigint not null references employers (id),
  started_on      date not null,
  ended_on        date,
  wage            bigint not null check (wage >= 0),
  primary key (participant_id, employer_id, started_on)
);
create index employments_employer_idx on employments (employer_id) where ended_on is null;
create unique index employments_one_open_idx on employments (participant_id, employer_id) where ended_on is null;
