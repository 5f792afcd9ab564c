/**
 * The one access policy (docs/decisions/0010-access-policy.md): who may do what (named capabilities per
 * role) and which rows are inside an actor's scope (one SQL helper, `inScope`, used by reads and writes).
 * A write is checked against the scope of every row it touches (`assertInScope`).
 */
import { type RawBuilder, sql } from 'kysely';
import type { Database } from '../../platform/db.ts';
import { ForbiddenError, NotFoundError } from '../../platform/errors.ts';

export type Role =
  | 'admin'
  | 'branch_officer'
  | 'employer'
  | 'partner'
  | 'regional_government'
  | 'auditor'
  | 'agent';
export const ROLES: Role[] = [
  'admin',
  'branch_officer',
  'employer',
  'partner',
  'regional_government',
  'auditor',
  'agent',
];

/** Who is acting: a logged-in user, the system (CLI, seeding, batch jobs), or a client system. */
export interface Actor {
  userId: number | null;
  username: string;
  role: Role | 'system' | 'client_system';
  regionCodes: string[];
  employerId: number | null;
  partnerId: number | null;
  /** A client system of the DCI registry API (issue 16): what it was granted when registered. */
  client?: ClientSystemGrant;
}

/**
 * What a client system (another ministry's or a regional government's MIS, `lindung dci clients add`)
 * was granted: its region codes are the Actor's `regionCodes` (none: the whole registry, said
 * explicitly when it was added), `masked` says whether it sees full NIKs. Decision 0012.
 */
export interface ClientSystemGrant {
  id: number;
  name: string;
  masked: string[];
}

export const SYSTEM: Actor = {
  userId: null,
  username: 'system',
  role: 'system',
  regionCodes: [],
  employerId: null,
  partnerId: null,
};

/** Named capabilities. A route or action asks for one of these, never for a role. */
export type Capability =
  /** read person-level registry rows (inside the scope) */
  | 'registry.read'
  /** register participants, report employment events (inside the scope) */
  | 'registry.write'
  /** register employers (inside the scope) */
  | 'employers.register'
  /** see full NIKs (others see 3273********0009) */
  | 'nik.full'
  /** see the names of agency staff (officers) */
  | 'staff.names'
  /** read region-level aggregates without small-cell suppression (inside the scope) */
  | 'aggregates.unsuppressed'
  /** upload worker lists */
  | 'imports.write'
  /** manage agreements, attributions, outreach, fraud review */
  | 'agreements.manage'
  /** ask for people to be enrolled under the actor's own agreements (confirmed by a branch officer) */
  | 'agreements.request_enrolment'
  /** handle the branch office review queue (enrolment requests, registrations outside a scope) */
  | 'review.handle'
  /** read and export the audit log */
  | 'audit.read'
  /** match a list of NIKs the actor holds against coverage: covered, active, segment — nothing else */
  | 'coverage.match'
  /** read region-level aggregates (coverage figures, arrears totals) inside `aggregateScope`; small cells hidden without aggregates.unsuppressed */
  | 'aggregates.read'
  /** read screening results person by person (inside `registryScope`): who is eligible and why */
  | 'screening.persons'
  /** read screening counts (inside `aggregateScope`) */
  | 'screening.aggregates'
  /** read invoices, payments and arrears of payers (inside `registryScope`) */
  | 'payers.read'
  /** head-office operations: screening runs, payment batches, bank results, exclusion lists */
  | 'headoffice.operate'
  /** read head-office payment batches, bank results and reconciliations (head office and the auditor) */
  | 'headoffice.read'
  /** read the agency's own review material: corrections, duplicate pairs, data-quality scores, fraud flags */
  | 'review.read'
  /** every background job and the schedules (others see the jobs they started) */
  | 'jobs.all'
  /** report employment events of an employer's workers: wage reports, exits, hires (inside the scope) */
  | 'wages.report'
  /** read wage reports (inside the scope) */
  | 'wages.read'
  /** agency-staff registry changes: deaths, moves between regions, segment changes (inside the scope) */
  | 'registry.officer'
  /** assess waivers of late-payment fines */
  | 'waivers.decide'
  /** register, edit and assign agents (issue 18), see their bank accounts (inside the scope) */
  | 'agents.manage'
  /** an agent's own work: its recruits, its commission, its own bank account */
  | 'agents.self'
  /** write to a sponsor agreement of the actor's own regional government (plans, sponsorships) */
  | 'sponsor.regional'
  /** read claims (inside the scope; an employer its own accident reports) */
  | 'claims.read'
  /** claim intake, verification and decisions (inside the scope) */
  | 'claims.handle'
  /** read every agreement and partner (others: their own, or their region's as aggregates) */
  | 'agreements.read'
  /** any write at all (read-only roles lack it) */
  | 'write';

