-- Which programs a participant is enrolled in (docs/rules-reference.md §1.2), in one place for single registrations,
-- imports and seeding alike:
--   PU at large/medium firms: JKK, JKM, JHT, JP, and JKP when under 54 at registration (JKN membership
--   is assumed: Lindung holds no JKN data). PU at small/micro firms: JP not required (staging); JKP applies.
--   Non-ASN government staff: JKK, JKM, JHT (Permenaker 1/2025 Pasal 3A).
--   BPU and PMI: JKK, JKM, JHT when chosen. Jakon: JKK, JKM.
create function enrolled_programs(segment text, employer_size text, age_at_registration integer,
                                  non_asn boolean, optional_jht boolean)
returns text[] language sql immutable as $$
  select case
    when segment = 'PU' and non_asn then array['JKK','JKM','JHT']
    when segment = 'PU' and employer_size in ('large','medium') then
      array['JKK','JKM','JHT','JP'] || case when age_at_registration < 54 then array['JKP'] else array[]::text[] end
    when segment = 'PU' then
      array['JKK','JKM','JHT'] || case when age_at_registration < 54 then array['JKP'] else array[]::text[] end
    when segment in ('BPU','PMI') and optional_jht then array['JKK','JKM','JHT']
    else array['JKK','JKM']
  end
$$;
