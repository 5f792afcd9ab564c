export interface RegionChild {
  code: string;
  name: string;
  level: number;
  kind: string | null;
  participants: number;
  employers: number;
}

export interface RegionsResponse {
  region: { code: string; name: string; level: number; kind: string | null } | null;
  path: Array<{ code: string; name: string; level: number }>;
  children: RegionChild[];
  workforce?: {
    employed_population: number;
    formal_share_pct: number | string;
    period: string;
    source_url: string;
  } | null;
  minimum_wage?: { year: number; ump_rupiah: number | string; source_url: string } | null;
}
