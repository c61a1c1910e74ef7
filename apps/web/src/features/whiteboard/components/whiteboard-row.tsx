import type { ReactNode, Ref } from 'react';
import type { WhiteboardRow as Row } from '@custody/contracts';
import { Link } from '../../../app/router.tsx';
import { StatusBadge } from '../../../ui/index.ts';
import { useDutyT } from '../../record/i18n/use-duty-t.ts';
import { rowStatus } from '../../record/status.ts';
import { formatCountdown, formatDuration } from '../../record/time.ts';

/**
 * One detainee on the whiteboard: name, cell, time in custody (live), profile, next deadline with
 * a live countdown, status by colour AND text, notifications still owed, observation and next check.
 */
export function WhiteboardRow(props: {
  row: Row;
  now: number;
  selected: boolean;
  rowRef?: Ref<HTMLTableRowElement> | undefined;
  onSelect: () => void;
}): ReactNode {
  const dt = useDutyT();
  const { summary, outstandingNotifications, nextCheckDueAt } = props.row;
  const status = rowStatus(summary.worstStatus);
  const next = summary.nextDue;
  return (
    <tr
      ref={props.rowRef}
      tabIndex={props.selected ? 0 : -1}
      className={`wb-row wb-${status}${props.selected ? ' wb-selected' : ''}`}
      data-record-id={summary.id}
      onFocus={props.onSelect}
      onClick={props.onSelect}
    >
      <th scope="row" className="wb-person">
        <Link to={`/records/${encodeURIComponent(summary.id)}`} tabIndex={-1}>
          {summary.person.displayName}
        </Link>
        {summary.person.juvenile && <span className="tag">{dt('common.juvenile')}</span>}
        {summary.person.foreigner && <span className="tag">{dt('common.foreigner')}</span>}
      </th>
      <td>{summary.location ?? <span className="muted">{dt('wb.notPlaced')}</span>}</td>
      <td className="num">{formatDuration(props.now - Date.parse(summary.t0), dt)}</td>
      <td>{dt(`profile.${summary.profile}`)}</td>
      <td>
        {next?.dueAt ? (
          <>
            <span className="wb-deadline-kind">{dt(`obligation.${next.kind}`)}</span>{' '}
            <span className="wb-countdown">{formatCountdown(next.dueAt, props.now, dt)}</span>
          </>
        ) : (
          '—'
        )}
      </td>
      <td>
        <StatusBadge status={status} />
      </td>
      <td>
        {outstandingNotifications.length === 0 ? (
          <span className="muted">{dt('common.none')}</span>
        ) : (
          <ul className="wb-list">
            {outstandingNotifications.map((kind) => (
              <li key={kind}>{dt(`notification.${kind}`)}</li>
            ))}
          </ul>
        )}
      </td>
      <td>{summary.observationLevel ? dt(`observation.${summary.observationLevel}`) : '—'}</td>
      <td className="wb-countdown">
        {nextCheckDueAt ? formatCountdown(nextCheckDueAt, props.now, dt) : '—'}
      </td>
    </tr>
  );
}
