import { useState } from 'react';
import { qs } from '../../api.ts';
import { formatDate, formatNumber, formatRupiah } from '../../format.ts';
import { translateMaybe, useI18n } from '../../i18n.ts';
import { Link, useRouter } from '../../router.tsx';
import { Empty, ErrorBox, Loading, PageHeader, Pagination } from '../../ui/components.tsx';
import {
  Choice,
  checks,
  DateInput,
  Field,
  type FieldErrors,
  FormError,
  isoToInput,
  parseDateInput,
  useTaskForm,
} from '../../ui/form.tsx';
import { AUDIT_ACTIONS, AUDIT_ENTITIES, useFx } from '../../ui/form-text.ts';
import { useApi } from '../../ui/useApi.ts';
import { ExportButton } from '../jobs/ExportButton.tsx';

interface Entry {
  id: number;
  at: string;
  user_id: number | null;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
}

const PAGE = 50;

/** Fields that say which record it is: shown first, so a new record's line names it. */
const FIRST = ['name', 'full_name', 'title', 'number', 'npp', 'kpj', 'reference', 'reason', 'status'];
/** Coded values said in words through the dictionary (the field → its dictionary prefix). */
const WORDS: Record<string, string> = { size_class: 'size.', status: 'status.', segment: 'segment.' };
/** Bookkeeping columns a person reading the log does not need. */
const SKIP = new Set(['id', 'created_at', 'updated_at', 'created_by', 'updated_by']);

interface Line {
  key: string;
  label: string | null;
  before?: unknown;
  after: unknown;
  changed: boolean;
}

