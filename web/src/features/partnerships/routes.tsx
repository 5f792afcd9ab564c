import type { ReactNode } from 'react';
import { TaskGate } from '../access/TaskGate.tsx';
import { AgreementFormPage } from './AgreementFormPage.tsx';
import { AgreementPage } from './AgreementPage.tsx';
import { AgreementsPage } from './AgreementsPage.tsx';
import { OutreachFormPage } from './OutreachFormPage.tsx';
import { OutreachPage } from './OutreachPage.tsx';
import { PartnerFormPage } from './PartnerFormPage.tsx';
import { PartnerDetailPage, PartnersPage } from './PartnersPage.tsx';

/** The partnerships pages, spread into App.tsx's route table. Paths are Indonesian like the others. */
export const partnershipRoutes: Array<[string, (p: Record<string, string>) => ReactNode]> = [
  ['/kemitraan', () => <AgreementsPage />],
  ['/kemitraan/mitra', () => <PartnersPage />],
  [
    '/kemitraan/mitra/baru',
    () => (
      <TaskGate task="agreements.manage">
        <PartnerFormPage />
      </TaskGate>
    ),
  ],
  ['/kemitraan/mitra/:id', (p) => <PartnerDetailPage id={p.id!} />],
  [
    '/kemitraan/perjanjian/baru',
    () => (
      <TaskGate task="agreements.manage">
        <AgreementFormPage />
      </TaskGate>
    ),
  ],
  ['/kemitraan/perjanjian/:id', (p) => <AgreementPage id={p.id!} />],
  ['/kemitraan/penjangkauan', () => <OutreachPage />],
  [
    '/kemitraan/penjangkauan/baru',
    () => (
      <TaskGate task="agreements.manage">
        <OutreachFormPage />
      </TaskGate>
    ),
  ],
];
