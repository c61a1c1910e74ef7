import type { ReactNode } from 'react';
import { useT, type MessageKey } from '../i18n/index.ts';

/** The states of a legal deadline (domain.md §4): before the warning point, past it, past the deadline, past the absolute limit. */
export type DeadlineStatus = 'ok' | 'warning' | 'overdue' | 'over-detention';

const LABEL: Record<DeadlineStatus, MessageKey> = {
  ok: 'status.ok',
  warning: 'status.warning',
  overdue: 'status.overdue',
  'over-detention': 'status.overDetention',
};

const ICON: Record<DeadlineStatus, string> = {
  ok: '✓',
  warning: '!',
  overdue: '⏰',
  'over-detention': '⛔',
};

/**
 * A status shown by colour, icon and text together, never colour alone
 * (WCAG 2.2 SC 1.4.1); over-detention is red everywhere (domain.md §4).
 */
export function StatusBadge(props: { status: DeadlineStatus; label?: string }): ReactNode {
  const t = useT();
  return (
    <span className={`status status-${props.status}`}>
      <span aria-hidden="true" className="status-icon">
        {ICON[props.status]}
      </span>
      {props.label ?? t(LABEL[props.status])}
    </span>
  );
}
