import type { Database } from '../../platform/db.ts';
import type { Actor } from '../access/policy.ts';
import { type BankResultSummary, importResults } from '../disbursement/results.ts';
import { assertHeadOffice } from './scope.ts';

export type { BankResultSummary, RowError } from '../disbursement/results.ts';

/**
 * Imports a bank's result file for wage-subsidy payments (CSV/XLSX: reference, status, paid_on?,
 * amount?, note?) through the shared disbursement import (src/modules/disbursement/results.ts).
 */
export async function importBankResults(
  db: Database,
  actor: Actor,
  file: string,
  fileName = file,
): Promise<BankResultSummary> {
  assertHeadOffice(actor);
  return importResults(
    db,
    actor,
    { payments: 'subsidy_payments', imports: 'subsidy_bank_results', auditEntity: 'subsidy_bank_result' },
    file,
    fileName,
  );
}