/** Which fields an entry changed (before → after), or the new values when there was nothing before. */
function summary(before: unknown, after: unknown, label: (k: string) => string | null): Line[] {
  const b = before && typeof before === 'object' ? (before as Record<string, unknown>) : {};
  const a = after && typeof after === 'object' ? (after as Record<string, unknown>) : {};
  const rank = (k: string) => (FIRST.includes(k) ? FIRST.indexOf(k) : FIRST.length);
  return [...new Set([...Object.keys(b), ...Object.keys(a)])]
    .filter((k) => !SKIP.has(k) && JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .sort((x, y) => rank(x) - rank(y))
    .map((k) => ({ key: k, label: label(k), before: b[k], after: a[k], changed: k in b }));
}

const MONEY = /amount|wage|credit|ceiling|fine|paid$|balance|income/;

/**
 * A stored value as a person reads it: dates and numbers formatted, yes/no, coded values through the
 * dictionary; a code or a nested record that has no words is shown as what it is, in <code>.
 */
function AuditValue({ field, value }: { field: string; value: unknown }) {
  const { t, lang } = useI18n();
  if (value === null || value === undefined || value === '') return <>—</>;
  if (typeof value === 'boolean') return <>{value ? t('common.yes') : t('common.no')}</>;
  if (typeof value === 'number') return <>{MONEY.test(field) ? formatRupiah(value) : formatNumber(value)}</>;
  if (typeof value === 'object') {
    const json = JSON.stringify(value);
    return <code>{json.length > 160 ? `${json.slice(0, 160)}…` : json}</code>;
  }
  const v = String(value);
  if (/^\d{4}-\d{2}-\d{2}([T ]|$)/.test(v)) return <>{formatDate(v.slice(0, 10), lang)}</>;
  if (WORDS[field]) {
    const w = translateMaybe(lang, `${WORDS[field]}${v}`, '');
    if (w) return <>{w}</>;
  }
  if (/^[a-z][a-z0-9_]*$/.test(v) || /^\d{5,}$/.test(v)) return <code>{v}</code>;
  return <>{v}</>;
}

/** /audit — the auditor's (and head office's) reading of the audit log: filters, pages, CSV of the same rows. */
export function AuditPage() {
  const { fx } = useFx();
  const { lang } = useI18n();
  const { location, navigate } = useRouter();
  const s = location.search;
  const applied = {
    person: s.get('orang') ?? '',
    entity: s.get('catatan') ?? '',
    entity_id: s.get('id') ?? '',
    action: s.get('tindakan') ?? '',
    from: s.get('dari') ?? '',
    to: s.get('sampai') ?? '',
  };
  const page = Math.max(1, Number(s.get('hal') ?? 1) || 1);
  const f = useTaskForm({ ...applied, from: isoToInput(applied.from), to: isoToInput(applied.to) }, {});
  const v = f.values;
  const res = useApi<{ total: number; items: Entry[] }>(
    `/api/audit${qs({ ...applied, page, pageSize: PAGE })}`,
  );
  const [open, setOpen] = useState<number | null>(null);
  const go = (p: typeof applied, pg = 1) =>
    navigate(
      `/audit${qs({ orang: p.person, catatan: p.entity, id: p.entity_id, tindakan: p.action, dari: p.from, sampai: p.to, hal: pg > 1 ? pg : undefined })}`,
    );
  const check = () => {
    const e: FieldErrors = {};
    const c = checks(e);
    const from = c.date('from', v.from);
    const to = c.date('to', v.to);
    if (from && to && to < from) e.to = { key: 'audit.err.toBeforeFrom' };
    return e;
  };
  const send = async () => {
    go({
      person: v.person.trim(),
      entity: v.entity,
      entity_id: v.entity_id.trim(),
      action: v.action,
      from: parseDateInput(v.from) ?? '',
      to: parseDateInput(v.to) ?? '',
    });
  };
  // A record kind or action the dictionary does not name yet is shown as the code it is.
  const entityLabel = (e: string) => fx.maybe(`audit.entity.${e}`, '') || <code>{e}</code>;
  const actionLabel = (a: string) => fx.maybe(`audit.action.${a}`, '') || <code>{a}</code>;
  return (
    <div>
      <PageHeader
        title={fx('audit.title')}
        subtitle={fx('audit.intro')}
        actions={
          <ExportButton
            path="/api/audit/export"
            body={Object.fromEntries(Object.entries(applied).filter(([, x]) => x !== ''))}
            label={fx('audit.export')}
            testId="audit-export"
          />
        }
      />
      <form
        className="card form-grid audit-filters"
        noValidate
        data-testid="audit-filters"
        onSubmit={(e) => {
          e.preventDefault();
          void f.submit(check, send);
        }}
      >
        <Field label={fx('audit.person')} error={f.errors.person} optional hint={fx('audit.personHint')}>
          {(ctl) => (
            <input
              {...ctl}
              value={v.person}
              onChange={(e) => f.set('person', e.target.value)}
              data-testid="person"
            />
          )}
        </Field>
        <Field label={fx('audit.action')} error={f.errors.action} optional>
          {(ctl) => (
            <Choice
              ctl={ctl}
              value={v.action}
              onChange={(x) => f.set('action', x)}
              placeholder={fx('audit.any')}
              options={AUDIT_ACTIONS.map(
                (a) => [a, fx.maybe(`audit.action.${a}`, a)] as [string, string],
              ).sort((x, y) => x[1].localeCompare(y[1]))}
              testId="action"
            />
          )}
        </Field>
        <Field label={fx('audit.entity')} error={f.errors.entity} optional>
          {(ctl) => (
            <Choice
              ctl={ctl}
              value={v.entity}
              onChange={(x) => f.set('entity', x)}
              placeholder={fx('audit.any')}
              options={AUDIT_ENTITIES.map(
                (a) => [a, fx.maybe(`audit.entity.${a}`, a)] as [string, string],
              ).sort((x, y) => x[1].localeCompare(y[1]))}
              testId="entity"
            />
          )}
        </Field>
        <Field label={fx('audit.entityId')} error={f.errors.entity_id} optional>
          {(ctl) => (
            <input {...ctl} value={v.entity_id} onChange={(e) => f.set('entity_id', e.target.value)} />
          )}
        </Field>
        <Field label={fx('audit.from')} error={f.errors.from} optional>
          {(ctl) => <DateInput ctl={ctl} value={v.from} onChange={(x) => f.set('from', x)} testId="from" />}
        </Field>
        <Field label={fx('audit.to')} error={f.errors.to} optional>
          {(ctl) => <DateInput ctl={ctl} value={v.to} onChange={(x) => f.set('to', x)} testId="to" />}
        </Field>
        <div className="span-2">
          <FormError error={f.formError} />
          <div className="form-actions">
            <button type="submit" className="btn btn-primary" data-testid="search">
              {fx('audit.search')}
            </button>
            <Link to="/audit" className="btn">
              {fx('audit.clear')}
            </Link>
          </div>
        </div>
      </form>
      <ErrorBox error={res.error} onRetry={res.reload} />
      {res.loading && !res.data && <Loading />}
      {res.data && (
        <section className="card flush">
          <p className="card-title" data-testid="audit-total">
            {fx('audit.total', { n: res.data.total.toLocaleString('id-ID') })}
          </p>
          {res.data.items.length === 0 ? (
            <Empty>{fx('audit.none')}</Empty>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="audit-table">
                <thead>
                  <tr>
                    <th scope="col">{fx('audit.at')}</th>
                    <th scope="col">{fx('audit.person')}</th>
                    <th scope="col">{fx('audit.action')}</th>
                    <th scope="col">{fx('audit.entity')}</th>
                    <th scope="col">{fx('audit.changes')}</th>
                  </tr>
                </thead>
                <tbody>
                  {res.data.items.map((e) => {
                    // A field the dictionary does not name is shown as its column name, in <code>.
                    const lines = summary(e.before, e.after, (k) => fx.maybe(`editForm.f.${k}`, '') || null);
                    return (
                      <tr key={e.id} data-testid="audit-row">
                        <td className="nowrap">
                          {formatDate(e.at.slice(0, 10), lang)}
                          <div className="muted small">{e.at.slice(11, 19)} WIB</div>
                        </td>
                        <td>
                          <code>{e.actor}</code>
                        </td>
                        <td>{actionLabel(e.action)}</td>
                        <td>
                          {entityLabel(e.entity)}
                          {e.entity_id && <div className="muted small">#{e.entity_id}</div>}
                        </td>
                        <td className="audit-changes">
                          {lines.slice(0, open === e.id ? lines.length : 2).map((l) => (
                            <div key={l.key} className="small">
                              {l.label ?? <code>{l.key}</code>}:{' '}
                              {l.changed && (
                                <>
                                  <AuditValue field={l.key} value={l.before} /> →{' '}
                                </>
                              )}
                              <AuditValue field={l.key} value={l.after} />
                            </div>
                          ))}
                          {lines.length > 2 && (
                            <button
                              type="button"
                              className="btn btn-small btn-ghost"
                              onClick={() => setOpen(open === e.id ? null : e.id)}
                            >
                              {open === e.id ? fx('audit.less') : fx('audit.more', { n: lines.length - 2 })}
                            </button>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
          <Pagination page={page} pageSize={PAGE} total={res.data.total} onPage={(p) => go(applied, p)} />
        </section>
      )}
    </div>
  );
}
