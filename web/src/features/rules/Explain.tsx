import type { ReactNode } from 'react';
import { formatDate, formatNumber, formatPeriod, formatRate, formatRupiah } from '../../format.ts';
import { type Key, localize, translateMaybe, useI18n } from '../../i18n.ts';

/**
 * Renders a calculator explanation without knowing its exact shape: steps ({label, calc}) as an
 * ordered list, parameters ({name, value, unit, ref…}) as a table, strings as lists, anything
 * else as nested definition lists. The rules module owns the shape; this only has to survive it.
 */
const MONEY_KEY = /amount|wage|income|base|total|rupiah|contract_value|cap|floor|ceiling|contribution/i;
const TITLES: Record<string, Key> = {
  steps: 'calc.steps',
  parameters: 'calc.parameters',
  warnings: 'calc.warnings',
  inputs: 'calc.key.inputs',
  explanation: 'calc.key.explanation',
};

export function sectionTitle(key: string, lang: 'id' | 'en'): string {
  return TITLES[key] ? translateMaybe(lang, TITLES[key], key) : translateMaybe(lang, `calc.key.${key}`, key);
}

const isEmpty = (v: unknown) => v === null || v === undefined || (Array.isArray(v) && v.length === 0);

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStep = (v: unknown): v is { label: string; calc: string } =>
  isObj(v) && typeof v.label === 'string' && 'calc' in v;
const isParam = (v: unknown): v is Obj =>
  isObj(v) && 'value' in v && ('ref' in v || 'source' in v || 'unit' in v);

export function Explain({ value, name }: { value: unknown; name?: string }): ReactNode {
  const { lang, t } = useI18n();
  if (value === null || value === undefined || value === '') return <span className="muted">—</span>;
  if (
    typeof value === 'string' &&
    name &&
    /rate$/.test(name) &&
    value.trim() !== '' &&
    !Number.isNaN(Number(value))
  )
    return <span>{formatRate(value)}</span>;
  if (typeof value === 'string') {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return <span>{formatDate(value, lang)}</span>;
    if (/^\d{4}-\d{2}$/.test(value)) return <span>{formatPeriod(value, lang)}</span>;
    return <span>{localize(value, lang)}</span>;
  }
  if (name && /rate$/.test(name) && !Number.isNaN(Number(value)))
    return <span>{formatRate(value as number | string)}</span>;
  if (typeof value === 'number')
    return <span>{name && MONEY_KEY.test(name) ? formatRupiah(value) : formatNumber(value)}</span>;
  if (typeof value === 'boolean') return <span>{value ? t('common.yes') : t('common.no')}</span>;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="muted">—</span>;
    if (value.every(isStep)) {
      return (
        <ol className="steps">
          {value.map((s, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: steps are ordered and never reordered
            <li key={i}>
              <span>{localize(s.label, lang)}</span>
              <code>{String(s.calc)}</code>
            </li>
          ))}
        </ol>
      );
    }
    if (value.every(isParam)) return <ParamTable params={value} />;
    if (value.every((v) => typeof v === 'string')) {
      return (
        <ul className={name === 'warnings' ? 'warnings' : 'plain'}>
          {value.map((v, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: static list
            <li key={i}>{localize(v, lang)}</li>
          ))}
        </ul>
      );
    }
    return (
      <ul className="plain">
        {value.map((v, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: static list
          <li key={i}>
            <Explain value={v} name={name} />
          </li>
        ))}
      </ul>
    );
  }
  if (isObj(value)) {
    const entries = Object.entries(value);
    const simple = entries.filter(([, v]) => !isObj(v) && !Array.isArray(v));
    const nested = entries.filter(([, v]) => (isObj(v) || Array.isArray(v)) && !isEmpty(v));
    return (
      <div className="explain">
        {simple.length > 0 && (
          <dl className="kv">
            {simple.map(([k, v]) => (
              <div key={k}>
                <dt>{translateMaybe(lang, `calc.key.${k}`, k)}</dt>
                <dd>
                  <Explain value={v} name={k} />
                </dd>
              </div>
            ))}
          </dl>
        )}
        {nested.map(([k, v]) => (
          <div key={k} className="explain-section">
            <h4>{sectionTitle(k, lang)}</h4>
            <Explain value={v} name={k} />
          </div>
        ))}
      </div>
    );
  }
  return <span>{String(value)}</span>;
}

function paramValue(p: Obj): string {
  const unit = String(p.unit ?? '');
  const v = p.value;
  if ((typeof v === 'number' || typeof v === 'string') && v !== '' && !Number.isNaN(Number(v))) {
    if (unit === 'rate') return formatRate(v);
    if (unit === 'rupiah') return formatRupiah(v);
    return `${formatNumber(v)} ${unit}`.trim();
  }
  return `${typeof v === 'string' ? v : JSON.stringify(v)} ${unit}`.trim();
}

function ParamTable({ params }: { params: Obj[] }) {
  const { lang, t } = useI18n();
  const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  return (
    <div className="table-wrap">
      <table className="params">
        <tbody>
          {params.map((p, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: parameters may repeat a name with other dates
            <tr key={i}>
              <td>
                {localize(str(p.label ?? p.name), lang)}
                {p.name && p.label ? <div className="muted small mono">{str(p.name)}</div> : null}
              </td>
              <td className="num nowrap">
                <strong>{paramValue(p)}</strong>
                {p.unconfirmed === true && (
                  <div>
                    <span className="badge badge-warn">{t('calc.unconfirmed')}</span>
                  </div>
                )}
              </td>
              <td>
                {str(p.ref)}
                {typeof p.source === 'string' && /^https?:/.test(p.source) && (
                  <>
                    {' · '}
                    <a href={p.source} target="_blank" rel="noreferrer">
                      {t('calc.source')}
                    </a>
                  </>
                )}
                {p.from ? (
                  <div className="muted small">
                    {formatDate(str(p.from), lang)} – {p.to ? formatDate(str(p.to), lang) : '…'}
                  </div>
                ) : null}
                {typeof p.note === 'string' && <div className="muted small">{localize(p.note, lang)}</div>}
                {typeof p.warning === 'string' && (
                  <div className="warn-text small">{localize(p.warning, lang)}</div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function payerLabel(payer: unknown, lang: 'id' | 'en'): string {
  const s = String(payer ?? '');
  return translateMaybe(lang, `calc.total.${s}`, s);
}
