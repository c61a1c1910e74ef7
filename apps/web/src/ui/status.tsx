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

/**
 * Icons as inline SVG paths on a 16×16 grid, drawn in the text colour, so no
 * glyph depends on the installed fonts (WCAG 2.2 SC 1.4.1: shape as well as colour).
 */
const ICON: Record<DeadlineStatus, ReactNode> = {
  ok: <path d="M3 8.5l3 3 7-7" fill="none" stroke="currentColor" strokeWidth="2.2" />,
  warning: (
    <>
      <path d="M8 1.5L15 14H1z" fill="none" stroke="currentColor" strokeWidth="1.8" />
      <path d="M8 6v4M8 11.5v1.5" stroke="currentColor" strokeWidth="1.8" />
    </>
  ),
  overdue: (
    <>
      <circle cx="8" cy="8" r="6.2" fill="none" stroke="currentColor" strokeWidth="1.8" />
      <path d="M8 4.5V8l2.5 2" fill="none" stroke="currentColor" strokeWidth="1.8" />
    </>
  ),
  'over-detention': (
    <>
      <circle cx="8" cy="8" r="7" fill="currentColor" />
      <path d="M4 8h8" style={{ stroke: 'var(--over-bg)' }} strokeWidth="2.4" />
    </>
  ),
};

/**
 * A status shown by colour, icon and text together, never colour alone
 * (WCAG 2.2 SC 1.4.1); over-detention is red everywhere (domain.md §4).
 */
export function StatusBadge(props: { status: DeadlineStatus; label?: string }): ReactNode {
  const t = useT();
  return (
    <span className={`status status-${props.status}`}>
      <svg
        aria-hidden="true"
        focusable="false"
        className="status-icon"
        viewBox="0 0 16 16"
        width="1em"
        height="1em"
      >
        {ICON[props.status]}
      </svg>
      {props.label ?? t(LABEL[props.status])}
    </span>
  );
}
