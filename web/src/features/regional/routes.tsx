import type { ReactNode } from 'react';
import { AgentNewPage, AgentPage } from './AgentFormPages.tsx';
import { AgentsPage } from './AgentsPage.tsx';
import { BudgetPage } from './BudgetPage.tsx';
import { CommissionPage } from './CommissionPage.tsx';
import { NonAsnImportPage } from './NonAsnImportPage.tsx';
import { RegionalPage } from './RegionalPage.tsx';
import { VillagePage, VillagesPage } from './VillagesPage.tsx';

/** Regional government plan, villages and agents, spread into App.tsx's route table. */
export const regionalRoutes: Array<[string, (p: Record<string, string>) => ReactNode]> = [
  ['/daerah', () => <RegionalPage />],
  ['/daerah/anggaran/:id', (p) => <BudgetPage id={p.id!} />],
  ['/daerah/non-asn/impor', () => <NonAsnImportPage />],
  ['/desa', () => <VillagesPage />],
  ['/desa/:code', (p) => <VillagePage code={p.code!} />],
  ['/agen', () => <AgentsPage />],
  ['/agen/baru', () => <AgentNewPage />],
  ['/agen/komisi', () => <CommissionPage />],
  ['/agen/:id', (p) => <AgentPage id={p.id!} />],
];
