import { usePt } from './text.ts';
import type { AgreementStatus } from './types.ts';

const TONE: Record<AgreementStatus, string> = {
  draft: 'neutral',
  active: 'ok',
  expiring: 'warn',
  expired: 'bad',
  terminated: 'bad',
  renewed: 'info',
};

export function AgreementStatusBadge({ status }: { status: AgreementStatus }) {
  const { pt } = usePt();
  return (
    <span className={`badge badge-${TONE[status]}`} data-testid="agreement-status">
      {pt.maybe(`status.${status}`, status)}
    </span>
  );
}
