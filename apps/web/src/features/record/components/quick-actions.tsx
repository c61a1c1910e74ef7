import { useState } from 'react';
import type { ReactNode } from 'react';
import type { RecordView } from '@custody/contracts';
import { useUser } from '../../../app/session.tsx';
import { Button } from '../../../ui/index.ts';
import { ACTION_GROUPS, type ActionGroup, type RecordAction } from '../actions/action.ts';
import { ActionDialog } from '../actions/action-dialog.tsx';
import { offeredActions } from '../actions/registry.ts';
import { useDutyT } from '../i18n/use-duty-t.ts';
import { useRooms } from '../use-rooms.ts';

/** Groups shown open: the fast paths and the end of custody; the others are one tap away. */
const OPEN_GROUPS: ReadonlySet<ActionGroup> = new Set(['quick', 'end']);

/**
 * The record's actions (issue: every entry the law asks for, by the role that makes it): the
 * actions the server offers this user on this record now (`RecordView.commands`), by group. A
 * screen is at most three taps from the record: open a group, open the action, record.
 */
export function RecordActions(props: {
  view: RecordView;
  timeZone: string;
  /** The groups this panel shows (the page shows the quick ones in a bar of their own). */
  groups: readonly ActionGroup[];
  className?: string;
  title: string;
}): ReactNode {
  const dt = useDutyT();
  const user = useUser();
  const { view } = props;
  const rooms = useRooms(view.summary.unitId);
  const [open, setOpen] = useState<RecordAction>();
  const actions = offeredActions(view).filter((a) => props.groups.includes(a.group));
  if (actions.length === 0) return null;
  const ctx = {
    recordId: view.summary.id,
    unitId: view.summary.unitId,
    timeZone: props.timeZone,
    user: { id: user.id, displayName: user.displayName },
    rooms,
    timeline: view.timeline,
  };
  const buttons = (list: readonly RecordAction[], group: ActionGroup) => (
    <div className="quick-grid">
      {list.map((a) => (
        <Button
          key={a.id}
          variant={group === 'end' ? 'danger' : 'secondary'}
          className="quick-action"
          data-action={a.id}
          onClick={() => {
            setOpen(a);
          }}
        >
          {dt(a.label)}
        </Button>
      ))}
    </div>
  );
  return (
    <section
      className={`panel quick record-actions ${props.className ?? ''}`}
      aria-label={props.title}
    >
      {ACTION_GROUPS.filter((g) => props.groups.includes(g)).map((group) => {
        const list = actions.filter((a) => a.group === group);
        if (list.length === 0) return null;
        const title = dt(`group.${group}`);
        return OPEN_GROUPS.has(group) ? (
          <div key={group} className={`action-group action-group-${group}`}>
            <h3>{title}</h3>
            {buttons(list, group)}
          </div>
        ) : (
          <details key={group} className="action-group" data-group={group}>
            <summary>
              {title} <span className="muted">({list.length})</span>
            </summary>
            {buttons(list, group)}
          </details>
        );
      })}
      {open && (
        <ActionDialog
          action={open}
          ctx={ctx}
          version={view.summary.version}
          personName={view.summary.person.displayName}
          onClose={() => {
            setOpen(undefined);
          }}
        />
      )}
    </section>
  );
}