/** What head office and the auditor read (the auditor without writing). */
const HEAD_OFFICE_READS: readonly Capability[] = [
  'claims.read',
  'agreements.read',
  'review.read',
  'jobs.all',
  'wages.read',
  'aggregates.read',
  'screening.persons',
  'screening.aggregates',
  'payers.read',
  'headoffice.read',
];

const CAPS: Record<Actor['role'], readonly Capability[]> = {
  system: [
    'claims.handle',
    'wages.report',
    'registry.officer',
    'waivers.decide',
    'agents.manage',
    'registry.read',
    'registry.write',
    'employers.register',
    'nik.full',
    'staff.names',
    'aggregates.unsuppressed',
    'imports.write',
    'agreements.manage',
    'review.handle',
    'audit.read',
    'coverage.match',
    ...HEAD_OFFICE_READS,
    'headoffice.operate',
    'write',
  ],
  admin: [
    'claims.handle',
    'wages.report',
    'registry.officer',
    'waivers.decide',
    'agents.manage',
    'registry.read',
    'registry.write',
    'employers.register',
    'nik.full',
    'staff.names',
    'aggregates.unsuppressed',
    'imports.write',
    'agreements.manage',
    'review.handle',
    'audit.read',
    'coverage.match',
    ...HEAD_OFFICE_READS,
    'headoffice.operate',
    'write',
  ],
  branch_officer: [
    'claims.handle',
    'claims.read',
    'agreements.read',
    'review.read',
    'wages.report',
    'wages.read',
    'registry.officer',
    'waivers.decide',
    'agents.manage',
    'registry.read',
    'registry.write',
    'employers.register',
    'nik.full',
    'staff.names',
    'aggregates.unsuppressed',
    'imports.write',
    'agreements.manage',
    'review.handle',
    'coverage.match',
    'aggregates.read',
    'screening.persons',
    'screening.aggregates',
    'payers.read',
    'write',
  ],
  employer: [
    'claims.read',
    'wages.report',
    'wages.read',
    'registry.read',
    'registry.write',
    'nik.full',
    'imports.write',
    // its own workers' screening results and its own bills
    'screening.persons',
    'screening.aggregates',
    'payers.read',
    'write',
  ],
  partner: [
    'registry.read',
    'registry.write',
    'nik.full',
    'imports.write',
    'agreements.request_enrolment',
    // the bills it pays as a sponsor, the arrears of its member companies
    'payers.read',
    'write',
  ],
  // A regional government reads aggregates; per person it learns only what a match of its own list says.
  regional_government: ['coverage.match', 'aggregates.read', 'screening.aggregates', 'sponsor.regional'],
  // Agents (issue 18) write their own recruits through the regional module, never the registry.
  agent: ['agents.self', 'write'],
  // The auditor reads everything (masked NIKs) and the audit log; it writes nothing.
  auditor: [
    'registry.read',
    'staff.names',
    'aggregates.unsuppressed',
    'audit.read',
    'coverage.match',
    ...HEAD_OFFICE_READS,
  ],
  // Client systems read registry records inside their regions (the DCI module cuts them to the granted
  // field groups) and match lists; full NIKs only when registered unmasked (below). They write nothing.
  client_system: ['registry.read', 'coverage.match'],
};

export function can(a: Actor, cap: Capability): boolean {
  if (a.role === 'client_system' && cap === 'nik.full')
    return a.client ? !a.client.masked.includes('nik') : false;
  return CAPS[a.role].includes(cap);
}

export function assertCan(a: Actor, cap: Capability): void {
  if (!can(a, cap))
    throw cap === 'write'
      ? new ForbiddenError('Peran ini hanya dapat membaca / This role is read-only')
      : new ForbiddenError();
}

/** What rows of the registry an actor may read; applied inside queries, never only in the UI. */
export type Scope =
  | { kind: 'all' }
  | { kind: 'regions'; codes: string[] }
  | { kind: 'employer'; employerId: number }
  | { kind: 'partner'; partnerId: number }
  | { kind: 'none' };

