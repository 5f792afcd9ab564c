import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildCli, runCli } from '../../cli.ts';
import type { CliContext } from '../../platform/cli-context.ts';
import type { Deps } from '../../platform/deps.ts';
import { createHttp, type Http } from '../../platform/http.ts';
import { rulesRoutes } from './routes.ts';

/** The CLI and HTTP faces of the calculators: same numbers, JSON integers, errors naming the field. */

async function cli(args: string[]): Promise<string[]> {
  const out: string[] = [];
  const ctx: CliContext = {
    out: (l) => out.push(l),
    err: (l) => out.push(l),
    open: () => Promise.reject(new Error('the rules commands must not open the database')),
  };
  await buildCli(ctx).parseAsync(args, { from: 'user' });
  return out;
}

async function exitCode(args: string[]): Promise<number> {
  const write = process.stderr.write.bind(process.stderr);
  const writeOut = process.stdout.write.bind(process.stdout);
  process.stderr.write = () => true;
  process.stdout.write = () => true;
  try {
    return await runCli(args);
  } finally {
    process.stderr.write = write;
    process.stdout.write = writeOut;
  }
}

describe('rules: CLI', () => {
  it('calc contribution --json: lines with program/payer/amount and integer totals', async () => {
    const out = await cli([
      'calc',
      'contribution',
      '--segment',
      'PU',
      '--period',
      '2021-06',
      '--wage',
      '10000000',
      '--risk-class',
      '3',
      '--json',
    ]);
    const r = JSON.parse(out.join('\n'));
    assert.deepEqual(r.totals, {
      employer: 664092,
      worker: 287546,
      participant: 0,
      government: 11000,
      all: 962638,
    });
    const jp = r.lines.find(
      (l: { program: string; payer: string }) => l.program === 'JP' && l.payer === 'employer',
    );
    assert.equal(jp.amount, 175092);
    assert.ok(Array.isArray(jp.explanation.steps) && Array.isArray(jp.explanation.parameters));
    assert.equal(
      r.explanation.parameters.find((p: { name: string }) => p.name === 'jp.wage_cap').unconfirmed,
      true,
    );
  });

  it('calc contribution without --json prints a table with the explanation', async () => {
    const out = (
      await cli([
        'calc',
        'contribution',
        '--segment',
        'BPU',
        '--period',
        '2025-05',
        '--income',
        '1000000',
        '--jht',
      ])
    ).join('\n');
    assert.match(out, /Rp36\.800/);
    assert.match(out, /Langkah \/ steps/);
    assert.match(out, /UNCONFIRMED/);
  });

  it('calc benefit JKP --json', async () => {
    const r = JSON.parse(
      (
        await cli(['calc', 'benefit', 'JKP', '--job-loss-date', '2025-03-01', '--wage', '8000000', '--json'])
      ).join('\n'),
    );
    assert.equal(r.total, 18000000);
    assert.equal(r.breakdown.length, 6);
  });

  it('calc benefit BEASISWA with repeated --child', async () => {
    const r = JSON.parse(
      (
        await cli([
          'calc',
          'benefit',
          'beasiswa',
          '--date',
          '2024-03-01',
          '--cause',
          'JKK',
          '--child',
          'TK',
          '--child',
          'BELUM',
          '--json',
        ])
      ).join('\n'),
    );
    assert.equal(r.total, 174000000);
  });

  it('rules show NAME --as-of DATE and rules list', async () => {
    const r = JSON.parse(
      (await cli(['rules', 'show', 'jp.wage_cap', '--as-of', '2025-03-01', '--json'])).join('\n'),
    );
    assert.equal(r.value.value, 10547400);
    assert.equal(r.value.ref.includes('B/91/022025'), true);
    const list = (await cli(['rules', 'list'])).join('\n');
    assert.match(list, /jkp\.rate\.government/);
  });

  it('bad input exits with code 2', async () => {
    assert.equal(
      await exitCode([
        'calc',
        'contribution',
        '--segment',
        'PU',
        '--period',
        '2021-06',
        '--wage',
        '-5',
        '--risk-class',
        '3',
      ]),
      2,
    );
    assert.equal(
      await exitCode([
        'calc',
        'contribution',
        '--segment',
        'PU',
        '--period',
        '2021-06',
        '--wage',
        '5',
        '--risk-class',
        '9',
      ]),
      2,
    );
    assert.equal(await exitCode(['rules', 'show', 'no.such.rule']), 2);
    assert.equal(
      await exitCode([
        'calc',
        'contribution',
        '--segment',
        'PU',
        '--period',
        '2021-06',
        '--wage',
        '5',
        '--risk-class',
        '1',
      ]),
      0,
    );
  });
});

