import type { ReactNode } from 'react';
import { AgreementPage } from './AgreementPage.tsx';
import { AgreementsPage } from './AgreementsPage.tsx';
import { OutreachPage } from './OutreachPage.tsx';
import { PartnerDetailPage, PartnersPage } from './PartnersPage.tsx';

/** The partnerships pages, spread into App.tsx's route table. Paths are Indonesian like the others. */
export const partnershipRoutes: Array<[string, (p: Record<string, string>) => ReactNode]> = [
  ['/kemitraan', () => <AgreementsPage />],
  ['/kemitraan/mitra', () => <PartnersPage />],
  ['/kemitraan/mitra/:id', (p) => <PartnerDetailPage id={p.id!} />],
  ['/kemitraan/perjanjian/:id', (p) => <AgreementPage id={p.id!} />],
  ['/kemitraan/penjangkauan', () => <OutreachPage />],
];
