import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';

/**
 * The demo's agent (synthetic): one recruiter in Bangka Belitung (Pangkal Pinang when it has BPU members) linked to the `agen` login, assigned
 * to the village with the most BPU members, with up to 30 of the unsponsored BPU members there
 * as recruits (enrolled the day they registered). Idempotent. The commission is what a run computes
 * from their paid months (`lindung regional agent-commission YYYY-MM`).
 */
export async function seedDemoAgent(db: Database): Promise<void> {
  const done = await sql`select 1 from agents where code = 'AGN-DEMO-01'`.execute(db);
  if (done.rows.length) return;
  const v = await sql<{ village_code: string; regency_code: string }>`
    select village_code, min(regency_code) as regency_code from participants where province_code = '19' and segment = 'BPU'
    group by 1 order by (min(regency_code) = '19.71') desc, count(*) desc, 1 limit 1`.execute(db);
  const village = v.rows[0]?.village_code;
  if (!village) return;
  const regency = v.rows[0]!.regency_code;
  // The login's id read first, not as a subquery inside VALUES (Citus refuses subqueries in an
  // INSERT … VALUES into a reference table).
  const u = await sql<{ id: number }>`select id from users where username = 'agen'`.execute(db);
  const userId = u.rows[0]?.id ?? null;
  await db.transaction().execute(async (trx) => {
    const a = await sql<{ id: number }>`
      insert into agents (code, full_name, nik, phone, region_code, bank_code, bank_account, account_holder, user_id, registered_on)
      values ('AGN-DEMO-01', 'Agen Demo (sintetis)', '1971014101900001', '081200000001', ${regency}, 'BRI', '000100020003',
        'Agen Demo', ${userId}::integer, '2015-07-01'::date)
      returning id`.execute(trx);
    const id = a.rows[0]!.id;
    await sql`insert into agent_villages (agent_id, village_code, from_date) values (${id}, ${village}, '2015-07-01')`.execute(
      trx,
    );
    await sql`insert into agent_recruits (participant_id, agent_id, enrolled_on, village_code)
      select p.id, ${id}, p.registered_on, p.village_code from participants p
      where p.village_code = ${village} and p.segment = 'BPU'
        and not exists (select 1 from sponsorships s where s.participant_id = p.id)
      order by p.registered_on desc, p.id limit 30
      on conflict do nothing`.execute(trx);
  });
}
