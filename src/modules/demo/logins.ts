import { sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { createUser } from '../access/actions.ts';
import type { Role } from '../access/policy.ts';
import { seedDemoAgent } from '../regional/demo.ts';

export interface DemoLogin {
  username: string;
  password: string;
  role: Role;
  description_id: string;
  description_en: string;
}

/** Bangka Belitung: the province the demo follows (its published UCJ and targets are on file). */
export const DEMO_PROVINCE = '19';
const DEMO_PARTNER_ACRONYM = 'ASPEKTI';

/** Demo logins, printed at server start. Passwords are public: a demo database only. */
export const DEMO_LOGINS: DemoLogin[] = [
  {
    username: 'admin',
    password: 'admin123',
    role: 'admin',
    description_id: 'Kantor pusat: semua data dan pengaturan',
    description_en: 'Head office: all data and settings',
  },
  {
    username: 'cabang',
    password: 'cabang123',
    role: 'branch_officer',
    description_id: 'Petugas kantor cabang, wilayah Kepulauan Bangka Belitung',
    description_en: 'Branch officer, Bangka Belitung',
  },
  {
    username: 'pemberi',
    password: 'pemberi123',
    role: 'employer',
    description_id: 'HR pemberi kerja di Bangka Belitung',
    description_en: 'Employer HR in Bangka Belitung',
  },
  {
    username: 'mitra',
    password: 'mitra123',
    role: 'partner',
    description_id: 'Mitra asosiasi ASPEKTI',
    description_en: 'Association partner ASPEKTI',
  },
  {
    username: 'pemda',
    password: 'pemda123',
    role: 'regional_government',
    description_id: 'Pemerintah Provinsi Kepulauan Bangka Belitung',
    description_en: 'Provincial government of Bangka Belitung',
  },
  {
    username: 'auditor',
    password: 'auditor123',
    role: 'auditor',
    description_id: 'Auditor: membaca semua, tidak mengubah apa pun',
    description_en: 'Auditor: reads everything, changes nothing',
  },
  {
    username: 'agen',
    password: 'agen1234',
    role: 'agent',
    description_id: 'Agen perekrut di Pangkal Pinang: rekrutan dan komisinya sendiri',
    description_en: 'Recruiting agent in Pangkal Pinang: own recruits and commission',
  },
];

/** The Babel employer with the most current workers, so the employer login has something to show. */
async function demoEmployer(db: Database): Promise<{ id: number; name: string } | undefined> {
  const r = await sql<{ id: number; name: string }>`
    with w as materialized (
      select m.employer_id, count(*) as n from employments m where m.ended_on is null group by m.employer_id
    )
    select e.id, e.name from employers e left join w on w.employer_id = e.id
    order by (e.province_code = ${DEMO_PROVINCE}) desc, coalesce(w.n, 0) desc, e.id
    limit 1`.execute(db);
  return r.rows[0];
}

/** Creates the demo logins that do not exist yet (an existing username is left as it is). */
export async function createDemoUsers(db: Database, log: (line: string) => void = () => {}): Promise<void> {
  const employer = await demoEmployer(db);
  const partner = await db
    .selectFrom('partners')
    .select(['id', 'name'])
    .where('acronym', '=', DEMO_PARTNER_ACRONYM)
    .executeTakeFirst();
  const province = await db
    .selectFrom('regions')
    .select('name')
    .where('code', '=', DEMO_PROVINCE)
    .executeTakeFirst();
  const existing = new Set(
    (await db.selectFrom('users').select('username').execute()).map((u) => u.username),
  );
  for (const l of DEMO_LOGINS) {
    if (existing.has(l.username)) continue;
    const scoped = l.role === 'branch_officer' || l.role === 'regional_government';
    await createUser(db, {
      username: l.username,
      password: l.password,
      role: l.role,
      full_name: fullName(l, employer?.name, partner?.name, province?.name),
      region_codes: scoped ? [DEMO_PROVINCE] : [],
      employer_id: l.role === 'employer' ? (employer?.id ?? null) : null,
      partner_id: l.role === 'partner' ? (partner?.id ?? null) : null,
    });
    log(`demo login: ${l.username} / ${l.password} (${l.role})`);
  }
  await seedDemoAgent(db);
}

function fullName(l: DemoLogin, employer?: string, partner?: string, province?: string): string {
  switch (l.role) {
    case 'admin':
      return 'Administrator Kantor Pusat';
    case 'branch_officer':
      return 'Petugas Kantor Cabang Pangkal Pinang';
    case 'employer':
      return `HR ${employer ?? 'Pemberi Kerja'}`;
    case 'partner':
      return partner ?? DEMO_PARTNER_ACRONYM;
    case 'regional_government':
      return `Pemerintah Provinsi ${province ?? 'Kepulauan Bangka Belitung'}`;
    case 'agent':
      return 'Agen Perekrut Pangkal Pinang (sintetis)';
    default:
      return 'Auditor Internal';
  }
}
