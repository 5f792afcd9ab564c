import { createTestDb } from '../test/db.ts';
import { buildWorld, classify, IDENTITIES } from '../src/modules/access/matrix.ts';
const t = await createTestDb();
const w = await buildWorld(t);
const doc = (await w.app.inject({ url: '/api/openapi.json', headers: w.headers('admin') })).json();
const out: Record<string, Record<string, string>> = {};
const entries = Object.entries<any>(doc.paths).sort(([a], [b]) => Number(a === '/api/auth/logout') - Number(b === '/api/auth/logout'));
for (const [p, ops] of entries)
  for (const m of Object.keys(ops)) {
    const key = `${m.toUpperCase()} ${p}`;
    out[key] = {};
    for (const who of IDENTITIES) {
      const r = await w.app.inject({ method: m.toUpperCase() as 'GET', url: w.url(p), headers: w.headers(who), ...(m === 'get' ? {} : { payload: {} }) });
      out[key][who] = `${classify(r.statusCode)}${r.statusCode >= 500 ? ':' + r.body.slice(0, 200) : ''}`;
    }
  }
console.log(JSON.stringify(out));
await t.close();
