import { formatDate } from '../../format.ts';
import { useI18n } from '../../i18n.ts';
import { ctMaybe } from './i18n.ts';
import type { ActiveStatus } from './types.ts';

const INVOICE_TONE: Record<string, string> = { paid: 'ok', partial: 'warn', open: 'bad' };
const STATUS_TONE: Record<ActiveStatus, string> = { active: 'ok', grace: 'warn', inactive: 'bad' };

export function InvoiceStatus({ status }: { status: string }) {
  const { lang } = useI18n();
  return (
    <span className={`badge badge-${INVOICE_TONE[status] ?? 'neutral'}`} data-testid="invoice-status">
      {ctMaybe(lang, `inv.status.${status}`, status)}
    </span>
  );
}

export function ActiveBadge({ status, graceUntil }: { status: ActiveStatus; graceUntil?: string | null }) {
  const { lang } = useI18n();
  const label = ctMaybe(lang, `st.${status}`, status);
  const until = graceUntil ? ` · ${formatDate(graceUntil, lang)}` : '';
  return (
    <span className={`badge badge-${STATUS_TONE[status]}`} data-testid="active-status">
      {label}
      {until}
    </span>
  );
}
