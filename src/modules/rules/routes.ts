import type { ZodType } from 'zod';
import type { Deps } from '../../platform/deps.ts';
import { NotFoundError } from '../../platform/errors.ts';
import type { Http } from '../../platform/http.ts';
import { computeBeasiswa } from './beasiswa.ts';
import type { BenefitResult } from './benefit-result.ts';
import { computeJkk, computeJkm } from './benefits.ts';
import { computeContribution } from './contributions.ts';
import { computeJkp } from './jkp.ts';
import { listParams, PARAMS, paramAt } from './params.ts';
import { contributionRates } from './rates.ts';
import { computeJht, computeJp } from './savings.ts';
import {
  asOfQuery,
  beasiswaBody,
  camel,
  contributionBody,
  jhtBody,
  jkkBody,
  jkmBody,
  jkpBody,
  jpBody,
  ratesQuery,
  ruleNameParams,
} from './schemas.ts';
import { toWire } from './trace.ts';

/**
 * Public rule parameters and calculators (no login: anyone may check a contribution or benefit).
 * Thin: validate with zod, call one pure function, return its JSON shape.
 */
export async function rulesRoutes(app: Http, _deps: Deps): Promise<void> {
  const tags = ['rules'];
  app.get(
    '/rules',
    { schema: { tags, summary: 'Parameter aturan bertanggal / dated rule parameters (all values)' } },
    async () => toWire({ parameters: listParams() }),
  );

  app.get(
    '/rules/:name',
    {
      schema: {
        tags,
        summary: 'Satu parameter, dievaluasi per tanggal / one parameter, evaluated as of a date',
        params: ruleNameParams,
        querystring: asOfQuery,
      },
    },
    async (req) => {
      const def = PARAMS.get(req.params.name);
      if (!def) throw new NotFoundError(`Parameter tidak dikenal / unknown parameter: ${req.params.name}`);
      const asOf = req.query.asOf ?? req.query.as_of;
      if (!asOf) return toWire({ parameter: def });
      const at = paramAt(def.name, asOf, 'asOf');
      return toWire({ parameter: def, asOf, inForce: at !== undefined, value: at ?? null });
    },
  );

  app.get(
    '/calc/rates',
    {
      schema: {
        tags,
        summary: 'Tarif PU per baris untuk penagihan / exact PU rate per line for billing',
        querystring: ratesQuery,
      },
    },
    async (req) =>
      toWire(
        contributionRates(req.query.period, {
          riskClass: req.query.risk_class,
          labourIntensive: req.query.labour_intensive === 'true',
        }),
      ),
  );

  app.post(
    '/calc/contribution',
    {
      schema: {
        tags,
        summary: 'Hitung iuran / compute contributions (PU, BPU, Jakon, PMI)',
        body: contributionBody,
      },
    },
    async (req) => toWire(computeContribution(camel(req.body))),
  );

  const benefit = <B extends object>(
    program: string,
    body: ZodType<B>,
    fn: (input: B) => BenefitResult,
    summary: string,
  ) => {
    app.post(`/calc/benefit/${program}`, { schema: { tags, summary, body } }, async (req) =>
      toWire(fn(req.body as B)),
    );
  };
  benefit('JKM', jkmBody, (b) => computeJkm(camel(b)), 'Manfaat JKM / death benefit');
  benefit('BEASISWA', beasiswaBody, (b) => computeBeasiswa(camel(b)), 'Beasiswa / scholarship');
  benefit('JKK', jkkBody, (b) => computeJkk(camel(b)), 'Manfaat JKK / work-accident benefits');
  benefit('JHT', jhtBody, (b) => computeJht(camel(b)), 'Saldo JHT / old-age savings balance');
  benefit('JP', jpBody, (b) => computeJp(camel(b)), 'Manfaat JP / pension');
  benefit('JKP', jkpBody, (b) => computeJkp(camel(b)), 'Manfaat JKP / job-loss benefit');
  app.post('/calc/benefit/:program', { schema: { hide: true } }, async (req) => {
    const { program } = req.params as { program: string };
    throw new NotFoundError(
      `Program tidak dikenal / unknown program "${program}": JKM, BEASISWA, JKK, JHT, JP, JKP (huruf besar / upper case)`,
    );
  });
}
