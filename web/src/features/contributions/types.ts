/** Shapes of the contributions API (src/modules/contributions/*). Money is whole rupiah. */
export type PayerKind = 'employer' | 'participant' | 'sponsor';

export interface InvoiceRow {
  id: number;
  period: string;
  payer_kind: PayerKind;
  payer_id: number;
  payer_number: string | null;
  payer_name: string | null;
  due_date: string;
  amount: number;
  adjustments: number;
  paid: number;
  status: 'open' | 'partial' | 'paid';
  paid_at: string | null;
  fines_owed: number;
  outstanding: number;
}

export interface InvoiceDetail {
  invoice: InvoiceRow;
  due: {
    nominal: string;
    due: string;
    basis: string;
    skipped: Array<{ date: string; reason: string }>;
    warning?: string;
  };
  lines: Array<{
    program: string;
    payer: string;
    for_period: string;
    adjustment: boolean;
    participants: number;
    amount: number;
  }>;
  fines: Array<{
    id: number;
    month_no: number;
    base: number;
    rate: string;
    amount: number;
    paid: number;
    waived: boolean;
  }>;
  allocations: Array<{
    payment_id: number;
    reference: string;
    paid_on: string;
    target: 'contribution' | 'fine';
    amount: number;
  }>;
  waivers: Array<{ id: number; fine_id: number; reason: string; status: string; requested_by: string }>;
}

export interface PendingWaiver {
  id: number;
  fine_id: number;
  invoice_id: number;
  period: string;
  payer_name: string | null;
  amount: number;
  reason: string;
  requested_by: string;
  requested_at: string;
}

export interface AgeingRow {
  key: string;
  name: string;
  employers: number;
  invoices: number;
  current: number;
  d1_30: number;
  d31_60: number;
  d61_90: number;
  d90_plus: number;
  fines: number;
  total: number;
}

export interface WorklistRow {
  employer_id: number;
  npp: string;
  name: string;
  village: string;
  regency: string;
  province: string;
  branch_office: string | null;
  contacts: string[];
  months_overdue: number;
  oldest_due: string;
  days_past_due: number;
  overdue: number;
  fines: number;
  total: number;
  last_payment_on: string | null;
}

export interface BankImportResult {
  total: number;
  recorded: number;
  unchanged: number;
  rejected: number;
  errors: Array<{
    line: number;
    column: string;
    code: string;
    message_id: string;
    message_en: string;
    value: string | null;
  }>;
}

export type ActiveStatus = 'active' | 'grace' | 'inactive';

export interface EmployerStatement {
  employer: { id: number; npp: string; name: string; province_name: string; regency_name: string };
  invoices: Array<InvoiceRow & { fines: number; fines_paid: number; fines_waived: number }>;
  payments: Array<{
    id: number;
    reference: string;
    paid_on: string;
    amount: number;
    source: string;
    allocated: number;
    unallocated: number;
  }>;
  credit: number;
  owed: number;
  balance: number;
}

export interface ParticipantStatement {
  participant: { id: number; nik: string; kpj: string; full_name: string; segment: string };
  as_of: string;
  months: Array<{
    period: string;
    total: number;
    paid: boolean;
    status: ActiveStatus;
    lines: Array<{ program: string; payer: string; amount: number; adjustment: boolean; invoice_id: number }>;
  }>;
}

export interface StatusResponse {
  status: { status: ActiveStatus; reason: string; grace_until: string | null; date: string };
}
