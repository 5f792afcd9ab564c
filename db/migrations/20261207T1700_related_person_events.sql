-- Events that end a survivor's JP pension (issue 13, decision 0011; PP 45/2015, docs/rules-reference.md
-- §3.5): a widow's or widower's remarriage, a child's marriage or starting work, and the heir's death.
-- (A child's age limit is known in advance and stays jp_pensions.end_period.) The monthly pension run
-- pays up to the month of the event and stops from the month after. One event of each kind per person.
create table related_person_events (
  id                 bigserial primary key,
  related_person_id  bigint not null references related_persons (id),
  event              text not null check (event in ('remarriage','marriage','work','death')),
  event_date         date not null,
  note               text check (length(note) <= 500),
  created_by         integer references users (id),
  created_at         timestamptz not null default now(),
  unique (related_person_id, event)
);
