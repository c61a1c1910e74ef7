import { useState } from 'react';
import type { ReactNode } from 'react';
import type { Room } from '@custody/contracts';
import { CONTACT_ROLES, type ContactRole } from '@custody/domain';
import { useUser } from '../../../app/session.tsx';
import { SelectField, TextField } from '../../../ui/index.ts';
import { useDutyT } from '../i18n/use-duty-t.ts';
import { namesToPeople, optional } from '../validation.ts';
import { CommandDialog } from './command-dialog.tsx';
import { TextArea, Toggle } from './fields.tsx';
import { common, type ActionProps } from './quick-action-forms.tsx';

/** A change of location with purpose and escort (domain.md §3.10). */
export function MovementDialog(p: ActionProps & { rooms: readonly Room[] }): ReactNode {
  const dt = useDutyT();
  const [roomId, setRoomId] = useState(p.rooms[0]?.id ?? '');
  const [other, setOther] = useState('');
  const [purpose, setPurpose] = useState('');
  const [escort, setEscort] = useState('');
  const room = p.rooms.find((r) => r.id === roomId);
  const to = room
    ? { [room.kind === 'cell' ? 'cellId' : 'roomId']: room.id, description: room.name }
    : { description: optional(other) };
  return (
    <CommandDialog
      {...common(p)}
      type="MoveDetainee"
      payload={() => ({ to, purpose, escort: namesToPeople(escort) })}
    >
      {(errors) => (
        <>
          <SelectField
            label={dt('qa.to')}
            name="to"
            value={roomId}
            options={[
              ...p.rooms.map((r) => ({ value: r.id, label: r.name })),
              { value: '', label: dt('qa.toOther') },
            ]}
            onValue={setRoomId}
          />
          {!room && (
            <TextField
              label={dt('qa.toOther')}
              name="toOther"
              value={other}
              error={errors['to.description'] ?? errors['to']}
              onValue={setOther}
            />
          )}
          <TextField
            label={dt('qa.purpose')}
            name="purpose"
            required
            value={purpose}
            error={errors['purpose']}
            onValue={setPurpose}
          />
          <TextField label={dt('qa.escort')} name="escort" value={escort} onValue={setEscort} />
        </>
      )}
    </CommandDialog>
  );
}

/** A person's contact with the detainee; the domain flags a role that may not have it (§3.10). */
export function ContactDialog(p: ActionProps): ReactNode {
  const dt = useDutyT();
  const [name, setName] = useState('');
  const [role, setRole] = useState<ContactRole>('lawyer');
  const [purpose, setPurpose] = useState('');
  return (
    <CommandDialog
      {...common(p)}
      type="StartContact"
      payload={() => ({ person: { name }, role, purpose })}
    >
      {(errors) => (
        <>
          <TextField
            label={dt('qa.personName')}
            name="personName"
            required
            value={name}
            error={errors['person.name']}
            onValue={setName}
          />
          <SelectField
            label={dt('qa.contactRole')}
            name="role"
            value={role}
            options={CONTACT_ROLES.map((r) => ({ value: r, label: dt(`contactRole.${r}`) }))}
            onChange={(e) => {
              setRole(e.target.value as ContactRole);
            }}
          />
          <TextField
            label={dt('qa.purpose')}
            name="purpose"
            required
            value={purpose}
            error={errors['purpose']}
            onValue={setPurpose}
          />
        </>
      )}
    </CommandDialog>
  );
}

/** The contact that `contactEventId` started ended. */
export function ContactEndDialog(p: ActionProps & { contactEventId: string }): ReactNode {
  return (
    <CommandDialog
      {...common(p)}
      type="EndContact"
      payload={() => ({ contactEventId: p.contactEventId })}
    >
      {() => null}
    </CommandDialog>
  );
}

/** An interrogation starts (КПК ст. 224; a juvenile's defender present, КПК ст. 490). */
export function InterrogationStartDialog(p: ActionProps): ReactNode {
  const dt = useDutyT();
  const user = useUser();
  const [defenderPresent, setDefenderPresent] = useState(false);
  const [defender, setDefender] = useState('');
  const [proceeding, setProceeding] = useState('');
  return (
    <CommandDialog
      {...common(p)}
      type="StartInterrogation"
      payload={() => ({
        interrogatorId: user.id,
        interrogatorName: user.displayName,
        defenderPresent,
        defender: defenderPresent && defender.trim() ? { name: defender } : undefined,
        proceedingNumber: optional(proceeding),
      })}
    >
      {(errors) => (
        <>
          <p>
            {dt('qa.interrogator')}: <strong>{user.displayName}</strong>
          </p>
          <Toggle
            label={dt('qa.defenderPresent')}
            name="defenderPresent"
            checked={defenderPresent}
            onChange={setDefenderPresent}
          />
          {defenderPresent && (
            <TextField
              label={dt('qa.defender')}
              name="defender"
              value={defender}
              error={errors['defender.name']}
              onValue={setDefender}
            />
          )}
          <TextField
            label={dt('qa.proceeding')}
            name="proceedingNumber"
            value={proceeding}
            onValue={setProceeding}
          />
        </>
      )}
    </CommandDialog>
  );
}

/** The running interrogation ends. */
export function InterrogationEndDialog(p: ActionProps): ReactNode {
  const dt = useDutyT();
  const [summary, setSummary] = useState('');
  return (
    <CommandDialog
      {...common(p)}
      type="EndInterrogation"
      payload={() => ({ summary: optional(summary) })}
    >
      {() => (
        <TextArea label={dt('qa.summary')} name="summary" value={summary} onChange={setSummary} />
      )}
    </CommandDialog>
  );
}

/** The running interrogation is paused for a break (КПК ст. 224: a break at least every 2 h). */
export function InterrogationPauseDialog(p: ActionProps): ReactNode {
  const dt = useDutyT();
  const [reason, setReason] = useState('');
  return (
    <CommandDialog
      {...common(p)}
      type="PauseInterrogation"
      payload={() => ({ reason: optional(reason) })}
    >
      {(errors) => (
        <TextField
          label={dt('qa.pauseReason')}
          name="reason"
          value={reason}
          error={errors['reason']}
          onValue={setReason}
        />
      )}
    </CommandDialog>
  );
}

/**
 * The paused interrogation resumes; whether a defender is present is asked again (for a juvenile
 * the domain refuses a resumption without one, КПК ст. 490), defaulting to how it last ran.
 */
export function InterrogationResumeDialog(
  p: ActionProps & { defenderPresent: boolean },
): ReactNode {
  const dt = useDutyT();
  const [defenderPresent, setDefenderPresent] = useState(p.defenderPresent);
  return (
    <CommandDialog {...common(p)} type="ResumeInterrogation" payload={() => ({ defenderPresent })}>
      {() => (
        <Toggle
          label={dt('qa.defenderPresent')}
          name="defenderPresent"
          checked={defenderPresent}
          onChange={setDefenderPresent}
        />
      )}
    </CommandDialog>
  );
}
