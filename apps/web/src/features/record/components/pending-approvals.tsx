import type { ReactNode } from 'react';
import type { RecordView } from '@custody/contracts';
import { useLocale } from '../../../i18n/index.ts';
import { formatDateTime } from '../../../ui/index.ts';
import { useDutyT } from '../i18n/use-duty-t.ts';

/**
 * Requests awaiting a supervisor's decision (domain.md §2, §3.8; the two-step approval): what was
 * asked, by whom, when and why. A supervisor of the unit, who is offered DecideApproval, is told
 * the decision is theirs to record; everyone else that the current level stands until then.
 */
export function PendingApprovals(props: { view: RecordView; timeZone: string }): ReactNode {
  const dt = useDutyT();
  const { locale } = useLocale();
  const list = props.view.pendingApprovals;
  if (list.length === 0) return null;
  const deciding = props.view.commands.includes('DecideApproval');
  return (
    <section className="panel pending-approvals" aria-labelledby="approvals-title">
      <h2 id="approvals-title">{dt('rec.pendingApprovals')}</h2>
      <ul className="pending-approval-list">
        {list.map((a) => (
          <li key={a.eventId} data-request={a.eventId}>
            <p>
              <strong>
                {dt(`approvalSubject.${a.subject}`)}: {dt(`observation.${a.level}`)}
              </strong>
            </p>
            <p className="muted">
              {dt('rec.approvalAskedBy', {
                who: a.requestedBy.displayName ?? a.requestedBy.id,
                time: formatDateTime(a.requestedAt, locale, props.timeZone),
              })}
            </p>
            <p>{a.rationale}</p>
          </li>
        ))}
      </ul>
      <p className="pending-approval-note">
        {deciding ? dt('rec.approvalYours') : dt('rec.approvalWaiting')}
      </p>
    </section>
  );
}
