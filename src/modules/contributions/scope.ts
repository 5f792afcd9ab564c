import { type RawBuilder, sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { ForbiddenError, NotFoundError } from '../../platform/errors.ts';
import { type Actor, inScope, regionInScope, registryScope, type Scope } from '../access/policy.ts';
import type { PayerKind } from './allocation.ts';

/**
 * Who may see which invoices and payers. Same rules as the registry (access/policy.ts registryScope):
 * an employer its own bills, a partner the bills it pays as sponsor, a branch officer payers located in
 * its regions (employer and participant by village, sponsor by the partner's region), head office and
 * auditors everything, regional governments no payer-level data at all.
 */

/** A condition on invoices aliased `i` (payer_kind, payer_id). */
export function invoiceScope(scope: Scope, alias = 'i'): RawBuilder<boolean> {
  const kind = sql.ref(`${alias}.payer_kind`);
  const id = sql.ref(`${alias}.payer_id`);
  switch (scope.kind) {
    case 'all':
      return sql<boolean>`true`;
    case 'none':
      return sql<boolean>`false`;
    case 'employer':
      return sql<boolean>`(${kind} = 'employer' and ${id} = ${scope.employerId})`;
    case 'partner':
      return sql<boolean>`(${kind} = 'sponsor' and ${id} = ${scope.partnerId})`;
    case 'regions':
      // The payer row is inside the scope: an employer or a participant by its village, a sponsor by
      // the partner's region (a sponsor without a region is national: head office only).
      return sql<boolean>`(
        (${kind} = 'employer' and exists (select 1 from employers se where se.id = ${id}
           and ${inScope(scope, 'employer', 'se')}))
        or (${kind} = 'participant' and exists (select 1 from participants sp where sp.id = ${id}
           and ${inScope(scope, 'participant', 'sp')}))
        or (${kind} = 'sponsor' and exists (select 1 from partners sr where sr.id = ${id}
           and ${inScope(scope, 'village', sql.ref('sr.region_code'))})))`;
  }
}

export interface PayerInfo {
  kind: PayerKind;
  id: number;
  /** NPP, KPJ or the partner id as text: what a bank statement carries. */
  number: string;
  name: string;
  region_code: string | null;
}

/** The payer row, or undefined when it does not exist. */
export async function findPayer(db: Database, kind: PayerKind, id: number): Promise<PayerInfo | undefined> {
  const r = await sql<PayerInfo>`
    select ${kind}::text as kind, x.id, x.number, x.name, x.region_code from (
      select id, npp as number, name, village_code as region_code from employers where ${kind}::text = 'employer' and id = ${id}
      union all
      select id, kpj, full_name, village_code from participants where ${kind}::text = 'participant' and id = ${id}
      union all
      select id, id::text, name, region_code from partners where ${kind}::text = 'sponsor' and id = ${id}
    ) x`.execute(db);
  return r.rows[0];
}

/** The payer id behind a number on a bank statement (NPP, KPJ, partner id). */
export async function payerIdByNumber(
  db: Database,
  kind: PayerKind,
  number: string,
): Promise<number | undefined> {
  const q =
    kind === 'employer'
      ? sql<{ id: number }>`select id from employers where npp = ${number}`
      : kind === 'participant'
        ? sql<{ id: number }>`select id from participants where kpj = ${number}`
        : /^\d{1,9}$/.test(number)
          ? sql<{ id: number }>`select id from partners where id = ${Number(number)}`
          : undefined;
  if (!q) return undefined;
  return (await q.execute(db)).rows[0]?.id;
}

/** The payer, if the actor may see it; NotFound otherwise (no probing of who exists). */
export async function payerInScope(
  db: Database,
  actor: Actor,
  kind: PayerKind,
  id: number,
): Promise<PayerInfo> {
  const payer = await findPayer(db, kind, id);
  const notFound = new NotFoundError(`payer_id: pembayar ${kind} ${id} tidak ditemukan / payer not found`);
  if (!payer) throw notFound;
  const scope = registryScope(actor);
  if (scope.kind === 'all') return payer;
  if (scope.kind === 'none') throw new ForbiddenError();
  if (scope.kind === 'employer' && !(kind === 'employer' && id === scope.employerId)) throw notFound;
  if (scope.kind === 'partner' && !(kind === 'sponsor' && id === scope.partnerId)) throw notFound;
  if (scope.kind === 'regions' && !(payer.region_code && regionInScope(payer.region_code, scope.codes)))
    throw notFound;
  return payer;
}
