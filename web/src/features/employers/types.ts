export interface EmployerRow {
  id: number;
  npp: string;
  name: string;
  legal_form: string | null;
  sector: string | null;
  size_class: string | null;
  risk_class: number | null;
  province_code: string | null;
  province_name: string | null;
  regency_name: string | null;
  status: string;
  workers: number;
}

export interface Employer extends EmployerRow {
  village_code: string | null;
  village_name: string | null;
  branch_office: string | { id: number; name: string } | null;
  registered_on: string | null;
  memberships: Array<{ partner_id: number; name: string; acronym: string | null }>;
}

export interface EmployerWorker {
  participant_id: number;
  kpj: string;
  nik: string;
  full_name: string;
  started_on: string;
  wage: number | string | null;
}