export function registryScope(a: Actor): Scope {
  switch (a.role) {
    case 'system':
    case 'admin':
    case 'auditor':
      return { kind: 'all' };
    case 'branch_officer':
      return { kind: 'regions', codes: a.regionCodes };
    case 'employer':
      return a.employerId ? { kind: 'employer', employerId: a.employerId } : { kind: 'none' };
    case 'partner':
      return a.partnerId ? { kind: 'partner', partnerId: a.partnerId } : { kind: 'none' };
    // Regional governments see aggregates of their region only, never personal data.
    case 'regional_government':
      return { kind: 'none' };
    // Agents see their own recruits through the regional module (agents.user_id), never the registry.
    case 'agent':
      return { kind: 'none' };
    // A client system: its regions, or the whole registry when it was registered without any.
    case 'client_system':
      if (!a.client) return { kind: 'none' };
      return a.regionCodes.length ? { kind: 'regions', codes: a.regionCodes } : { kind: 'all' };
  }
}

/**
 * Whose coverage a NIK-list match may report (covered, active, segment): the registry scope, and for a
 * regional government its own regions (it holds the list; it learns nothing about anyone else — a NIK
 * outside the scope answers exactly like an unregistered one).
 */
export function matchScope(a: Actor): Scope {
  if (!can(a, 'coverage.match')) return { kind: 'none' };
  return aggregateScope(a);
}

/**
 * The rows an actor's aggregate figures (counts, sums per region) are drawn from: the registry scope,
 * and for a regional government its own regions (it reads aggregates there, never a person's row).
 * Capabilities decide which aggregates a role may read at all (aggregates.read, screening.aggregates).
 */
export function aggregateScope(a: Actor): Scope {
  if (a.role === 'regional_government')
    return a.regionCodes.length ? { kind: 'regions', codes: a.regionCodes } : { kind: 'none' };
  return registryScope(a);
}

/**
 * A region or village code is inside the actor's registry scope: everywhere for head office, the auditor
 * and the system, the actor's regions for a branch officer. Employers, partners and the rest reach rows
 * only through their employer or agreement, never by region: false.
 */
export function villageInScope(a: Actor, code: string | null | undefined): boolean {
  const scope = registryScope(a);
  if (scope.kind === 'all') return true;
  return scope.kind === 'regions' && !!code && regionInScope(code, scope.codes);
}

/** The employer whose own rows this actor reaches as that employer (null: the actor is not an employer). */
export function ownEmployer(a: Actor): number | null {
  const scope = registryScope(a);
  return scope.kind === 'employer' ? scope.employerId : null;
}

/** The region codes of a scope: null for the whole country, [] for none (the scope is not regional). */
export function scopeRegions(scope: Scope): string[] | null {
  if (scope.kind === 'all') return null;
  return scope.kind === 'regions' ? scope.codes : [];
}

/**
 * The only writes a regional government makes (sponsor.regional): funding its own sponsorships, budget
 * years and top-ups of APBD agreements (the actions check the agreement is its own region's).
 */
const SPONSOR_REGIONAL_WRITES: ReadonlySet<string> = new Set([
  'PUT /api/agreements/:id/budget-years/:year',
  'POST /api/agreements/:id/budget-topups',
]);

/**
 * Whether the actor may call a writing route at all (before its body is read): every role with the
 * write capability, and the regional government on its sponsor routes. The action checks the rows.
 */
export function mayWriteRoute(a: Actor, method: string, route: string): boolean {
  if (can(a, 'write')) return true;
  return can(a, 'sponsor.regional') && SPONSOR_REGIONAL_WRITES.has(`${method} ${route}`);
}

export function assertCanWrite(a: Actor): void {
  assertCan(a, 'write');
}

/** Full NIK for roles that handle registrations; everyone else (auditor, regional government) sees 3273********0009. */
export function canSeeNik(a: Actor): boolean {
  return can(a, 'nik.full');
}

export function maskNik(nik: string): string {
  return `${nik.slice(0, 4)}********${nik.slice(12)}`;
}

/** A row as this actor may see it: the NIK masked for roles that may not read it. */
export function presentNik<T extends { nik: string }>(actor: Actor, row: T): T {
  return canSeeNik(actor) ? row : { ...row, nik: maskNik(row.nik) };
}

/** A region code is inside the scope when it equals or descends from one of the scope's codes. */
export function regionInScope(code: string, codes: string[]): boolean {
  return codes.some((c) => code === c || code.startsWith(`${c}.`));
}

