import { sql } from 'kysely';
import { type Clock, isoDate } from '../../platform/clock.ts';
import type { DbHandle } from '../../platform/db.ts';
import { recordAudit } from '../access/audit.ts';
import type { Actor } from '../access/policy.ts';
import { type ImportOptions, type ImportResult, importWorkers } from '../imports/actions.ts';
import { checkFraud, type FraudKind } from './fraud.ts';
import { sponsorMembers } from './members.ts';
import { getAgreement } from './queries.ts';
import { agreementScope, assertCanEnrol } from './scope.ts';

export interface AgreementImportResult extends ImportResult {
  agreementId: number;
  /** People newly attributed to the agreement by this import (accepted or already registered rows). */
  attributed: number;
  sponsored: number;
  newFlags: Record<FraudKind, number> | null;
}

/**
 * A member list imported under an agreement: the registry import does the work (checks, report,
 * idempotence); then every accepted or unchanged row is attributed to the agreement, sponsor agreements
 * sponsor their BPU members, and the fraud checks run. The job is tagged with the agreement and partner,
 * so the partner sees the people it brought in.
 */
export async function importUnderAgreement(
  h: DbHandle,
  agreementId: number,
  opts: ImportOptions,
  actor: Actor,
  clock: Clock,
): Promise<AgreementImportResult> {
  const { db } = h;
  const today = isoDate(clock.now());
  const a = await getAgreement(db, agreementScope(actor), today, { id: agreementId });
  assertCanEnrol(actor, a.partner_id);
  const r = await importWorkers(h, opts, actor, clock);
  if (r.dryRun || r.importId === null)
    return { ...r, agreementId: a.id, attributed: 0, sponsored: 0, newFlags: null };
  const importId = r.importId;
  const attributed = await db.transaction().execute(async (trx) => {
    // A job already tagged (the same file imported under another agreement) keeps its first agreement.
    await trx
      .updateTable('import_jobs')
      .set({ agreement_id: a.id, partner_id: a.partner_id })
      .where('id', '=', importId)
      .where('agreement_id', 'is', null)
      .execute();
    const ins = await sql`
      insert into agreement_members (agreement_id, participant_id, attributed_on, via, import_id, officer_id)
      select ${a.id}, r.participant_id, ${today}::date, 'import', ${importId}, ${actor.userId}
      from import_rows r where r.import_id = ${importId} and r.status in ('accepted', 'unchanged')
        and r.participant_id is not null
      order by r.line
      on conflict (agreement_id, participant_id) where participant_id is not null do nothing`.execute(trx);
    const n = Number(ins.numAffectedRows ?? 0n);
    await recordAudit(trx, actor, 'import', 'agreement', String(a.id), null, {
      import_id: importId,
      attributed: n,
    });
    return n;
  });
  const sponsored = a.payer === 'sponsor' ? await sponsorMembers(db, a, today) : 0;
  const newFlags = await checkFraud(db, { agreementId: a.id });
  return { ...r, agreementId: a.id, attributed, sponsored, newFlags };
}