describe('rules: HTTP', () => {
  let app: Http;
  before(async () => {
    app = await createHttp();
    await app.register(async (api) => rulesRoutes(api, {} as Deps), { prefix: '/api' });
    await app.ready();
  });
  after(async () => {
    await app.close();
  });

  it('POST /api/calc/contribution (snake_case body, like the rest of the API)', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/calc/contribution',
      payload: { segment: 'PU', period: '2024-06', wage: 20000000, risk_class: 1 },
    });
    assert.equal(res.statusCode, 200);
    const r = res.json();
    assert.equal(
      r.lines.find((l: { program: string; payer: string }) => l.program === 'JP' && l.payer === 'worker')
        .amount,
      100423,
    );
    assert.equal(typeof r.totals.all, 'number');
  });

  it('400 naming the field for a negative wage, an unknown risk class, a period before the program', async () => {
    const post = (payload: object) => app.inject({ method: 'POST', url: '/api/calc/contribution', payload });
    const neg = await post({ segment: 'PU', period: '2024-06', wage: -1, risk_class: 1 });
    assert.equal(neg.statusCode, 400);
    assert.match(neg.json().error.message, /wage/);
    const rc = await post({ segment: 'PU', period: '2024-06', wage: 1, risk_class: 6 });
    assert.equal(rc.statusCode, 400);
    assert.match(rc.json().error.message, /risk_class/);
    const early = await post({ segment: 'PU', period: '2015-06', wage: 1, risk_class: 1 });
    assert.equal(early.statusCode, 400);
    assert.match(early.json().error.message, /^period: /);
  });

  it('POST /api/calc/benefit/{program}', async () => {
    const jkm = await app.inject({
      method: 'POST',
      url: '/api/calc/benefit/JKM',
      payload: { date: '2024-01-01' },
    });
    assert.equal(jkm.json().total, 42000000);
    const jp = await app.inject({
      method: 'POST',
      url: '/api/calc/benefit/JP',
      payload: { claim_date: '2025-06-01', birth_date: '1966-01-15', months: 180, average_wage: 8000000 },
    });
    assert.equal(jp.json().total, 1200000);
    const unknown = await app.inject({ method: 'POST', url: '/api/calc/benefit/XYZ', payload: {} });
    assert.equal(unknown.statusCode, 404);
  });

  it('GET /api/rules and /api/rules/{name}?asOf=', async () => {
    const list = (await app.inject({ url: '/api/rules' })).json();
    assert.ok(list.parameters.length > 60);
    const one = (await app.inject({ url: '/api/rules/jp.benefit.min?asOf=2026-11-21' })).json();
    assert.equal(one.value.value, 399700);
    assert.match(one.value.warning, /no newer value/);
    assert.equal((await app.inject({ url: '/api/rules/nope' })).statusCode, 404);
    assert.equal(
      (await app.inject({ url: '/api/rules/jkp.rate.government?asOf=2020-01-01' })).statusCode,
      400,
    );
  });

  it('GET /api/calc/rates for the billing run', async () => {
    const r = (
      await app.inject({ url: '/api/calc/rates?period=2025-03&risk_class=1&labour_intensive=true' })
    ).json();
    assert.equal(r.jp_wage_cap, 10547400);
    assert.equal(r.lines[0].rate, '0.0012');
  });

  it('the calculators appear in the OpenAPI document', async () => {
    const doc = (await app.inject({ url: '/api/openapi.json' })).json();
    assert.ok(doc.paths['/api/calc/contribution'].post.requestBody);
    assert.ok(doc.paths['/api/calc/benefit/JKK'].post.requestBody);
  });
});
