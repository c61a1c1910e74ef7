import { useCallback, useEffect, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import type { Whiteboard, WhiteboardRow as Row } from '@custody/contracts';
import { useResource } from '../../../api/use-resource.ts';
import { Link, navigate } from '../../../app/router.tsx';
import { useUser } from '../../../app/session.tsx';
import { Button, ResourceView } from '../../../ui/index.ts';
import { getWhiteboard, whiteboardStreamUrl } from '../../record/api.ts';
import { CellCheckDialog } from '../../record/components/cell-check-dialog.tsx';
import { useDutyT } from '../../record/i18n/use-duty-t.ts';
import { useLiveStream } from '../../record/live.ts';
import { mayIssue } from '../../record/permissions.ts';
import { useNow } from '../../record/use-now.ts';
import { rememberUnitTimeZone, usableTimeZone } from '../../record/use-unit-time-zone.ts';
import { boardKey } from '../keyboard.ts';
import { COLUMNS, WhiteboardRow } from './whiteboard-row.tsx';
import '../whiteboard.css';

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

function Board(props: { board: Whiteboard; onCheck: (row: Row) => void }): ReactNode {
  const dt = useDutyT();
  const now = useNow(1000);
  const [selected, setSelected] = useState(0);
  const rowRefs = useRef<(HTMLTableRowElement | null)[]>([]);
  const rows = props.board.rows;
  const timeZone = usableTimeZone(props.board.unit.timeZone);

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
        navigate(`/records/${encodeURIComponent(row.summary.id)}`);
        break;
      case 'cell-check':
        props.onCheck(row);
        break;
    }
  };

  if (rows.length === 0) return <p className="wb-empty">{dt('wb.empty')}</p>;
  return (
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
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The duty monitor (issue 6 §2): one row per detainee of the unit, live over SSE, a wall mode
 * readable across a room, and keyboard control (arrows, Enter, C).
 */
export default function WhiteboardScreen(): ReactNode {
  const dt = useDutyT();
  const user = useUser();
  const unitId = user.unitId;
  const [resource, reload] = useResource(
    () => (unitId === null ? Promise.reject(new Error(dt('wb.noUnit'))) : getWhiteboard(unitId)),
    [unitId],
  );
  const live = useLiveStream(unitId === null ? null : whiteboardStreamUrl(unitId), reload, reload);
  const [wall, toggleWall] = useFullScreen();
  const [checking, setChecking] = useState<Row>();
  const canCheck = mayIssue(user.role, 'RecordCellCheck');
  const board = resource.status === 'ready' ? resource.data : undefined;
  useEffect(() => {
    if (board) rememberUnitTimeZone(board.unit.id, board.unit.timeZone);
  }, [board]);

  return (
    <section className={wall ? 'whiteboard wb-wall' : 'whiteboard'} aria-labelledby="wb-title">
      <div className="wb-head">
        <h1 id="wb-title">
          {dt('wb.title')}
          {resource.status === 'ready' && (
            <span className="wb-unit"> · {resource.data.unit.name}</span>
          )}
        </h1>
        <p className={`wb-live wb-live-${live}`} role="status">
          {live === 'live' ? dt('wb.live') : dt('wb.reconnecting')}
        </p>
        <div className="actions">
          {mayIssue(user.role, 'RecordDetention') && !wall && (
            <Link className="btn btn-primary" to="/records/new">
              {dt('wb.newDetention')}
            </Link>
          )}
          <Button onClick={toggleWall}>
            {wall ? dt('wb.exitFullscreen') : dt('wb.fullscreen')}
          </Button>
        </div>
      </div>
      <p className="wb-keys">{dt('wb.keys')}</p>
      <ResourceView resource={resource}>
        {(board) => (
          <Board
            board={board}
            onCheck={(row) => {
              if (canCheck) setChecking(row);
            }}
          />
        )}
      </ResourceView>
      {checking && (
        <CellCheckDialog
          open
          recordId={checking.summary.id}
          version={checking.summary.version}
          personName={checking.summary.person.displayName}
          timeZone={usableTimeZone(board?.unit.timeZone)}
          onClose={() => {
            setChecking(undefined);
          }}
          onChanged={reload}
        />
      )}
    </section>
  );
}
