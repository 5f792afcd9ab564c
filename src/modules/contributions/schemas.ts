import { z } from 'zod';

// What the contribution routes answer (the OpenAPI document and web/src/api/schema.d.ts are made from
// these). Money is whole rupiah; dates 'YYYY-MM-DD', periods 'YYYY-MM'.

export const payerKindSchema = z.enum(['employer', 'participant', 'sponsor']);
export const activeStatusSchema = z.enum(['active', 'grace', 'inactive']);

/** An invoice as the lists show it, with what is still owed on it. */
export const invoiceRowSchema = z.object({
  id: z.number(),
  period: z.string(),
  payer_kind: z.string(),
  payer_id: z.number(),
  payer_number: z.string().nullable(),
  payer_name: z.string().nullable(),
  due_date: z.string(),
  amount: z.number(),
  adjustments: z.number(),
  paid: z.number(),
  /** open, partial or paid */
  status: z.string(),
  paid_at: z.string().nullable(),
  fines_owed: z.number(),
  outstanding: z.number(),
});

export const invoiceListSchema = z.object({ items: z.array(invoiceRowSchema), total: z.number() });

/** How the due date was found: the rule's deadline rolled past non-working days. */
export const dueExplanationSchema = z.object({
  period: z.string(),
  kind: z.string(),
  nominal: z.string(),
  due: z.string(),
  basis: z.enum(['PP 44/2015', 'PP 49/2020']),
  skipped: z.array(z.object({ date: z.string(), reason: z.string() })),
  /** Set when the deadline's year is outside the holiday file or marked unconfirmed there. */
  warning: z.string().optional(),
});

export const invoiceDetailSchema = z.object({
  invoice: invoiceRowSchema,
  due: dueExplanationSchema,
  lines: z.array(
    z.object({
      program: z.string(),
      payer: z.string(),
      for_period: z.string(),
      adjustment: z.boolean(),
      participants: z.number(),
      amount: z.number(),
    }),
  ),
  fines: z.array(
    z.object({
      id: z.number(),
      base: z.number(),
      amount: z.number(),
      paid: z.number(),
      month_no: z.number(),
      waived: z.boolean(),
      rate: z.string(),
    }),
  ),
  allocations: z.array(
    z.object({
      payment_id: z.number(),
      reference: z.string(),
      paid_on: z.string(),
      /** contribution or fine */
      target: z.string(),
      amount: z.number(),
    }),
  ),
  waivers: z.array(
    z.object({
      id: z.number(),
      fine_id: z.number(),
      reason: z.string(),
      status: z.string(),
      requested_by: z.string(),
    }),
  ),
});

/** A fine waiver asked for or decided (maker-checker). */
export const waiverSchema = z.object({
  id: z.number(),
  fine_id: z.number(),
  reason: z.string(),
  requested_by: z.number(),
  decided_by: z.number().nullable(),
  status: z.string(),
});

/** A waiver waiting for a decision, for the approval list; `requested_at` is WIB 'YYYY-MM-DD HH:MM'. */
export const pendingWaiverSchema = z.object({
  id: z.number(),
  fine_id: z.number(),
  invoice_id: z.number(),
  period: z.string(),
  payer_name: z.string().nullable(),
  amount: z.number(),
  reason: z.string(),
  requested_by: z.string(),
  requested_at: z.string(),
});

export const paymentResultSchema = z.object({
  payment: z.object({
    id: z.number(),
    reference: z.string(),
    payer_kind: z.string(),
    payer_id: z.number(),
    amount: z.number(),
    paid_on: z.string(),
    source: z.string(),
  }),
  /** False when the reference was already recorded with the same content (an idempotent repeat). */
  created: z.boolean(),
  allocations: z.array(
    z.object({
      payment_id: z.number(),
      invoice_id: z.number(),
      target: z.enum(['contribution', 'fine']),
      amount: z.number(),
      paid_on: z.string(),
    }),
  ),
  /** The payer's unallocated money after this payment. */
  credit: z.number(),
});

