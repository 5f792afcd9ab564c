/**
 * The identities and the small world the route × role test and the fuzz test run against: every role
 * (plus nobody, officers scoped to a province, a regency and a district, a second employer and a
 * second partner), with a participant, employer, agreement, import and review for the path ids.
 */

import type { TestDb } from '../../../test/db.ts';
import { makeEmployer, makeNik } from '../../../test/factories.ts';
import { createApp } from '../../app.ts';
import { type Clock, fixedClock } from '../../platform/clock.ts';
import { loadConfig } from '../../platform/config.ts';
import type { Http } from '../../platform/http.ts';
import { refreshCoverage } from '../coverage/refresh.ts';
import { createAgreement } from '../partnerships/actions.ts';
import { registerAgent } from '../regional/agents.ts';
import { registerParticipant } from '../workers/actions.ts';
import { createUser } from './actions.ts';
import { type Role, SYSTEM } from './policy.ts';

export const IDENTITIES = [
  'anon',
  'admin',
  'officer_province',
  'officer_regency',
  'officer_district',
  'employer',
  'employer2',
  'partner',
  'partner2',
  'regional_government',
  'auditor',
  'agent',
] as const;
export type Identity = (typeof IDENTITIES)[number];

/** Roles that write nothing: every write route refuses them (403) before reading a body. */
export const READ_ONLY: Identity[] = ['regional_government', 'auditor'];

export interface World {
  app: Http;
  headers(who: Identity): Record<string, string>;
  /** Fills the path parameters of an OpenAPI path with ids of the world's rows. */
  url(path: string): string;
  ids: Record<string, string | number>;
}

export async function buildWorld(
  t: TestDb,
  clock: Clock = fixedClock('2026-11-21T09:00:00Z'),
): Promise<World> {
  const config = { ...loadConfig({}), apiRateLimit: 0 };
  const app = await createApp({ handle: t.handle, db: t.db, clock, config });
  const babel = await makeEmployer(t.db, { village_code: '19.71.01.1004' });
  const jabar = await makeEmployer(t.db, { village_code: '32.73.05.1001' });
  const p = await registerParticipant(
    t.db,
    {
      nik: makeNik('19.71.01', '1990-05-06', 'F', 11),
      full_name: 'Peserta Matriks',
      birth_date: '1990-05-06',
      sex: 'F',
      village_code: '19.71.01.1004',
      segment: 'PU',
      employer_npp: babel.npp,
      wage: 4_500_000,
      start_date: '2026-01-05',
    },
    SYSTEM,
    clock,
  );
  await t.db
    .insertInto('employer_memberships')
    .values({ employer_id: babel.id, partner_id: 1, since: '2024-01-01' })
    .execute();
  const agreement = await createAgreement(
    t.db,
    {
      number: 'PKS/MATRIKS/1',
      kind: 'pks',
      partner_id: 1,
      title: 'PKS matriks',
      starts_on: '2026-01-01',
      state: 'active',
    },
    SYSTEM,
  );
  const job = await t.db
    .insertInto('import_jobs')
    .values({ kind: 'workers', file_name: 'm.csv', file_sha256: 'm', employer_id: babel.id, status: 'done' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const review = await t.db
    .insertInto('access_reviews')
    .values({
      kind: 'enrolment_request',
      region_code: '19.71.01.1004',
      participant_id: p.id,
      agreement_id: agreement.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // An accident report filed by the employer: officers of its region and the employer see it.
  const claim = await t.db
    .insertInto('claims')
    .values({
      participant_id: p.id,
      benefit: 'JKK',
      event_date: '2026-10-01',
      employer_id: babel.id,
      payee_name: 'Peserta Matriks',
      bank_code: 'BRI',
      account_number: '1234567890',
      region_code: '19.71.01.1004',
      filed_by_kind: 'employer',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const users: Record<
    Exclude<Identity, 'anon'>,
    { role: Role; region_codes?: string[]; employer_id?: number; partner_id?: number }
  > = {
    admin: { role: 'admin' },
    officer_province: { role: 'branch_officer', region_codes: ['19'] },
    officer_regency: { role: 'branch_officer', region_codes: ['19.71'] },
    officer_district: { role: 'branch_officer', region_codes: ['19.71.01'] },
    employer: { role: 'employer', employer_id: babel.id },
    employer2: { role: 'employer', employer_id: jabar.id },
    partner: { role: 'partner', partner_id: 1 },
    partner2: { role: 'partner', partner_id: 2 },
    regional_government: { role: 'regional_government', region_codes: ['19'] },
    auditor: { role: 'auditor' },
    agent: { role: 'agent', region_codes: ['19.71'] },
  };
  const tokens = new Map<Identity, string>();
  for (const [name, u] of Object.entries(users)) {
    await createUser(t.db, { username: name, password: `${name}-password`, full_name: name, ...u });
    const r = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: name, password: `${name}-password` },
    });
    if (r.statusCode !== 200) throw new Error(`login ${name}: ${r.body}`);
    tokens.set(name as Identity, r.json().token);
  }
  // The agent is a registered agent of Pangkal Pinang with its own login (issue 18).
  const agentUser = await t.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', 'agent')
    .executeTakeFirstOrThrow();
  await registerAgent(
    t.db,
    {
      code: 'AG-MATRIKS',
      full_name: 'Agen Matriks',
      nik: makeNik('19.71.01', '1988-03-02', 'M', 21),
      phone: '081234567890',
      region_code: '19.71',
      user_id: agentUser.id,
      registered_on: '2026-01-10',
    },
    SYSTEM,
  );
  const ids: Record<string, string | number> = {
    participant: p.id,
    employer: babel.id,
    agreement: agreement.id,
    partner: 1,
    import: Number(job.id),
    review: Number(review.id),
    claim: Number(claim.id),
    nik: p.nik,
    region: '19',
    period: '2026-10',
    name: 'permenaker-18-2018',
    code: 'dtks',
  };
  const idFor = (path: string, param: string): string | number => {
    if (param === 'participantId') return ids.participant!;
    if (param !== 'id') return ids[param] ?? 1;
    for (const [prefix, key] of [
      ['/api/participants/', 'participant'],
      ['/api/employers/', 'employer'],
      ['/api/agreements/', 'agreement'],
      ['/api/partners/', 'partner'],
      ['/api/imports/', 'import'],
      ['/api/reviews/', 'review'],
      ['/api/claims/', 'claim'],
    ] as const)
      if (path.startsWith(prefix)) return ids[key]!;
    return 1;
  };
  // The coverage rollups exist (a refresh is a background job; the world does not wait for one).
  await refreshCoverage(t.db, { now: clock.now() });
  return {
    app,
    ids,
    headers: (who): Record<string, string> =>
      who === 'anon' ? {} : { authorization: `Bearer ${tokens.get(who)}` },
    url: (path) =>
      path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(String(idFor(path, name)))),
  };
}

/** Outcome classes: ok = 2xx; input = passed access, input refused (400, 409, 413, 422); no = 401, 403, 404. */
export type Outcome = 'ok' | 'input' | 'no' | 'unauth' | 'forbidden';

export function classify(status: number): Outcome | 'server_error' | 'other' {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 401) return 'unauth';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'no';
  if ([400, 406, 409, 413, 415, 422, 429].includes(status)) return 'input';
  if (status >= 500) return 'server_error';
  return 'other';
}
