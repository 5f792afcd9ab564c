import { type RawBuilder, sql } from 'kysely';

/**
 * Village funds (dana desa) as a sponsor: a village partner may pay only for people who live in its
 * own village (participants.village_code = the partner's region_code) and are vulnerable workers (the
 * dana desa use reported for extreme-poor farmers, fishers and builders, docs/rules-reference.md §1.4). Anyone else
 * attributed to its agreement stays attributed but gets no sponsorship. docs/decisions/0014.
 * SQL condition on participants `p` for a sponsor partner of the given type and village.
 */
export function mayBeSponsoredBy(partnerType: string, partnerRegion: string | null): RawBuilder<boolean> {
  if (partnerType !== 'village') return sql<boolean>`true`;
  if (partnerRegion?.split('.').length !== 4) return sql<boolean>`false`;
  return sql<boolean>`(p.village_code = ${partnerRegion} and p.is_vulnerable)`;
}
