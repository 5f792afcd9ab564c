/**
 * The shared form pieces (issue 14), used by every task screen: a field with its error beside it,
 * Indonesian money and date inputs, a region picker (province → regency → district → village, with
 * search), employer and participant pickers (NPP, KPJ, NIK or name), and a confirmation that says
 * what changed. Words come from ./form-text.ts.
 */
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import type { ApiAnswer } from '../api/types.ts';
import { api, qs } from '../api.ts';
import { formatDate } from '../format.ts';
import { useI18n } from '../i18n.ts';
import { Link } from '../router.tsx';
import {
  type FieldError,
  type FieldErrors,
  formatAmountInput,
  isoToInput,
  mapApiError,
  parseAmount,
  parseDateInput,
  todayWib,
} from './form-input.ts';
import { useFx } from './form-text.ts';
import { useApi } from './useApi.ts';

export type { FieldError, FieldErrors };
export { isoToInput, parseAmount, parseDateInput, todayWib };

/** Props an input needs to be tied to its label and its error. */
export interface Ctl {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

export function useErrorText() {
  const { fx } = useFx();
  return (e: FieldError | null | undefined) => (!e ? '' : 'text' in e ? e.text : fx(e.key, e.vars));
}

/** A labelled field; its error is said beside it and read out with the input (aria-describedby). */
export function Field({
  label,
  error,
  optional,
  hint,
  wide,
  testId,
  children,
}: {
  label: ReactNode;
  error?: FieldError | null;
  optional?: boolean;
  hint?: ReactNode;
  wide?: boolean;
  testId?: string;
  children: (ctl: Ctl) => ReactNode;
}) {
  const { fx } = useFx();
  const id = useId();
  const words = useErrorText();
  const describedBy = [error ? `${id}-err` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ');
  return (
    <div
      className={`field${wide ? ' span-2' : ''}${error ? ' field-invalid' : ''}`}
      data-testid={testId}
      data-field-error={error ? 'true' : undefined}
    >
      <label htmlFor={id}>
        {label} {optional && <em className="muted">({fx('form.optional')})</em>}
      </label>
      {children({ id, 'aria-invalid': !!error, 'aria-describedby': describedBy || undefined })}
      {hint && (
        <span className="field-hint muted" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field-error" id={`${id}-err`} data-testid="field-error">
          {words(error)}
        </span>
      )}
    </div>
  );
}

/**
 * The state every task form keeps: its values, its field errors, the form's own error, busy, and
 * `submit(check, send)`: `check` returns client-side errors (none: send runs); a refused request is
 * mapped onto the fields by `mapApiError`.
 */
export function useTaskForm<T extends Record<string, unknown>>(
  initial: T,
  alias: Record<string, string> = {},
) {
  const { lang } = useI18n();
  const [values, setValues] = useState<T>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<FieldError | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof T>(k: K, v: T[K]) => {
    setValues((o) => ({ ...o, [k]: v }));
    setErrors((e) => {
      if (!e[k as string]) return e;
      const { [k as string]: _, ...rest } = e;
      // The last marked field corrected: "check the fields marked in red" no longer holds.
      if (!Object.keys(rest).length)
        setFormError((fe) => (fe && 'key' in fe && fe.key === 'form.err.summary' ? null : fe));
      return rest;
    });
  };
  const submit = async (check: () => FieldErrors, send: () => Promise<void>) => {
    setFormError(null);
    const found = check();
    setErrors(found);
    if (Object.keys(found).length) {
      setFormError({ key: 'form.err.summary' });
      return;
    }
    setBusy(true);
    try {
      await send();
    } catch (err) {
      const m = mapApiError(err, lang, Object.keys(initial), alias);
      setErrors(m.fields);
      setFormError(m.form ?? (Object.keys(m.fields).length ? { key: 'form.err.summary' } : null));
    } finally {
      setBusy(false);
    }
  };
  return { values, set, setValues, errors, formError, busy, submit, reset: () => setValues(initial) };
}

/** The form's own error, above its buttons. */
export function FormError({ error }: { error: FieldError | null }) {
  const words = useErrorText();
  if (!error) return null;
  return (
    <div className="alert alert-error" role="alert" data-testid="form-error">
      {words(error)}
    </div>
  );
}

/**
 * The end of a task form: its own error, then the submit button (disabled and saying so while it
 * saves) and a link back to where the task started.
 */
export function FormFooter({
  error,
  busy,
  submit,
  back,
  backLabel,
  note,
  busyText,
  testId = 'submit',
}: {
  error: FieldError | null;
  busy: boolean;
  submit: string;
  back?: string;
  backLabel?: string;
  /** a sentence above the buttons (e.g. "a second person approves this") */
  note?: ReactNode;
  /** what the button says while the request runs (default "Menyimpan… / Saving…") */
  busyText?: string;
  testId?: string;
}) {
  const { fx } = useFx();
  return (
    <div className="span-2">
      {note && <p className="muted small">{note}</p>}
      <FormError error={error} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid={testId}>
          {busy ? (busyText ?? fx('form.saving')) : submit}
        </button>
        {back && (
          <Link to={back} className="btn">
            {backLabel ?? fx('form.cancel')}
          </Link>
        )}
      </div>
    </div>
  );
}

/** Rupiah or a count typed the Indonesian way ("5.000.000"); shown grouped once the field is left. */
export function AmountInput({
  ctl,
  value,
  onChange,
  rupiah = true,
  testId,
}: {
  ctl: Ctl;
  value: string;
  onChange(v: string): void;
  rupiah?: boolean;
  testId?: string;
}) {
  return (
    <div className={rupiah ? 'input-affix' : undefined}>
      {rupiah && <span aria-hidden="true">Rp</span>}
      <input
        {...ctl}
        inputMode="numeric"
        autoComplete="off"
        value={value}
        data-testid={testId}
        onChange={(e) => onChange(e.target.value)}
        onBlur={() => {
          const n = parseAmount(value);
          if (n !== null && Number.isFinite(n)) onChange(formatAmountInput(n));
        }}
      />
    </div>
  );
}

/** A calendar date typed day first ("04-12-2026", "4 Desember 2026"), echoed in words; "today" is WIB. */
export function DateInput({
  ctl,
  value,
  onChange,
  testId,
  todayButton = true,
}: {
  ctl: Ctl;
  value: string;
  onChange(v: string): void;
  testId?: string;
  todayButton?: boolean;
}) {
  const { fx } = useFx();
  const { lang } = useI18n();
  const parsed = parseDateInput(value);
  return (
    <div>
      <div className="input-row">
        <input
          {...ctl}
          value={value}
          placeholder={fx('form.datePlaceholder')}
          autoComplete="off"
          data-testid={testId}
          onChange={(e) => onChange(e.target.value)}
          onBlur={() => {
            const p = parseDateInput(value);
            if (p) onChange(isoToInput(p));
          }}
        />
        {todayButton && (
          <button type="button" className="btn btn-small" onClick={() => onChange(isoToInput(todayWib()))}>
            {fx('form.today')}
          </button>
        )}
      </div>
      {parsed ? (
        <span className="field-hint muted" data-testid={testId ? `${testId}-words` : undefined}>
          {formatDate(parsed, lang)}
        </span>
      ) : null}
    </div>
  );
}

/** Checks shared by the forms' client-side validation. */
export function checks(errors: FieldErrors) {
  return {
    required(field: string, v: unknown) {
      if (v === null || v === undefined || (typeof v === 'string' && !v.trim()))
        errors[field] ??= { key: 'form.err.required' };
    },
    picked(field: string, v: unknown) {
      if (v === null || v === undefined || v === '') errors[field] ??= { key: 'form.err.pick' };
    },
    /** An Indonesian amount; `required` false lets it be empty. Returns the number (or null). */
    amount(field: string, v: string, o: { required?: boolean; min?: number } = {}): number | null {
      const n = parseAmount(v);
      if (n === null) {
        if (o.required) errors[field] ??= { key: 'form.err.required' };
        return null;
      }
      if (!Number.isFinite(n)) errors[field] ??= { key: 'form.err.number' };
      else if (o.min !== undefined && n < o.min)
        errors[field] ??= { key: 'form.err.min', vars: { n: o.min } };
      return Number.isFinite(n) ? n : null;
    },
    /** A date typed day first; `notAfter` refuses later dates (e.g. today in WIB). Returns ISO or null. */
    date(field: string, v: string, o: { required?: boolean; notAfter?: string } = {}): string | null {
      const d = parseDateInput(v);
      if (d === '') {
        if (o.required) errors[field] ??= { key: 'form.err.required' };
        return null;
      }
      if (d === null) {
        errors[field] ??= { key: 'form.err.date' };
        return null;
      }
      if (o.notAfter && d > o.notAfter) errors[field] ??= { key: 'form.err.future' };
      return d;
    },
    text(field: string, v: string, o: { min?: number; max?: number; required?: boolean } = {}) {
      const s = v.trim();
      if (!s) {
        if (o.required !== false) errors[field] ??= { key: 'form.err.required' };
        return;
      }
      if (o.min && s.length < o.min) errors[field] ??= { key: 'form.err.tooShort', vars: { n: o.min } };
      if (o.max && s.length > o.max) errors[field] ??= { key: 'form.err.tooLong', vars: { n: o.max } };
    },
  };
}

// ---- region picker -------------------------------------------------------------------------------

/** A region picker row (GET /api/regions/options), generated from src/modules/regions/schemas.ts. */
export type RegionOption = ApiAnswer<'/api/regions/options'>['items'][number];

const LEVEL_KEYS = [
  'form.region.province',
  'form.region.regency',
  'form.region.district',
  'form.region.village',
] as const;

/**
 * Province → regency → district → village, each a list of the level below, and a search by name that
 * fills them all. `level` is the deepest level asked for (4: a village); with `anyLevel` the value is the
 * deepest level chosen so far. `mine` offers a branch officer its own regions only.
 */
export function RegionPicker({
  ctl,
  value,
  onChange,
  level = 4,
  anyLevel = false,
  mine = false,
  testId = 'region-picker',
}: {
  ctl: Ctl;
  value: string;
  onChange(code: string, option: RegionOption | null): void;
  level?: 1 | 2 | 3 | 4;
  anyLevel?: boolean;
  mine?: boolean;
  testId?: string;
}) {
  const { fx } = useFx();
  const parts = value ? value.split('.') : [];
  const codes = [1, 2, 3, 4].map((n) => (parts.length >= n ? parts.slice(0, n).join('.') : ''));
  const m = mine ? { mine: 'true' } : {};
  const lists = [
    useApi<{ items: RegionOption[] }>(`/api/regions/options${qs(m)}`),
    useApi<{ items: RegionOption[] }>(
      level >= 2 && codes[0] ? `/api/regions/options${qs({ ...m, parent: codes[0] })}` : null,
    ),
    useApi<{ items: RegionOption[] }>(
      level >= 3 && codes[1] ? `/api/regions/options${qs({ ...m, parent: codes[1] })}` : null,
    ),
    useApi<{ items: RegionOption[] }>(
      level >= 4 && codes[2] ? `/api/regions/options${qs({ ...m, parent: codes[2] })}` : null,
    ),
  ];
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<RegionOption[] | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: m is derived from mine
  useEffect(() => {
    const term = q.trim();
    if (term.length < 3) {
      setHits(null);
      return;
    }
    const ctrl = new AbortController();
    const timer = setTimeout(() => {
      api<{ items: RegionOption[] }>(
        `/api/regions/options${qs({ ...m, q: term, level: anyLevel ? undefined : level })}`,
        { signal: ctrl.signal },
      )
        .then((r) => setHits(r.items))
        .catch(() => {});
    }, 250);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [q, level, anyLevel, mine]);
  const choose = (n: number, code: string) => {
    const opt = lists[n]?.data?.items.find((o) => o.code === code) ?? null;
    onChange(code || codes[n - 1] || '', code ? opt : null);
  };
  return (
    <div className="region-picker" data-testid={testId}>
      <input
        {...ctl}
        type="search"
        value={q}
        placeholder={fx(level === 4 && !anyLevel ? 'form.region.searchVillage' : 'form.region.search')}
        onChange={(e) => setQ(e.target.value)}
        data-testid={`${testId}-search`}
        autoComplete="off"
      />
      {hits && (
        <ul className="picker-hits" data-testid={`${testId}-hits`}>
          {hits.length === 0 && <li className="muted">{fx('form.noMatch')}</li>}
          {hits.map((h) => (
            <li key={h.code}>
              <button
                type="button"
                className="picker-hit"
                onClick={() => {
                  onChange(h.code, h);
                  setQ('');
                  setHits(null);
                }}
              >
                <strong>{h.name}</strong> <span className="muted">{h.path}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="region-levels">
        {lists.slice(0, level).map((list, i) => {
          const n = i + 1;
          if (n > 1 && !codes[n - 2]) return null;
          return (
            <label key={LEVEL_KEYS[i]} className="region-level">
              <span className="muted small">{fx(LEVEL_KEYS[i]!)}</span>
              <select
                value={codes[i] ?? ''}
                onChange={(e) => choose(i, e.target.value)}
                data-testid={`${testId}-level-${n}`}
              >
                <option value="">{fx('form.choose')}</option>
                {(list.data?.items ?? []).map((o) => (
                  <option key={o.code} value={o.code}>
                    {o.name}
                  </option>
                ))}
              </select>
            </label>
          );
        })}
      </div>
    </div>
  );
}

// ---- employer and participant pickers ------------------------------------------------------------

export interface Picked {
  id: number;
  /** NPP for an employer, KPJ for a participant */
  number: string;
  name: string;
  detail: string;
}

/** What people type: spaces and dots inside a NIK, KPJ or NPP are dropped. */
export function normaliseLookup(text: string): string {
  const s = text.trim();
  return /^[\d\s.-]+$/.test(s) ? s.replace(/[\s.-]/g, '') : s;
}

/** Finds an employer (NPP or name) or a participant (NIK, KPJ or name) inside the user's own scope. */
export function EntityPicker({
  ctl,
  kind,
  value,
  onChange,
  testId,
}: {
  ctl: Ctl;
  kind: 'employer' | 'participant';
  value: Picked | null;
  onChange(p: Picked | null): void;
  testId?: string;
}) {
  const { fx } = useFx();
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<Picked[] | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const term = normaliseLookup(q);
    if (term.length < 2) {
      setHits(null);
      return;
    }
    const ctrl = new AbortController();
    const timer = setTimeout(() => {
      const path = kind === 'employer' ? '/api/employers' : '/api/participants';
      api<{ items: Array<Record<string, unknown>> }>(`${path}${qs({ q: term, pageSize: 8 })}`, {
        signal: ctrl.signal,
      })
        .then((r) =>
          setHits(
            r.items.map((x) =>
              kind === 'employer'
                ? {
                    id: Number(x.id),
                    number: String(x.npp),
                    name: String(x.name),
                    detail: [x.regency_name, x.province_name].filter(Boolean).join(', '),
                  }
                : {
                    id: Number(x.id),
                    number: String(x.kpj),
                    name: String(x.full_name),
                    detail: [String(x.nik ?? ''), x.province_name].filter(Boolean).join(' · '),
                  },
            ),
          ),
        )
        .catch(() => {});
    }, 250);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [q, kind]);
  const tid = testId ?? `${kind}-picker`;
  if (value) {
    return (
      <div className="picked" data-testid={`${tid}-picked`}>
        <span>
          <strong>{value.name}</strong>{' '}
          <span className="muted">
            {kind === 'employer' ? 'NPP' : 'KPJ'} {value.number}
            {value.detail ? ` · ${value.detail}` : ''}
          </span>
        </span>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => {
            onChange(null);
            setTimeout(() => inputRef.current?.focus(), 0);
          }}
        >
          {fx('form.change')}
        </button>
      </div>
    );
  }
  return (
    <div className="entity-picker" data-testid={tid}>
      <input
        {...ctl}
        ref={inputRef}
        type="search"
        value={q}
        autoComplete="off"
        placeholder={fx(kind === 'employer' ? 'form.pickEmployer' : 'form.pickParticipant')}
        onChange={(e) => setQ(e.target.value)}
        data-testid={`${tid}-search`}
      />
      {hits && (
        <ul className="picker-hits" data-testid={`${tid}-hits`}>
          {hits.length === 0 && <li className="muted">{fx('form.noMatch')}</li>}
          {hits.map((h) => (
            <li key={h.id}>
              <button
                type="button"
                className="picker-hit"
                onClick={() => {
                  onChange(h);
                  setQ('');
                  setHits(null);
                }}
              >
                <strong>{h.name}</strong>{' '}
                <span className="muted">
                  {kind === 'employer' ? 'NPP' : 'KPJ'} {h.number}
                  {h.detail ? ` · ${h.detail}` : ''}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

// ---- confirmation --------------------------------------------------------------------------------

export interface Change {
  label: ReactNode;
  before?: ReactNode;
  after: ReactNode;
}

/** After a save: what was done, field by field (before → after when something changed), and what next. */
export function Confirmation({
  title,
  note,
  changes,
  children,
}: {
  title: ReactNode;
  note?: ReactNode;
  changes: Change[];
  children?: ReactNode;
}) {
  const { fx } = useFx();
  const ref = useRef<HTMLElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const hasBefore = changes.some((c) => c.before !== undefined);
  return (
    <section className="card confirmation" role="status" tabIndex={-1} ref={ref} data-testid="confirmation">
      <h2>✓ {title}</h2>
      {note && <p>{note}</p>}
      {changes.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{fx('form.what')}</th>
                {hasBefore && <th scope="col">{fx('form.before')}</th>}
                <th scope="col">{hasBefore ? fx('form.after') : fx('form.value')}</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((c, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list
                <tr key={i}>
                  <th scope="row">{c.label}</th>
                  {hasBefore && <td>{c.before ?? '—'}</td>}
                  <td>{c.after}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {children && <div className="form-actions">{children}</div>}
    </section>
  );
}

/**
 * A button for an action that cannot be undone from the screen (approve a write-off, reject a request):
 * the first press asks, in words, what will happen; only "yes" does it, "cancel" goes back.
 */
export function ConfirmButton({
  label,
  question,
  yes,
  onConfirm,
  primary,
  disabled,
  testId,
}: {
  label: ReactNode;
  question: ReactNode;
  yes: ReactNode;
  onConfirm(): void;
  primary?: boolean;
  disabled?: boolean;
  testId?: string;
}) {
  const { fx } = useFx();
  const [asking, setAsking] = useState(false);
  const yesRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) yesRef.current?.focus();
  }, [asking]);
  if (!asking)
    return (
      <button
        type="button"
        className={`btn btn-small${primary ? ' btn-primary' : ''}`}
        disabled={disabled}
        onClick={() => setAsking(true)}
        data-testid={testId}
      >
        {label}
      </button>
    );
  return (
    <div className="confirm-ask" role="alert" data-testid={testId ? `${testId}-ask` : undefined}>
      <p className="small">{question}</p>
      <div className="form-actions">
        <button
          type="button"
          ref={yesRef}
          className={`btn btn-small${primary ? ' btn-primary' : ' btn-danger'}`}
          disabled={disabled}
          onClick={() => {
            setAsking(false);
            onConfirm();
          }}
          data-testid={testId ? `${testId}-yes` : undefined}
        >
          {yes}
        </button>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => setAsking(false)}
          data-testid={testId ? `${testId}-no` : undefined}
        >
          {fx('form.cancel')}
        </button>
      </div>
    </div>
  );
}

/** A select whose options are (value, words) pairs. */
export function Choice({
  ctl,
  value,
  onChange,
  options,
  placeholder,
  testId,
}: {
  ctl: Ctl;
  value: string;
  onChange(v: string): void;
  options: Array<[string, string]>;
  placeholder?: string;
  testId?: string;
}) {
  return (
    <select {...ctl} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
      {placeholder !== undefined && <option value="">{placeholder}</option>}
      {options.map(([v, label]) => (
        <option key={v} value={v}>
          {label}
        </option>
      ))}
    </select>
  );
}
