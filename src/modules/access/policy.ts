import { ForbiddenError } from '../../platform/errors.ts';

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

/** Who is acting: a logged-in user, or the system (CLI, seeding, batch jobs). */
export interface Actor {
  userId: number | null;
  username: string;
  role: Role | 'system';
  regionCodes: string[];
  employerId: number | null;
  partnerId: number | null;
}

export const SYSTEM: Actor = {
  userId: null,
  username: 'system',
  role: 'system',
  regionCodes: [],
  employerId: null,
  partnerId: null,
};

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
  }
}

const WRITERS: Array<Actor['role']> = ['system', 'admin', 'branch_officer', 'employer', 'partner'];

export function assertCanWrite(a: Actor): void {
  if (!WRITERS.includes(a.role))
    throw new ForbiddenError('Peran ini hanya dapat membaca / This role is read-only');
}

export function assertRole(a: Actor, roles: Array<Actor['role']>): void {
  if (!roles.includes(a.role)) throw new ForbiddenError();
}

/** Full NIK for roles that handle registrations; everyone else sees 3273********0009. */
export function canSeeNik(a: Actor): boolean {
  return a.role !== 'regional_government';
}

export function maskNik(nik: string): string {
  return `${nik.slice(0, 4)}********${nik.slice(12)}`;
}

/** A region code is inside the scope when it equals or descends from one of the scope's codes. */
export function regionInScope(code: string, codes: string[]): boolean {
  return codes.some((c) => code === c || code.startsWith(`${c}.`));
}
