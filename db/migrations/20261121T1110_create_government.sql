-- Addressees of Presidential Instruction 2/2021 (docs/rules-reference.md §5) and the commitments and evidence they report.
create table gov_addressees (
  id           serial primary key,
  -- ministry | coordinating_ministry | agency | attorney_general | province | regency | city
  category     text not null check (category in
                 ('ministry','coordinating_ministry','agency','attorney_general','province','regency','city')),
  name         text not null,
  region_code  text references regions (code),
  source_url   text,
  note         text,
  unique (category, name)
);
create unique index gov_addressees_region_idx on gov_addressees (region_code) where region_code is not null;

-- One piece of evidence per row: kind names the criterion it supports (criteria JSON `evidence_kind`).
create table gov_commitments (
  id             bigserial primary key,
  addressee_id   integer not null references gov_addressees (id),
  kind           text not null check (kind in
                   ('regulation','budget','non_asn','village','licensing','innovation','other')),
  year           integer not null,
  title          text not null,
  -- regulation: issued | draft; others: reported | verified
  status         text not null default 'reported',
  amount_rupiah  bigint check (amount_rupiah is null or amount_rupiah >= 0),
  used_rupiah    bigint check (used_rupiah is null or used_rupiah >= 0),
  covered        bigint check (covered is null or covered >= 0),
  eligible       bigint check (eligible is null or eligible >= 0),
  share_pct      numeric(6, 2) check (share_pct is null or (share_pct >= 0 and share_pct <= 100)),
  evidence_url   text,
  note           text,
  synthetic      boolean not null default false,
  recorded_by    integer references users (id),
  recorded_at    timestamptz not null default now()
);
create index gov_commitments_addressee_idx on gov_commitments (addressee_id, kind);
