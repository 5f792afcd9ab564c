/**
 * Dependency rules checked by `npm run lint` (issue 17): no cycles between files, the platform knows
 * no domain module, and production code never imports tests, test kits or benchmarks.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Files import each other in a circle: move the shared part down (platform/ or the rules module).',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'platform-knows-no-domain',
      severity: 'error',
      comment: 'platform/ is the layer under the modules; it must not import one, nor the web app.',
      from: { path: '^src/platform/' },
      to: { path: '^(src/(modules|app|cli|server|jobs)|web/)' },
    },
    {
      name: 'no-tests-in-production',
      severity: 'error',
      comment: 'Production code must not import tests, the test kit or benchmarks.',
      from: { path: '^src/', pathNot: '(\\.test\\.ts$|access/matrix\\.ts$)' },
      to: { path: '(\\.test\\.ts$|^test/|^bench/|^e2e/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.mjs'] },
  },
};
