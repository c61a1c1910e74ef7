import type { ReactNode, Ref } from 'react';
import type { WhiteboardRow as Row } from '@custody/contracts';
import { Link } from '@tanstack/react-router';
import { Button } from '../../../ui/index.ts';
import { useLocale } from '../../../i18n/index.ts';
import { StatusBadge } from '../../../ui/index.ts';
import type { RecordAction } from '../../record/actions/action.ts';
import { useDutyT, type DutyKey } from '../../record/i18n/use-duty-t.ts';
import { obligationLabel } from '../../record/obligation-label.ts';
import { formatCountdown, formatDue, formatDuration } from '../../record/time.ts';
import { urgentStatus, worseThanShown } from '../../record/status.ts';

/** The columns after the person, in order: their headings also label the cells on a narrow screen. */
export const COLUMNS: readonly DutyKey[] = [
  'wb.col.cell',
  'wb.col.inCustody',
  'wb.col.profile',
  'wb.col.nextDeadline',
  'wb.col.status',
  'wb.col.notifications',
  'wb.col.observation',
  'wb.col.nextCheck',
];

/** The short label of a row's fast path (the row names the person). */
const short = (id: string): DutyKey => (id === 'cellCheck' ? 'wb.act.check' : 'wb.act.meal');

/** "Камера № 6" never breaks between the sign and the number. */
function keepNumbers(text: string): string {
  return text.replace(/№\s+/g, '№\u00a0');
}

/** A countdown and, below it, the unit's clock time it runs to. */
function Due(props: { at: string; now: number; timeZone: string }): ReactNode {
  const dt = useDutyT();
  const { locale } = useLocale();
  return (
    <>
      <span className="wb-countdown">{formatCountdown(props.at, props.now, dt, true)}</span>
      <time className="wb-due" dateTime={props.at}>
        {dt('rec.due', { time: formatDue(props.at, props.now, locale, props.timeZone) })}
      </time>
    </>
  );
}

/**
 * One detainee on the whiteboard: name, cell, time in custody (live), profile, the most urgent
 * deadline with a live countdown (the record summary's `mostUrgent`, ranked by the domain), status
 * by colour AND text agreeing with that deadline, notifications still owed, observation and next check.
 */
export function WhiteboardRow(props: {
  row: Row;
  now: number;
  timeZone: string;
  selected: boolean;
  rowRef?: Ref<HTMLTableRowElement> | undefined;
  onSelect: () => void;
  /** The one-tap actions offered on this row (cell check, meal), when the user may record them. */
  actions: readonly RecordAction[];
  onAction: (action: RecordAction) => void;
}): ReactNode {
  const dt = useDutyT();
  const { summary, outstandingNotifications, nextCheckDueAt, room } = props.row;
  const flag = props.row.placementFlag;
  const superseded = props.row.supersededApproval;
  const { locale } = useLocale();
  const supersededAt =
    superseded === null ? '' : formatDue(superseded.at, props.now, locale, props.timeZone);
  // The server's ranking (domain severity.ts, domain.md §4): legal weight first, then time.
  const next = summary.mostUrgent ?? undefined;
  const status = urgentStatus(next, summary.worstStatus);
  // The deadline in the row's state when the one shown first is milder (a limit in warning
  // before an overdue check): shown too, so the badge names the state of a deadline in view.
  const worse = worseThanShown(props.row.obligations, next, summary.worstStatus);
  const label = (i: number) => dt(COLUMNS[i] ?? 'wb.col.cell');
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
        <Link to="/records/$recordId" params={{ recordId: summary.id }} tabIndex={-1}>
          {summary.person.displayName}
        </Link>
        {(summary.person.juvenile ||
          summary.person.foreigner ||
          props.row.pendingApprovals > 0 ||
          superseded !== null) && (
          <span className="wb-tags">
            {summary.person.juvenile && <span className="tag">{dt('common.juvenile')}</span>}
            {summary.person.foreigner && <span className="tag">{dt('common.foreigner')}</span>}
            {props.row.pendingApprovals > 0 && (
              <span className="tag wb-approval">{dt('wb.approvalShort')}</span>
            )}
            {superseded !== null && (
              // The level was set again before a supervisor decided: the request is gone, and why.
              <span
                className="tag wb-approval-superseded"
                title={dt('wb.approvalSupersededHint', { time: supersededAt })}
              >
                {dt('wb.approvalSuperseded', { time: supersededAt })}
              </span>
            )}
          </span>
        )}
      </th>
      <td data-label={label(0)} className="wb-cell">
        {summary.location ? (
          keepNumbers(summary.location)
        ) : (
          <span className="muted">{dt('wb.notPlaced')}</span>
        )}
        {room && (
          <span
            className={`wb-occupancy${room.occupants > room.capacity ? ' wb-over' : ''}`}
            title={dt('wb.occupancy', { n: room.occupants, capacity: room.capacity })}
          >
            {` ${room.occupants}/${room.capacity}`}
          </span>
        )}
        {flag && (
          <span
            className="tag wb-placement-flag"
            title={dt('wb.placementFlag', {
              rules: flag.breaches.map((r) => dt(`placement.${r}`)).join('; '),
              reason: flag.reason,
            })}
          >
            {dt('wb.placementFlagShort')}
          </span>
        )}
      </td>
      <td data-label={label(1)} className="num wb-nowrap wb-fit">
        {formatDuration(props.now - Date.parse(summary.t0), dt)}
      </td>
      <td data-label={label(2)}>{dt(`profile.${summary.profile}`)}</td>
      <td data-label={label(3)} className="wb-deadline" data-obligation={next?.id}>
        {next ? (
          <>
            <span className="wb-deadline-kind">{obligationLabel(next, dt)}</span>
            {next.dueAt && <Due at={next.dueAt} now={props.now} timeZone={props.timeZone} />}
          </>
        ) : (
          '—'
        )}
        {worse && status !== 'ok' && (
          <span className="wb-also" data-obligation={worse.id}>
            <span className="wb-also-head">{dt(`wb.also.${status}` as const)}</span>
            <span className="wb-deadline-kind">{obligationLabel(worse, dt)}</span>
            {worse.dueAt && <Due at={worse.dueAt} now={props.now} timeZone={props.timeZone} />}
          </span>
        )}
      </td>
      <td data-label={label(4)} className="wb-fit">
        <StatusBadge status={status} />
      </td>
      <td data-label={label(5)}>
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
      <td data-label={label(6)}>
        {summary.observationLevel ? dt(`observation.${summary.observationLevel}`) : '—'}
      </td>
      <td data-label={label(7)} className="wb-check">
        {nextCheckDueAt ? (
          <Due at={nextCheckDueAt} now={props.now} timeZone={props.timeZone} />
        ) : (
          '—'
        )}
        {props.actions.length > 0 && (
          <span className="wb-actions">
            {props.actions.map((a) => (
              <Button
                key={a.id}
                className="wb-action"
                data-action={a.id}
                aria-label={`${dt(short(a.id))}: ${summary.person.displayName}`}
                onClick={(event) => {
                  event.stopPropagation();
                  props.onAction(a);
                }}
              >
                {dt(short(a.id))}
              </Button>
            ))}
          </span>
        )}
      </td>
    </tr>
  );
}