/** SQL: a region code column is inside a list of region codes (equal or below). */
export function regionIn(column: RawBuilder<unknown>, codes: string[]): RawBuilder<boolean> {
  if (!codes.length) return sql<boolean>`false`;
  return sql<boolean>`exists (select 1 from unnest(${codes}::text[]) sc where ${column} = sc or ${column} like sc || '.%')`;
}

/** The kinds of rows a write can touch. */
export type Touched = 'participant' | 'employer' | 'village' | 'agreement';

/**
 * The one SQL helper for "inside the actor's scope": `alias` is the table alias of a participants (p),
 * employers (e), agreements (a) row, or a village/region code expression.
 */
export function inScope(
  scope: Scope,
  kind: Touched,
  alias: string | RawBuilder<unknown>,
): RawBuilder<boolean> {
  const col = (c: string) => sql.ref(`${alias as string}.${c}`);
  if (scope.kind === 'all') return sql<boolean>`true`;
  if (scope.kind === 'none') return sql<boolean>`false`;
  switch (kind) {
    case 'village':
      if (scope.kind === 'regions') return regionIn(alias as RawBuilder<unknown>, scope.codes);
      return sql<boolean>`false`;
    case 'participant':
      switch (scope.kind) {
        case 'regions':
          return regionIn(col('village_code'), scope.codes);
        case 'employer':
          return sql<boolean>`exists (select 1 from employments m where m.participant_id = ${col('id')} and m.employer_id = ${scope.employerId})`;
        case 'partner':
          // A partner's members: workers of its member companies, people enrolled through its imports,
          // and the people of its agreements as the agreement pages list them (agreement_people: people
          // attributed to it, and the workers of employers attributed to it, within its term).
          return sql<boolean>`(exists (select 1 from agreement_people ap join agreements ag on ag.id = ap.agreement_id
                where ap.participant_id = ${col('id')} and ag.partner_id = ${scope.partnerId})
            or exists (select 1 from employments m join employer_memberships em on em.employer_id = m.employer_id
                where m.participant_id = ${col('id')} and em.partner_id = ${scope.partnerId})
            or exists (select 1 from import_jobs j where j.id = ${col('import_id')} and j.partner_id = ${scope.partnerId}))`;
      }
      break;
    case 'employer':
      switch (scope.kind) {
        case 'regions':
          return regionIn(col('village_code'), scope.codes);
        case 'employer':
          return sql<boolean>`${col('id')} = ${scope.employerId}`;
        case 'partner':
          return sql<boolean>`exists (select 1 from employer_memberships em where em.employer_id = ${col('id')} and em.partner_id = ${scope.partnerId})`;
      }
      break;
    case 'agreement':
      switch (scope.kind) {
        case 'regions':
          // Branch officers manage the agreements of every region (agreements are national or regional).
          return sql<boolean>`true`;
        case 'partner':
          return sql<boolean>`${col('partner_id')} = ${scope.partnerId}`;
        case 'employer':
          return sql<boolean>`false`;
      }
  }
  return sql<boolean>`false`;
}

const TABLE: Record<Exclude<Touched, 'village'>, string> = {
  participant: 'participants',
  employer: 'employers',
  agreement: 'agreements',
};

/**
 * A write is checked against the scope of every row it touches. Rows outside the scope answer like rows
 * that do not exist (404), so the check is no existence oracle.
 */
export async function assertInScope(
  db: Database,
  actor: Actor,
  rows: { participant?: number; employer?: number; village?: string; agreement?: number },
): Promise<void> {
  const scope = registryScope(actor);
  if (scope.kind === 'all') return;
  if (rows.village !== undefined) {
    const ok =
      scope.kind === 'regions'
        ? regionInScope(rows.village, scope.codes)
        : // employers and partners write only where their employer / agreement lets them: the other rows decide
          rows.participant !== undefined || rows.employer !== undefined;
    if (!ok)
      throw new ForbiddenError(
        `village_code: wilayah ${rows.village} di luar wilayah Anda / region is outside your scope`,
      );
  }
  for (const kind of ['participant', 'employer', 'agreement'] as const) {
    const id = rows[kind];
    if (id === undefined) continue;
    const alias = kind.charAt(0);
    const r = await sql<{ ok: boolean }>`select ${inScope(scope, kind, alias)} as ok
      from ${sql.table(TABLE[kind])} as ${sql.raw(alias)} where ${sql.ref(`${alias}.id`)} = ${id}`.execute(
      db,
    );
    if (!r.rows[0]?.ok)
      throw new NotFoundError(`${kind}: tidak ditemukan di wilayah Anda / not found in your scope`);
  }
}
