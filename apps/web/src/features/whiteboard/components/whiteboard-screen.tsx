import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import type { Whiteboard, WhiteboardRow as Row } from '@custody/contracts';
import { keys } from '../../../api/query-client.ts';
import { useUser } from '../../../app/session.tsx';
import { Button, ResourceView, SelectField } from '../../../ui/index.ts';
import { whiteboardUnitsQuery } from '../../admin/api.ts';
import type { RecordAction } from '../../record/actions/action.ts';
import { ActionDialog } from '../../record/actions/action-dialog.tsx';
import { WELFARE_ACTIONS } from '../../record/actions/actions.welfare.ts';
import { whiteboardQuery, whiteboardStreamUrl } from '../../record/api.ts';
import { useDutyT } from '../../record/i18n/use-duty-t.ts';
import { useLiveInvalidation } from '../../record/live.ts';
import { useNow } from '../../record/use-now.ts';
import { rememberUnitTimeZone, usableTimeZone } from '../../record/use-unit-time-zone.ts';
import { boardKey, keyHints } from '../keyboard.ts';
import { PendingApprovalsNotice } from './pending-approvals-notice.tsx';
import { COLUMNS, WhiteboardRow } from './whiteboard-row.tsx';
import '../whiteboard.css';

/** The fast paths of every row (issue: a cell check in at most two taps from the whiteboard). */
const ROW_ACTIONS = WELFARE_ACTIONS.filter((a) => a.id === 'cellCheck' || a.id === 'meal');

function useFullScreen(): [boolean, () => void] {
  const [wall, setWall] = useState(false);
  useEffect(() => {
    const sync = () => {
      if (!document.fullscreenElement) setWall(false);
    };
    document.addEventListener('fullscreenchange', sync);
    return () => {
      document.removeEventListener('fullscreenchange', sync);
    };
  }, []);
  const toggle = useCallback(() => {
    setWall((on) => {
      if (on) {
        if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
      } else {
        void document.documentElement.requestFullscreen().catch(() => undefined);
      }
      return !on;
    });
  }, []);
  return [wall, toggle];
}

