-- An agreement enrols people only while it runs: a person falls under it from the date they were
-- attributed (or started at an attributed employer), and only if that date is on or before the day
-- the agreement ends. People enrolled before the end stay counted; nobody is enrolled after it (issue 14).
create or replace view agreement_people as
select agreement_id, participant_id, min(attributed_on) as attributed_on
from (
  select am.agreement_id, am.participant_id, am.attributed_on
  from agreement_members am where am.participant_id is not null
  union all
  select am.agreement_id, m.participant_id, greatest(am.attributed_on, m.started_on)
  from agreement_members am join employments m on m.employer_id = am.employer_id
  where am.employer_id is not null and (m.ended_on is null or m.ended_on >= am.attributed_on)
) x
join agreements a on a.id = x.agreement_id
where a.ends_on is null or x.attributed_on <= a.ends_on
group by agreement_id, participant_id;
