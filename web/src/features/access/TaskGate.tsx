import type { ReactNode } from 'react';
import { useI18n } from '../../i18n.ts';
import { Link } from '../../router.tsx';
import { Empty } from '../../ui/components.tsx';
import { canDo, type Task } from './nav.ts';
import { useSession } from './session.tsx';

/** A task screen for the roles that do the task; the others read that they may not (the server refuses them too). */
export function TaskGate({ task, children }: { task: Task; children: ReactNode }) {
  const { user } = useSession();
  const { t } = useI18n();
  return canDo(user?.role, task) ? children : <Empty>{t('common.forbidden')}</Empty>;
}

/** A button-like link into a task screen, shown only to the roles that do the task. */
export function TaskLink({
  task,
  to,
  children,
  primary,
  testId,
}: {
  task: Task;
  to: string;
  children: ReactNode;
  primary?: boolean;
  testId?: string;
}) {
  const { user } = useSession();
  if (!canDo(user?.role, task)) return null;
  return (
    <Link to={to} className={`btn${primary ? ' btn-primary' : ''}`} testId={testId}>
      {children}
    </Link>
  );
}
