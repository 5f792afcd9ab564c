import type { ReactNode } from 'react';
import { ApiError } from '../api.ts';
import { type Key, localize, translateMaybe, useI18n } from '../i18n.ts';

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="loading" role="status" data-testid="loading">
      <span className="spinner" aria-hidden="true" />
      {label ?? t('common.loading')}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <div className="empty" data-testid="empty">
      {children}
    </div>
  );
}

function detailLines(details: unknown): string[] {
  if (!details) return [];
  if (Array.isArray(details)) {
    return details.map((d) => {
      if (d && typeof d === 'object') {
        const o = d as Record<string, unknown>;
        const where = o.field ?? o.path ?? o.column ?? o.line;
        const what = o.message ?? o.message_id ?? JSON.stringify(o);
        const whereText = Array.isArray(where) ? where.join('.') : where;
        return whereText !== undefined ? `${String(whereText)}: ${String(what)}` : String(what);
      }
      return String(d);
    });
  }
  if (typeof details === 'object') {
    return Object.entries(details as Record<string, unknown>).map(
      ([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`,
    );
  }
  return [String(details)];
}

/** Shows an API error as the person reads it: the message in their language, then any details. */
export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, lang } = useI18n();
  if (!error) return null;
  const apiErr = error instanceof ApiError ? error : null;
  const message = error instanceof Error ? error.message : String(error);
  const lines = detailLines(apiErr?.details);
  return (
    // The error's code stays out of sight (data-code, for support and tests): people read the message.
    <div className="alert alert-error" role="alert" data-testid="error" data-code={apiErr?.code}>
      <strong>{t('common.errorTitle')}</strong>
      <p>{localize(message, lang)}</p>
      {lines.length > 0 && (
        <ul>
          {lines.map((l, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: static list
            <li key={i}>{localize(l, lang)}</li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function PageHeader({
  title,
  subtitle,
  actions,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle && <p className="subtitle">{subtitle}</p>}
      </div>
      {actions && <div className="page-actions">{actions}</div>}
    </div>
  );
}

export type Tone = 'ok' | 'bad' | 'info' | 'warn' | 'neutral';

/**
 * A status as a badge. With `label` (and `tone`) the caller gives the words, for a status whose
 * meaning is its own (an appeal upheld is not an "active" record); otherwise the shared dictionary.
 */
export function StatusBadge({
  status,
  label,
  tone,
}: {
  status?: string | null | undefined;
  label?: string;
  tone?: Tone;
}) {
  const { lang } = useI18n();
  if (!status && !label) return null;
  const s = status ?? '';
  const shade =
    tone ??
    (['active', 'done'].includes(s)
      ? 'ok'
      : ['failed', 'closed'].includes(s)
        ? 'bad'
        : s === 'running'
          ? 'info'
          : 'neutral');
  const text =
    label ??
    translateMaybe(
      lang,
      `status.${s}`,
      translateMaybe(lang, `imp.status.${s}`, translateMaybe(lang, `job.status.${s}`, s)),
    );
  return (
    <span className={`badge badge-${shade}`} data-testid="status-badge" data-status={s || undefined}>
      {text}
    </span>
  );
}

export function Pagination({
  page,
  pageSize,
  total,
  onPage,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage(page: number): void;
}) {
  const { t } = useI18n();
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (total <= pageSize && page === 1) return null;
  return (
    <nav className="pagination" aria-label="pagination">
      <button type="button" className="btn btn-small" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        ‹ {t('common.prev')}
      </button>
      <span>{t('common.page', { page, pages, total: total.toLocaleString('id-ID') })}</span>
      <button
        type="button"
        className="btn btn-small"
        disabled={page >= pages}
        onClick={() => onPage(page + 1)}
      >
        {t('common.next')} ›
      </button>
    </nav>
  );
}

/** A definition list of label/value pairs, the detail pages' main block. */
export function Facts({ items }: { items: Array<[Key | string, ReactNode, string?]> }) {
  const { t, lang } = useI18n();
  return (
    <dl className="facts">
      {items.map(([label, value, testId]) => (
        <div key={label} className="fact">
          <dt>{translateMaybe(lang, label, label) || t('common.none')}</dt>
          <dd data-testid={testId}>{value === null || value === undefined || value === '' ? '—' : value}</dd>
        </div>
      ))}
    </dl>
  );
}
