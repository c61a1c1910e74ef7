import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import type { Whiteboard } from '@custody/contracts';
import { useDutyT } from '../../record/i18n/use-duty-t.ts';

/**
 * The unit's records with a request awaiting a supervisor's decision (domain.md §3.8; the two-step
 * approval), each linked to its record page where it is decided. A supervisor of the unit, who
 * may decide them, reads that they await their decision.
 */
export function PendingApprovalsNotice(props: { board: Whiteboard }): ReactNode {
  const dt = useDutyT();
  const rows = props.board.rows.filter((r) => r.pendingApprovals > 0);
  if (rows.length === 0) return null;
  const yours = props.board.commands.includes('DecideApproval');
  return (
    <p className="wb-approvals" data-approvals={rows.length}>
      <span className="wb-approvals-label">
        {dt(yours ? 'wb.approvalsForYou' : 'wb.approvalsWaiting')}:
      </span>{' '}
      {rows.map((r, i) => (
        <span key={r.summary.id}>
          {i > 0 && ', '}
          <Link to="/records/$recordId" params={{ recordId: r.summary.id }}>
            {r.summary.person.displayName}
          </Link>
        </span>
      ))}
    </p>
  );
}
