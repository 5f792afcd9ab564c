import type { ReactNode } from 'react';
import { AgentsPage } from './AgentsPage.tsx';
import { RegionalPage } from './RegionalPage.tsx';
import { VillagePage, VillagesPage } from './VillagesPage.tsx';

/** Regional government plan, villages and agents, spread into App.tsx's route table. */
export const regionalRoutes: Array<[string, (p: Record<string, string>) => ReactNode]> = [
  ['/daerah', () => <RegionalPage />],
  ['/desa', () => <VillagesPage />],
  ['/desa/:code', (p) => <VillagePage code={p.code!} />],
  ['/agen', () => <AgentsPage />],
];
