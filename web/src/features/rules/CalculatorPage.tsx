import { type FormEvent, useState } from 'react';
import { api } from '../../api.ts';
import { formatRate, formatRupiah } from '../../format.ts';
import { type Key, localize, translateMaybe, useI18n } from '../../i18n.ts';
import { Empty, ErrorBox, PageHeader } from '../../ui/components.tsx';
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

const digits = (s: string) => Number(s.replace(/\D/g, '') || '0');

export function CalculatorPage() {
  const { t, lang } = useI18n();
  const [segment, setSegment] = useState<Segment>('PU');
  const [period, setPeriod] = useState(thisMonth);
  const [f, setF] = useState({
    wage: '5000000',
    risk_class: '1',
    labour_intensive: false,
    income: '2000000',
    jht: false,
    transport: false,
    budget_funded: false,
    contract_value: '1000000000',
    contract_months: '24',
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<CalcResult | null>(null);
  const text = (k: keyof typeof f) => (e: { target: { value: string } }) =>
    setF({ ...f, [k]: e.target.value });
  const flag =
    (k: 'labour_intensive' | 'jht' | 'transport' | 'budget_funded') =>
    (e: { target: { checked: boolean } }) =>
      setF({ ...f, [k]: e.target.checked });

  const body = (): Record<string, unknown> => {
    switch (segment) {
      case 'PU':
        return {
          segment,
          period,
          wage: digits(f.wage),
          risk_class: Number(f.risk_class),
          labour_intensive: f.labour_intensive,
        };
      case 'BPU':
        return {
          segment,
          period,
          income: digits(f.income),
          jht: f.jht,
          transport: f.transport,
          budget_funded: f.budget_funded,
        };
      case 'JAKON':
        return { segment, period, contract_value: digits(f.contract_value) };
      case 'PMI':
        return { segment, period, contract_months: Number(f.contract_months) };
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setResult(await api<CalcResult>('/api/calc/contribution', { method: 'POST', body: body() }));
    } catch (err) {
      setError(err);
      setResult(null);
    } finally {
      setBusy(false);
    }
  };

  const rest = result ? Object.entries(result).filter(([k]) => k !== 'lines' && k !== 'totals') : [];
  const restSimple = rest.filter(([, v]) => typeof v !== 'object' || v === null);
  const restNested = rest.filter(
    ([, v]) => typeof v === 'object' && v !== null && !(Array.isArray(v) && v.length === 0),
  );
  const money = (label: Key, k: keyof typeof f) => (
    <label className="field">
      <span>{t(label)}</span>
      <input
        value={f[k] as string}
        onChange={text(k)}
        inputMode="numeric"
        required
        data-testid={`calc-${k}`}
      />
      <small className="muted">{formatRupiah(digits(f[k] as string))}</small>
    </label>
  );

  return (
    <div>
      <PageHeader title={t('calc.title')} subtitle={t('calc.intro')} />
      <form className="card form-grid" onSubmit={submit} data-testid="calc-form">
        <label className="field">
          <span>{t('calc.segment')}</span>
          <select
            value={segment}
            onChange={(e) => setSegment(e.target.value as Segment)}
            data-testid="calc-segment"
          >
            {(['PU', 'BPU', 'JAKON', 'PMI'] as const).map((s) => (
              <option key={s} value={s}>
                {translateMaybe(lang, `segment.${s}`, s)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('calc.period')}</span>
          <input
            type="month"
            value={period}
            onChange={(e) => setPeriod(e.target.value)}
            required
            data-testid="calc-period"
          />
        </label>
        {segment === 'PU' && (
          <>
            {money('calc.wage', 'wage')}
            <label className="field">
              <span>{t('calc.riskClass')}</span>
              <select value={f.risk_class} onChange={text('risk_class')} data-testid="calc-risk">
                {[1, 2, 3, 4, 5].map((r) => (
                  <option key={r}>{r}</option>
                ))}
              </select>
            </label>
            <fieldset className="checks span-2">
              <label>
                <input type="checkbox" checked={f.labour_intensive} onChange={flag('labour_intensive')} />{' '}
                {t('calc.labourIntensive')}
              </label>
            </fieldset>
          </>
        )}
        {segment === 'BPU' && (
          <>
            {money('calc.income', 'income')}
            <fieldset className="checks span-2">
              <label>
                <input type="checkbox" checked={f.jht} onChange={flag('jht')} /> {t('calc.jht')}
              </label>
              <label>
                <input type="checkbox" checked={f.transport} onChange={flag('transport')} />{' '}
                {t('calc.transport')}
              </label>
              <label>
                <input type="checkbox" checked={f.budget_funded} onChange={flag('budget_funded')} />{' '}
                {t('calc.budgetFunded')}
              </label>
            </fieldset>
          </>
        )}
        {segment === 'JAKON' && money('calc.contractValue', 'contract_value')}
        {segment === 'PMI' && (
          <label className="field">
            <span>{t('calc.contractMonths')}</span>
            <input
              type="number"
              min={1}
              max={120}
              value={f.contract_months}
              onChange={text('contract_months')}
              required
            />
          </label>
        )}
        <div className="span-2 form-actions">
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="calc-submit">
            {busy ? t('calc.computing') : t('calc.compute')}
          </button>
        </div>
      </form>
      <ErrorBox error={error} />
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
