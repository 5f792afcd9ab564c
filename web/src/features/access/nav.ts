import type { Key } from '../../i18n.ts';
import type { Role } from './session.tsx';

export interface NavItem {
  to: string;
  label: Key;
  roles: Role[];
  testId: string;
}

const ALL: Role[] = [
  'admin',
  'branch_officer',
  'employer',
  'partner',
  'regional_government',
  'auditor',
  'agent',
];
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
  {
    to: '/kemitraan',
    label: 'nav.partnerships',
    roles: ['admin', 'branch_officer', 'partner', 'regional_government', 'auditor'],
    testId: 'nav-partnerships',
  },
  {
    to: '/cakupan',
    label: 'nav.coverage',
    roles: ['admin', 'branch_officer', 'regional_government', 'auditor'],
    testId: 'nav-coverage',
  },
  { to: '/kalkulator', label: 'nav.calculator', roles: ALL, testId: 'nav-calculator' },
  // Partners have no part in the wage subsidy; regional governments see its counts only.
  {
    to: '/bsu',
    label: 'nav.subsidy',
    roles: ['admin', 'branch_officer', 'employer', 'regional_government', 'auditor'],
    testId: 'nav-subsidy',
  },
  { to: '/klaim', label: 'nav.claims', roles: ['admin', 'branch_officer', 'auditor'], testId: 'nav-claims' },
  { to: '/tagihan', label: 'nav.invoices', roles: REGISTRY, testId: 'nav-invoices' },
  {
    to: '/pekerjaan',
    label: 'nav.jobs',
    roles: ['admin', 'branch_officer', 'employer', 'auditor'],
    testId: 'nav-jobs',
  },
  {
    to: '/tunggakan',
    label: 'nav.arrears',
    roles: ['admin', 'branch_officer', 'regional_government', 'auditor'],
    testId: 'nav-arrears',
  },
  {
    to: '/daerah',
    label: 'nav.regional',
    roles: ['admin', 'branch_officer', 'regional_government', 'auditor'],
    testId: 'nav-regional',
  },
  {
    to: '/desa',
    label: 'nav.villages',
    roles: ['admin', 'branch_officer', 'regional_government', 'auditor'],
    testId: 'nav-villages',
  },
  {
    to: '/agen',
    label: 'nav.agents',
    roles: ['admin', 'branch_officer', 'auditor', 'agent'],
    testId: 'nav-agents',
  },
  {
    to: '/registri',
    label: 'nav.registry',
    roles: ['admin', 'branch_officer', 'employer', 'regional_government', 'auditor'],
    testId: 'nav-registry',
  },
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
