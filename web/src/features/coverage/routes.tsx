import type { ReactNode } from 'react';
import { CoveragePage } from './CoveragePage.tsx';
import { RegionPage } from './RegionPage.tsx';

/** The coverage pages, spread into App.tsx's route table. */
export const coverageRoutes: Array<[string, (p: Record<string, string>) => ReactNode]> = [
  ['/cakupan', () => <CoveragePage />],
  ['/cakupan/:code', (p) => <RegionPage code={p.code!} />],
];
