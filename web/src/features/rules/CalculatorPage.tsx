import { useState } from 'react';
import { api } from '../../api.ts';
import { formatRate, formatRupiah } from '../../format.ts';
import { type Key, localize, translateMaybe, useI18n } from '../../i18n.ts';
import { Empty, PageHeader } from '../../ui/components.tsx';
import { AmountRow, ChoiceRow, TaskFormCard, TextRow } from '../../ui/fields.tsx';
import { checks, type FieldErrors, useTaskForm } from '../../ui/form.tsx';
import { Explain, payerLabel, sectionTitle } from './Explain.tsx';

type Segment = 'PU' | 'BPU' | 'JAKON' | 'PMI';

interface Line {
  program: string;
  payer: string;
  amount: number;
  [k: string]: unknown;
}

interface CalcResult {
  lines: Line[];
  totals: Record<string, number>;
  [k: string]: unknown;
}

function thisMonth(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

const SEGMENTS = ['PU', 'BPU', 'JAKON', 'PMI'] as const;

export function CalculatorPage() {
  const { t, lang } = useI18n();
  const f = useTaskForm({
    segment: 'PU' as Segment,
    period: thisMonth(),
    wage: '5.000.000',
    risk_class: '1',
    labour_intensive: false,
    income: '2.000.000',
    jht: false,
    transport: false,
    budget_funded: false,
    contract_value: '1.000.000.000',
    contract_months: '24',
  });
  const v = f.values;
  const segment = v.segment;
  const [result, setResult] = useState<CalcResult | null>(null);

  let body: Record<string, unknown> = {};
  const check = () => {
    const e: FieldErrors = {};
    const c = checks(e);
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(v.period)) e.period = { key: 'form.err.period' };
    const { period } = v;
    switch (segment) {
      case 'PU':
        body = {
          segment,
          period,
          wage: c.amount('wage', v.wage, { required: true, min: 0 }),
          risk_class: Number(v.risk_class),
          labour_intensive: v.labour_intensive,
        };
        break;
      case 'BPU':
        body = {
          segment,
          period,
          income: c.amount('income', v.income, { required: true, min: 0 }),
          jht: v.jht,
          transport: v.transport,
          budget_funded: v.budget_funded,
        };
        break;
      case 'JAKON':
        body = {
          segment,
          period,
          contract_value: c.amount('contract_value', v.contract_value, { required: true, min: 0 }),
        };
        break;
      case 'PMI': {
        const months = c.amount('contract_months', v.contract_months, { required: true, min: 1 });
        if (months !== null && months > 240) e.contract_months = { key: 'form.err.max', vars: { n: 240 } };
        body = { segment, period, contract_months: months };
        break;
      }
    }
    return e;
  };
  const send = async () => {
    setResult(null);
    setResult(await api<CalcResult>('/api/calc/contribution', { method: 'POST', body }));
  };

  const rest = result ? Object.entries(result).filter(([k]) => k !== 'lines' && k !== 'totals') : [];
  const restSimple = rest.filter(([, v]) => typeof v !== 'object' || v === null);
  const restNested = rest.filter(
    ([, v]) => typeof v === 'object' && v !== null && !(Array.isArray(v) && v.length === 0),
  );
  const money = (label: Key, k: 'wage' | 'income' | 'contract_value') => (
    <AmountRow form={f} name={k} label={t(label)} testId={`calc-${k}`} />
  );
  const boxes = (list: Array<['labour_intensive' | 'jht' | 'transport' | 'budget_funded', Key]>) => (
    <fieldset className="checks span-2">
      {list.map(([k, label]) => (
        <label key={k}>
          <input
            type="checkbox"
            checked={v[k]}
            onChange={(e) => f.set(k, e.target.checked)}
            data-testid={`calc-${k}`}
          />{' '}
          {t(label)}
        </label>
      ))}
    </fieldset>
  );

  return (
    <div>
      <PageHeader title={t('calc.title')} subtitle={t('calc.intro')} />
      <TaskFormCard
        form={f}
        check={check}
        send={send}
        testId="calc-form"
        submit={t('calc.compute')}
        busyText={t('calc.computing')}
        submitTestId="calc-submit"
      >
        <ChoiceRow
          form={f}
          name="segment"
          label={t('calc.segment')}
          options={SEGMENTS.map((s) => [s, translateMaybe(lang, `segment.${s}`, s)])}
          onChange={(x) => {
            f.set('segment', x as Segment);
            setResult(null);
          }}
          testId="calc-segment"
        />
        <TextRow
          form={f}
          name="period"
          label={t('calc.period')}
          input={{ type: 'month' }}
          testId="calc-period"
        />
        {segment === 'PU' && (
          <>
            {money('calc.wage', 'wage')}
            <ChoiceRow
              form={f}
              name="risk_class"
              label={t('calc.riskClass')}
              options={['1', '2', '3', '4', '5'].map((r) => [r, r])}
              testId="calc-risk"
            />
            {boxes([['labour_intensive', 'calc.labourIntensive']])}
          </>
        )}
        {segment === 'BPU' && (
          <>
            {money('calc.income', 'income')}
            {boxes([
              ['jht', 'calc.jht'],
              ['transport', 'calc.transport'],
              ['budget_funded', 'calc.budgetFunded'],
            ])}
          </>
        )}
        {segment === 'JAKON' && money('calc.contractValue', 'contract_value')}
        {segment === 'PMI' && (
          <AmountRow
            form={f}
            name="contract_months"
            label={t('calc.contractMonths')}
            rupiah={false}
            testId="calc-contract_months"
          />
        )}
      </TaskFormCard>
      {result && (
        <section className="card" data-testid="calc-result">
          {result.lines.length === 0 ? (
            <Empty>{t('calc.noLines')}</Empty>
          ) : (
            <div className="table-wrap">
              <table data-testid="calc-lines">
                <thead>
                  <tr>
                    <th>{t('calc.program')}</th>
                    <th>{t('calc.payer')}</th>
                    <th className="num">{t('calc.amount')}</th>
                    <th>{t('calc.explanation')}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.lines.map((l) => (
                    <tr
                      key={`${l.program}|${l.payer}|${String(l.kind ?? '')}|${String(l.label ?? '')}`}
                      data-testid="calc-line"
                      className={l.kind === 'allocation' ? 'line-allocation' : undefined}
                    >
                      <td>
                        <strong>{l.program}</strong>
                      </td>
                      <td>{payerLabel(l.payer, lang)}</td>
                      <td className="num nowrap" data-testid="calc-line-amount">
                        {formatRupiah(l.amount)}
                      </td>
                      <td className="explain-cell">
                        <LineExplanation line={l} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h3>{t('calc.totals')}</h3>
          <div className="stats compact" data-testid="calc-totals">
            {Object.entries(result.totals ?? {}).map(([k, v]) => (
              <div key={k} className={`stat${k === 'all' ? ' stat-ok' : ''}`}>
                <span className="stat-label">{translateMaybe(lang, `calc.total.${k}`, k)}</span>
                <span className="stat-value" data-testid={`calc-total-${k}`}>
                  {formatRupiah(v)}
                </span>
              </div>
            ))}
          </div>
          {restSimple.length > 0 && (
            <dl className="kv result-meta">
              {restSimple.map(([k, v]) => (
                <div key={k}>
                  <dt>{sectionTitle(k, lang)}</dt>
                  <dd>
                    <Explain value={v} name={k} />
                  </dd>
                </div>
              ))}
            </dl>
          )}
          {restNested.map(([k, v]) => (
            <div key={k} className="explain-section">
              <h3>{sectionTitle(k, lang)}</h3>
              <Explain value={v} name={k} />
            </div>
          ))}
          <details className="raw">
            <summary>{t('calc.raw')}</summary>
            <pre>{JSON.stringify(result, null, 2)}</pre>
          </details>
        </section>
      )}
    </div>
  );
}

const SHOWN = ['program', 'payer', 'amount', 'label', 'base', 'rate', 'kind'];

/** A line's own label and "base × rate", other short values in small print, nested explanation folded. */
function LineExplanation({ line }: { line: Line }) {
  const { t, lang } = useI18n();
  const extra = Object.entries(line).filter(([k]) => !SHOWN.includes(k));
  const inline = extra.filter(([, v]) => typeof v !== 'object' || v === null);
  const folded = extra.filter(([, v]) => typeof v === 'object' && v !== null);
  const hasRate = line.base !== undefined && line.rate !== undefined && line.rate !== null;
  return (
    <div className="line-explain">
      {typeof line.label === 'string' && <div>{localize(line.label, lang)}</div>}
      {hasRate && (
        <div className="mono small">
          {formatRupiah(line.base as number)} × {formatRate(line.rate as string | number)}
        </div>
      )}
      {line.kind === 'allocation' && <div className="muted small">{t('calc.allocation')}</div>}
      {inline.length > 0 && (
        <div className="muted small">
          {inline.map(([k, v]) => (
            <span key={k} className="inline-kv">
              {k}: <Explain value={v} name={k} />
            </span>
          ))}
        </div>
      )}
      {folded.length > 0 && (
        <details data-testid="calc-line-details">
          <summary>{t('common.details')}</summary>
          {folded.map(([k, v]) => (
            <div key={k} className="explain-section">
              <Explain value={v} name={k} />
            </div>
          ))}
        </details>
      )}
    </div>
  );
}