/** Arrears aged by days past due, per employer, branch, province or regency. */
export const ageingRowSchema = z.object({
  key: z.string(),
  name: z.string(),
  employers: z.number(),
  invoices: z.number(),
  current: z.number(),
  d1_30: z.number(),
  d31_60: z.number(),
  d61_90: z.number(),
  d90_plus: z.number(),
  fines: z.number(),
  total: z.number(),
});

export const worklistRowSchema = z.object({
  employer_id: z.number(),
  npp: z.string(),
  name: z.string(),
  village: z.string(),
  regency: z.string(),
  province: z.string(),
  branch_office: z.string().nullable(),
  contacts: z.array(z.string()),
  months_overdue: z.number(),
  oldest_due: z.string(),
  days_past_due: z.number(),
  overdue: z.number(),
  fines: z.number(),
  total: z.number(),
  last_payment_on: z.string().nullable(),
});

export const statusSpanSchema = z.object({
  from_period: z.string(),
  to_period: z.string(),
  status: activeStatusSchema,
});

export const participantStatementSchema = z.object({
  participant: z.object({
    id: z.number(),
    nik: z.string(),
    kpj: z.string(),
    full_name: z.string(),
    segment: z.string(),
    province_name: z.string(),
    regency_name: z.string(),
  }),
  as_of: z.string(),
  months: z.array(
    z.object({
      period: z.string(),
      lines: z.array(
        z.object({
          period: z.string(),
          program: z.string(),
          payer: z.string(),
          amount: z.number(),
          adjustment: z.boolean(),
          invoice_id: z.number(),
          invoice_status: z.string(),
          payer_kind: z.string(),
        }),
      ),
      total: z.number(),
      paid: z.boolean(),
      status: activeStatusSchema,
    }),
  ),
  status_spans: z.array(statusSpanSchema),
});

export const employerStatementSchema = z.object({
  employer: z.object({
    id: z.number(),
    npp: z.string(),
    name: z.string(),
    province_name: z.string(),
    regency_name: z.string(),
  }),
  invoices: z.array(
    z.object({
      id: z.number(),
      period: z.string(),
      due_date: z.string(),
      amount: z.number(),
      adjustments: z.number(),
      paid: z.number(),
      status: z.string(),
      paid_at: z.string().nullable(),
      fines: z.number(),
      fines_paid: z.number(),
      fines_waived: z.number(),
      outstanding: z.number(),
    }),
  ),
  payments: z.array(
    z.object({
      id: z.number(),
      reference: z.string(),
      paid_on: z.string(),
      amount: z.number(),
      source: z.string(),
      allocated: z.number(),
      unallocated: z.number(),
    }),
  ),
  credit: z.number(),
  owed: z.number(),
  /** Positive: the employer owes; negative: Lindung holds its money as credit. */
  balance: z.number(),
});

/** Whether a participant is active on a date (decision 0005). */
export const statusOnSchema = z.object({
  participant_id: z.number(),
  date: z.string(),
  period: z.string(),
  status: activeStatusSchema,
  active: z.boolean(),
  reason: z.string(),
  /** Until when a grace status holds without a payment. */
  grace_until: z.string().nullable(),
});

export const statusHistorySchema = z.object({
  participant_id: z.number(),
  as_of: z.string(),
  months: z.array(
    z.object({
      status: activeStatusSchema,
      reason: z.string(),
      grace_until: z.string().nullable(),
      period: z.string(),
      paid: z.boolean(),
      billed: z.boolean(),
      due: z.string().nullable(),
    }),
  ),
  spans: z.array(statusSpanSchema),
});

/** A billing run and how far it has come (`progress` 0–1). */
export const billingRunSchema = z.object({
  id: z.number(),
  period: z.string(),
  status: z.string(),
  phase: z.string(),
  last_key: z.number(),
  invoices: z.number(),
  lines: z.number(),
  started_at: z.date(),
  finished_at: z.date().nullable(),
  error: z.string().nullable(),
});
