import type { Key } from '../../i18n.ts';
import type { Role } from './session.tsx';

export interface NavItem {
  to: string;
  label: Key;
  roles: Role[];
  testId: string;
}

const ALL: Role[] = ['admin', 'branch_officer', 'employer', 'partner', 'regional_government', 'auditor'];
// Regional governments see aggregates of their region only, never personal data (access/policy.ts).
const REGISTRY: Role[] = ['admin', 'branch_officer', 'employer', 'partner', 'auditor'];

export const NAV: NavItem[] = [
  { to: '/', label: 'nav.home', roles: ALL, testId: 'nav-home' },
  {
    to: '/pemberi-kerja',
    label: 'nav.employers',
    roles: ['admin', 'branch_officer', 'partner', 'auditor', 'employer'],
    testId: 'nav-employers',
  },
  { to: '/peserta', label: 'nav.participants', roles: REGISTRY, testId: 'nav-participants' },
  {
    to: '/impor',
    label: 'nav.imports',
    roles: ['admin', 'branch_officer', 'employer', 'partner', 'auditor'],
    testId: 'nav-imports',
  },
  {
    to: '/wilayah',
    label: 'nav.regions',
    roles: ['admin', 'branch_officer', 'partner', 'regional_government', 'auditor'],
    testId: 'nav-regions',
  },
  { to: '/kalkulator', label: 'nav.calculator', roles: ALL, testId: 'nav-calculator' },
];

export function navFor(role: Role): NavItem[] {
  return NAV.filter((n) => n.roles.includes(role));
}

/** Roles that may register and import; auditors and regional governments only read. */
export function canWrite(role: Role): boolean {
  return role === 'admin' || role === 'branch_officer' || role === 'employer' || role === 'partner';
}

export function canRegisterEmployers(role: Role): boolean {
  return role === 'admin' || role === 'branch_officer';
}
