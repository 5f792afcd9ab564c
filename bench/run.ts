// `npm run bench -- <name> [options]`: benchmarks on generated data; they print numbers, they do not assert.
const [name, ...args] = process.argv.slice(2);
const benches: Record<string, () => Promise<(a: string[]) => Promise<void>>> = {
  import: async () => (await import('./import.ts')).benchImport,
  coverage: async () => (await import('./coverage.ts')).benchCoverage,
  billing: async () => (await import('./billing.ts')).benchBilling,
  subsidy: async () => (await import('./subsidy.ts')).benchSubsidy,
  api: async () => (await import('./api.ts')).benchApi,
  workers: async () => (await import('./workers.ts')).benchWorkers,
  duplicates: async () => (await import('./duplicates.ts')).benchDuplicates,
  jht: async () => (await import('./jht.ts')).benchJht,
  servers: async () => (await import('./servers.ts')).benchServers,
};
const load = name ? benches[name] : undefined;
if (!load) {
  console.error(
    `usage: npm run bench -- <${Object.keys(benches).join('|')}> [--db=embedded|postgres] [options]`,
  );
  process.exit(2);
}
await (await load())(args);