function Board(props: {
  board: Whiteboard;
  wall: boolean;
  onAction: (row: Row, action: RecordAction) => void;
}): ReactNode {
  const dt = useDutyT();
  const navigate = useNavigate();
  const now = useNow(1000);
  const [selected, setSelected] = useState(0);
  const rowRefs = useRef<(HTMLTableRowElement | null)[]>([]);
  const rows = props.board.rows;
  const timeZone = usableTimeZone(props.board.unit.timeZone);
  const offered = props.wall
    ? []
    : ROW_ACTIONS.filter((a) => props.board.commands.includes(a.command));
  const rowActions = (row: Row) => (row.summary.status === 'in_custody' ? offered : []);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.target instanceof HTMLInputElement || event.target instanceof HTMLButtonElement) {
      return;
    }
    const action = boardKey(event.key, selected, rows.length, {
      ctrl: event.ctrlKey,
      alt: event.altKey,
      meta: event.metaKey,
    });
    if (action.kind === 'none') return;
    event.preventDefault();
    const row = rows[action.index];
    if (!row) return;
    switch (action.kind) {
      case 'select':
        setSelected(action.index);
        rowRefs.current[action.index]?.focus();
        break;
      case 'open':
        void navigate({ to: '/records/$recordId', params: { recordId: row.summary.id } });
        break;
      case 'cell-check': {
        const check = rowActions(row).find((a) => a.id === 'cellCheck');
        if (check) props.onAction(row, check);
        break;
      }
    }
  };

  if (rows.length === 0) return <p className="wb-empty">{dt('wb.empty')}</p>;
  return (
    <>
      {props.board.rooms.length > 0 && (
        <p className="wb-rooms">
          <span className="wb-rooms-label">{dt('wb.rooms')}:</span>{' '}
          {props.board.rooms.map((r) => (
            <span
              key={r.id}
              className={`wb-room${r.occupants > r.capacity ? ' wb-over' : ''}`}
              title={dt('wb.occupancy', { n: r.occupants, capacity: r.capacity })}
            >
              {r.name.replace(/№\s+/g, '№\u00a0')} {r.occupants}/{r.capacity}
            </span>
          ))}
        </p>
      )}
      <PendingApprovalsNotice board={props.board} />
      <div className="table-frame wb-frame" onKeyDown={onKeyDown}>
        <table className="table wb-table">
          <caption>{dt('wb.caption', { count: rows.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{dt('wb.col.person')}</th>
              {COLUMNS.map((key) => (
                <th key={key} scope="col">
                  {dt(key)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <WhiteboardRow
                key={row.summary.id}
                row={row}
                now={now}
                timeZone={timeZone}
                selected={i === Math.min(selected, rows.length - 1)}
                rowRef={(el) => {
                  rowRefs.current[i] = el;
                }}
                onSelect={() => {
                  setSelected(i);
                }}
                actions={offered.length > 0 ? rowActions(row) : []}
                onAction={(a) => {
                  props.onAction(row, a);
                }}
              />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/**
 * HQ and monitors have no unit of their own: they choose one of the units whose whiteboard they
 * may read now (a monitor: the units of a visit granted to them), as the server lists them.
 */
function UnitPicker(props: {
  value: string | null;
  onChange: (unitId: string) => void;
}): ReactNode {
  const dt = useDutyT();
  const units = useQuery(whiteboardUnitsQuery());
  const list = units.data ?? [];
  const first = list[0]?.id;
  useEffect(() => {
    if (props.value === null && first !== undefined) props.onChange(first);
  }, [props, first]);
  if (list.length === 0) return null;
  return (
    <SelectField
      label={dt('wb.unit')}
      name="unit"
      value={props.value ?? ''}
      options={list.map((u) => ({ value: u.id, label: u.name }))}
      onValue={props.onChange}
    />
  );
}

/**
 * The duty monitor (issue 6 §2): one row per detainee of the unit, live over SSE, a wall mode
 * readable across a room, keyboard control (arrows, Enter, C) and, on each row, one-tap cell
 * check and meal for those who record them. HQ and monitors choose the unit to watch.
 */
export default function WhiteboardScreen(): ReactNode {
  const dt = useDutyT();
  const user = useUser();
  const [chosen, setChosen] = useState<string | null>(null);
  const unitId = user.unitId ?? chosen;
  // The units a person without a unit may watch (the picker reads the same cached answer).
  const boardUnits = useQuery({ ...whiteboardUnitsQuery(), enabled: user.unitId === null });
  const board = useQuery({
    ...whiteboardQuery(unitId ?? ''),
    enabled: unitId !== null,
  });
  const live = useLiveInvalidation(
    unitId === null ? null : whiteboardStreamUrl(unitId),
    keys.whiteboard(unitId ?? ''),
  );
  const [wall, toggleWall] = useFullScreen();
  const [acting, setActing] = useState<{ row: Row; action: RecordAction }>();
  const data = board.data;
  useEffect(() => {
    if (data) rememberUnitTimeZone(data.unit.id, data.unit.timeZone);
  }, [data]);

  return (
    <section className={wall ? 'whiteboard wb-wall' : 'whiteboard'} aria-labelledby="wb-title">
      <div className="wb-head">
        <h1 id="wb-title">
          {dt('wb.title')}
          {data && <span className="wb-unit"> · {data.unit.name}</span>}
        </h1>
        {unitId !== null && (
          <p className={`wb-live wb-live-${live}`} role="status">
            {live === 'live'
              ? dt('wb.live')
              : dt(live === 'connecting' ? 'wb.connecting' : 'wb.reconnecting')}
          </p>
        )}
        <div className="actions">
          {data?.commands.includes('RecordDetention') && !wall && (
            <Link className="btn btn-primary" to="/records/new">
              {dt('wb.newDetention')}
            </Link>
          )}
          <Button onClick={toggleWall}>
            {wall ? dt('wb.exitFullscreen') : dt('wb.fullscreen')}
          </Button>
        </div>
      </div>
      {user.unitId === null && <UnitPicker value={chosen} onChange={setChosen} />}
      <p className="wb-keys">
        {keyHints(data?.commands.includes('RecordCellCheck') === true)
          .map((key) => dt(key))
          .join(', ')}
      </p>
      {unitId === null ? (
        <p className="wb-empty">
          {boardUnits.isSuccess && boardUnits.data.length === 0
            ? dt('wb.noUnits')
            : dt('wb.chooseUnit')}
        </p>
      ) : (
        <ResourceView query={board}>
          {(b) => (
            <Board
              board={b}
              wall={wall}
              onAction={(row, action) => {
                setActing({ row, action });
              }}
            />
          )}
        </ResourceView>
      )}
      {acting && data && (
        <ActionDialog
          action={acting.action}
          version={acting.row.summary.version}
          personName={acting.row.summary.person.displayName}
          ctx={{
            recordId: acting.row.summary.id,
            unitId: data.unit.id,
            timeZone: usableTimeZone(data.unit.timeZone),
            user: { id: user.id, displayName: user.displayName },
            rooms: [],
            timeline: [],
          }}
          onClose={() => {
            setActing(undefined);
          }}
        />
      )}
    </section>
  );
}
