/**
 * Lindung's own zod schemas for the DCI Social Registry v1.0.0 messages it accepts. Written from the
 * spec's field list (not copied from it): what Lindung needs is required, the rest passes through.
 */
import { z } from 'zod';

const text = (max = 999) => z.string().max(max);
const ts = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'waktu ISO 8601 / ISO 8601 date-time');

export const headerSchema = z.looseObject({
  version: z.string().optional(),
  message_id: text(99).min(1),
  message_ts: ts,
  action: z.string().min(1),
  sender_id: text(99).min(1),
  sender_uri: z.string().optional(),
  receiver_id: z.string().optional(),
  total_count: z.number().int().nonnegative(),
  is_msg_encrypted: z.boolean().optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
});

export function envelopeSchema<M extends z.ZodType>(action: string, message: M) {
  return z.object({
    signature: z.string().optional(),
    header: headerSchema.refine((h) => h.action === action, {
      message: `header.action harus "${action}" / must be "${action}"`,
      path: ['action'],
    }),
    message,
  });
}

const pagination = z.object({ page_size: z.number(), page_number: z.number().optional() }).optional();

const idTypeValueQuery = z.object({ type: z.string().min(1), value: z.union([z.string(), z.number()]) });
const expressionQuery = z.object({
  type: z.string().optional(),
  value: z.object({ expression: z.looseObject({ collection: z.string().optional(), query: z.unknown() }) }),
});
const predicateOperand = z.object({
  attribute_name: z.string().min(1),
  operator: z.string().min(1),
  attribute_value: z.unknown(),
});
const predicateQuery = z.array(
  z.object({
    seq_num: z.number().optional(),
    expression1: predicateOperand,
    condition: z.enum(['and', 'or', 'not']).optional(),
    expression2: predicateOperand.optional(),
  }),
);

export const searchCriteriaSchema = z.discriminatedUnion('query_type', [
  z.looseObject({ query_type: z.literal('idtype-value'), query: idTypeValueQuery, pagination }),
  z.looseObject({ query_type: z.literal('expression'), query: expressionQuery, pagination }),
  z.looseObject({ query_type: z.literal('predicate'), query: predicateQuery, pagination }),
]);
export type SearchCriteria = z.infer<typeof searchCriteriaSchema>;

export const searchRequestItem = z.looseObject({
  reference_id: text(99).min(1),
  timestamp: ts,
  search_criteria: searchCriteriaSchema,
  locale: z.string().optional(),
});

export const searchMessage = z.object({
  transaction_id: text(99).min(1),
  search_request: z.array(searchRequestItem).min(1).max(50),
});
export type SearchMessage = z.infer<typeof searchMessage>;

export const subscribeMessage = z.object({
  transaction_id: text(99).min(1),
  subscribe_request: z
    .array(
      z.looseObject({
        reference_id: text(99).min(1),
        timestamp: ts,
        subscribe_criteria: z.looseObject({
          reg_event_type: z.string().min(1),
          filter_type: z.string().optional(),
          filter: z.union([z.looseObject({}), z.array(z.unknown())]),
          notify_record_type: z.string().min(1),
        }),
      }),
    )
    .min(1)
    .max(50),
});
export type SubscribeMessage = z.infer<typeof subscribeMessage>;

export const unsubscribeMessage = z.object({
  transaction_id: text(99).min(1),
  timestamp: ts,
  subscription_codes: z.array(text(99)).min(1).max(100),
});
export type UnsubscribeMessage = z.infer<typeof unsubscribeMessage>;

export const txnStatusMessage = z.object({
  transaction_id: text(99).min(1),
  txnstatus_request: z.object({
    reference_id: text(99).min(1),
    txn_type: z.enum(['search', 'subscribe', 'receipt']),
    attribute_type: z.enum(['transaction_id', 'reference_id_list', 'correlation_id']),
    attribute_value: z.union([text(99), z.array(text(99)).max(100)]),
    locale: z.string().optional(),
  }),
});
export type TxnStatusMessage = z.infer<typeof txnStatusMessage>;

export const searchEnvelope = envelopeSchema('search', searchMessage);
export const subscribeEnvelope = envelopeSchema('subscribe', subscribeMessage);
export const unsubscribeEnvelope = envelopeSchema('unsubscribe', unsubscribeMessage);
export const txnStatusEnvelope = envelopeSchema('txn-status', txnStatusMessage);
export type Header = z.infer<typeof headerSchema>;

/** A bulk match request: a list of NIKs (at most 50,000 per request). */
export const matchBody = z.object({ niks: z.array(z.string()).min(1).max(50_000) });

/** zod issues as one readable line. */
export function issuesLine(e: z.ZodError): string {
  return e.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}
