export interface ParticipantRow {
  id: number;
  nik: string;
  kpj: string;
  full_name: string;
  birth_date: string;
  sex: 'M' | 'F';
  segment: string;
  province_name: string | null;
  status: string;
  /** Set when this record was merged: the id of the record that survives it. */
  merged_into?: number | null;
}

export interface Participant extends ParticipantRow {
  village_code: string | null;
  village_name: string | null;
  regency_name: string | null;
  phone: string | null;
  programs: string[];
  is_non_asn: boolean;
  is_vulnerable: boolean;
  registered_on: string | null;
}

export interface Employment {
  employer_id: number;
  npp: string;
  employer_name: string;
  started_on: string;
  ended_on: string | null;
  wage: number | string | null;
}

export interface ParticipantEvent {
  kind: string;
  effective_on: string;
  wage: number | string | null;
  employer_name: string | null;
}
