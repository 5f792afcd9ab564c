import type { ReactNode } from 'react';
import { TaskGate } from '../access/TaskGate.tsx';
import { CoveragePage } from './CoveragePage.tsx';
import { CoverageRefreshPage } from './CoverageRefreshPage.tsx';
import { RegionPage } from './RegionPage.tsx';

/** The coverage pages, spread into App.tsx's route table. */
export const coverageRoutes: Array<[string, (p: Record<string, string>) => ReactNode]> = [
  ['/cakupan', () => <CoveragePage />],
  [
    '/cakupan/segarkan',
    () => (
      <TaskGate task="coverage.refresh">
        <CoverageRefreshPage />
      </TaskGate>
    ),
  ],
  ['/cakupan/:code', (p) => <RegionPage code={p.code!} />],
];
