import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { ValidationError } from '../../platform/errors.ts';
import { recordAudit } from '../access/audit.ts';
import { type Actor, assertCan, assertInScope } from '../access/policy.ts';
import { villageExists } from '../regions/queries.ts';
import type { SizeClass } from '../workers/rules.ts';

export interface NewEmployer {
  name: string;
  legal_form: string;
  sector: string;
  size_class: SizeClass;
  risk_class: number;
  village_code: string;
  branch_office_id?: number | null;
  is_state_body?: boolean;
  registered_on: string;
  association_ids?: number[];
}

/** Registers an employer; the NPP comes from the agency's sequence. */
export async function registerEmployer(db: Database, input: NewEmployer, actor: Actor) {
  assertCan(actor, 'employers.register');
  await assertInScope(db, actor, { village: input.village_code });
  if (!(await villageExists(db, input.village_code))) {
    throw new ValidationError(
      `village_code: kode desa tidak dikenal / unknown village code ${input.village_code}`,
    );
  }
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('employers')
      .values({
        npp: sql<string>`nextval('npp_seq')::text`,
        name: input.name.trim(),
        legal_form: input.legal_form,
        sector: input.sector,
        size_class: input.size_class,
        risk_class: input.risk_class,
        village_code: input.village_code,
        regency_code: input.village_code.slice(0, 5),
        province_code: input.village_code.slice(0, 2),
        branch_office_id: input.branch_office_id ?? null,
        is_state_body: input.is_state_body ?? false,
        registered_on: input.registered_on,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (input.association_ids?.length) {
      await trx
        .insertInto('employer_memberships')
        .values(
          input.association_ids.map((p) => ({
            employer_id: row.id,
            partner_id: p,
            since: input.registered_on,
          })),
        )
        .execute();
    }
    await recordAudit(trx, actor, 'create', 'employer', String(row.id), null, row);
    return row;
  });
}
