/**
 * Shapes of the contributions API, generated from the server's response schemas
 * (src/modules/contributions/schemas.ts). Money is whole rupiah.
 */
import type { ApiAnswer, paths } from '../../api/types.ts';

export type PayerKind = NonNullable<
  paths['/api/payments']['post']['requestBody']
>['content']['application/json']['payer_kind'];

export type InvoiceRow = ApiAnswer<'/api/invoices'>['items'][number];
export type InvoiceDetail = ApiAnswer<'/api/invoices/{id}'>;
export type PendingWaiver = ApiAnswer<'/api/waivers'>['items'][number];
export type AgeingRow = ApiAnswer<'/api/arrears'>['items'][number];
export type WorklistRow = ApiAnswer<'/api/arrears/worklist'>['items'][number];
export type EmployerStatement = ApiAnswer<'/api/employers/{id}/statement'>;
export type ParticipantStatement = ApiAnswer<'/api/participants/{id}/statement'>;
export type StatusResponse = ApiAnswer<'/api/participants/{id}/status'>;
export type ActiveStatus = StatusResponse['status']['status'];

/**
 * The `result` of a finished bank-statement import job (payments.bank_statement); job results
 * are not described by a response schema, so this one is written by hand.
 */
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
