import { useState } from 'react';
import type { ReactNode } from 'react';
import type { RecordView, Role, Room } from '@custody/contracts';
import type { CommandType } from '@custody/domain';
import { Button } from '../../../ui/index.ts';
import { useDutyT, type DutyKey } from '../i18n/use-duty-t.ts';
import { mayIssue } from '../permissions.ts';
import { useRooms } from '../use-rooms.ts';
import {
  defenderWasPresent,
  interrogationStatus,
  isActive,
  openContacts,
} from '../record-state.ts';
import { CellCheckDialog } from './cell-check-dialog.tsx';
import { ReleaseDialog, TransferDialog } from './end-custody-dialog.tsx';
import {
  ContactDialog,
  ContactEndDialog,
  InterrogationEndDialog,
  InterrogationPauseDialog,
  InterrogationResumeDialog,
  InterrogationStartDialog,
  MovementDialog,
} from './movement-forms.tsx';
import {
  DeliveryDialog,
  DrinkDialog,
  IncidentDialog,
  MealDialog,
  RequestDialog,
  type ActionProps,
} from './quick-action-forms.tsx';

type ActionId =
  | 'delivery'
  | 'cellCheck'
  | 'meal'
  | 'drink'
  | 'movement'
  | 'contact'
  | 'contactEnd'
  | 'interrogationStart'
  | 'interrogationPause'
  | 'interrogationResume'
  | 'interrogationEnd'
  | 'request'
  | 'incident'
  | 'release'
  | 'transfer';

interface Action {
  readonly id: ActionId;
  readonly command: CommandType;
  readonly label: DutyKey;
  readonly when: (view: RecordView) => boolean;
}

const custody = (v: RecordView) => v.summary.status === 'in_custody';

/** The quick actions of the record page (issue 6 §5): one click opens, one click records. */
const ACTIONS: readonly Action[] = [
  {
    id: 'delivery',
    command: 'RecordDelivery',
    label: 'qa.delivery',
    when: (v) => v.summary.status === 'detained',
  },
  { id: 'cellCheck', command: 'RecordCellCheck', label: 'qa.cellCheck', when: custody },
  { id: 'meal', command: 'OfferMeal', label: 'qa.meal', when: custody },
  { id: 'drink', command: 'OfferDrink', label: 'qa.drink', when: custody },
  { id: 'movement', command: 'MoveDetainee', label: 'qa.movement', when: custody },
  { id: 'contact', command: 'StartContact', label: 'qa.contact', when: custody },
  {
    id: 'contactEnd',
    command: 'EndContact',
    label: 'qa.contactEnd',
    when: (v) => custody(v) && openContacts(v.timeline).length > 0,
  },
  {
    id: 'interrogationStart',
    command: 'StartInterrogation',
    label: 'qa.interrogationStart',
    when: (v) => custody(v) && interrogationStatus(v.timeline) === 'none',
  },
  {
    id: 'interrogationPause',
    command: 'PauseInterrogation',
    label: 'qa.interrogationPause',
    when: (v) => interrogationStatus(v.timeline) === 'running',
  },
  {
    id: 'interrogationResume',
    command: 'ResumeInterrogation',
    label: 'qa.interrogationResume',
    when: (v) => custody(v) && interrogationStatus(v.timeline) === 'paused',
  },
  {
    id: 'interrogationEnd',
    command: 'EndInterrogation',
    label: 'qa.interrogationEnd',
    when: (v) => interrogationStatus(v.timeline) !== 'none',
  },
  { id: 'request', command: 'RecordDetaineeRequest', label: 'qa.request', when: custody },
  { id: 'incident', command: 'RecordIncident', label: 'qa.incident', when: isActive },
];

const END_ACTIONS: readonly Action[] = [
  { id: 'release', command: 'ReleaseDetainee', label: 'end.release', when: isActive },
  { id: 'transfer', command: 'TransferDetainee', label: 'end.transfer', when: isActive },
];

/** The actions this role may take on this record now (the server decides finally). */
export function availableActions(view: RecordView, role: Role, list = ACTIONS): readonly Action[] {
  return list.filter((a) => mayIssue(role, a.command) && a.when(view));
}

function ActionDialog(props: {
  id: ActionId;
  base: ActionProps;
  view: RecordView;
  rooms: readonly Room[];
}): ReactNode {
  const { base, view } = props;
  switch (props.id) {
    case 'delivery':
      return <DeliveryDialog {...base} />;
    case 'cellCheck':
      return (
        <CellCheckDialog
          open
          recordId={base.recordId}
          version={base.version}
          personName={view.summary.person.displayName}
          timeZone={base.timeZone}
          onClose={base.onClose}
          onChanged={base.onChanged}
        />
      );
    case 'meal':
      return <MealDialog {...base} />;
    case 'drink':
      return <DrinkDialog {...base} />;
    case 'movement':
      return <MovementDialog {...base} rooms={props.rooms} />;
    case 'contact':
      return <ContactDialog {...base} />;
    case 'contactEnd':
      return (
        <ContactEndDialog
          {...base}
          contactEventId={openContacts(view.timeline)[0]?.eventId ?? ''}
        />
      );
    case 'interrogationStart':
      return <InterrogationStartDialog {...base} />;
    case 'interrogationPause':
      return <InterrogationPauseDialog {...base} />;
    case 'interrogationResume':
      return (
        <InterrogationResumeDialog {...base} defenderPresent={defenderWasPresent(view.timeline)} />
      );
    case 'interrogationEnd':
      return <InterrogationEndDialog {...base} />;
    case 'request':
      return <RequestDialog {...base} />;
    case 'incident':
      return <IncidentDialog {...base} />;
    case 'release':
      return <ReleaseDialog {...base} />;
    case 'transfer':
      return <TransferDialog {...base} />;
  }
}

/** Buttons for the quick actions and for the end of custody, each opening its dialog. */
export function QuickActions(props: {
  view: RecordView;
  role: Role;
  timeZone: string;
  onChanged: () => void;
}): ReactNode {
  const dt = useDutyT();
  const [open, setOpen] = useState<Action>();
  const rooms = useRooms(props.view.summary.unitId);
  const quick = availableActions(props.view, props.role);
  const end = availableActions(props.view, props.role, END_ACTIONS);
  if (quick.length === 0 && end.length === 0) return null;
  const base: ActionProps | undefined = open && {
    recordId: props.view.summary.id,
    unitId: props.view.summary.unitId,
    version: props.view.summary.version,
    timeZone: props.timeZone,
    title: dt(open.label),
    onClose: () => {
      setOpen(undefined);
    },
    onChanged: props.onChanged,
  };
  const buttons = (list: readonly Action[], variant: 'secondary' | 'danger') =>
    list.map((a) => (
      <Button
        key={a.id}
        variant={variant}
        className="quick-action"
        data-action={a.id}
        onClick={() => {
          setOpen(a);
        }}
      >
        {dt(a.label)}
      </Button>
    ));
  return (
    <>
      {quick.length > 0 && (
        <section className="panel quick" aria-labelledby="quick-title">
          <h2 id="quick-title">{dt('rec.quick')}</h2>
          <div className="quick-grid">{buttons(quick, 'secondary')}</div>
        </section>
      )}
      {end.length > 0 && (
        <section className="panel quick" aria-labelledby="end-title">
          <h2 id="end-title">{dt('rec.end')}</h2>
          <div className="quick-grid">{buttons(end, 'danger')}</div>
        </section>
      )}
      {open && base && <ActionDialog id={open.id} base={base} view={props.view} rooms={rooms} />}
    </>
  );
}
