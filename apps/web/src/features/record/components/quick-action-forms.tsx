import { useState } from 'react';
import type { ReactNode } from 'react';
import { SelectField } from '../../../ui/index.ts';
import { useDutyT } from '../i18n/use-duty-t.ts';
import { optional } from '../validation.ts';
import { CommandDialog } from './command-dialog.tsx';
import { Choice, TextArea, Toggle } from './fields.tsx';

/** What every quick-action dialog receives from the record page. */
export interface ActionProps {
  readonly recordId: string;
  readonly unitId: string;
  readonly version: number;
  /** The unit's IANA time zone, in which the dialog states "when it happened". */
  readonly timeZone: string;
  readonly title: string;
  readonly onClose: () => void;
  readonly onChanged: () => void;
}

export function common(p: ActionProps) {
  return {
    open: true,
    title: p.title,
    recordId: p.recordId,
    version: p.version,
    timeZone: p.timeZone,
    onClose: p.onClose,
    onChanged: p.onChanged,
  };
}

/** Delivery to the unit (КПК ст. 210); a delay over 1 h must be explained (КУпАП ст. 259). */
export function DeliveryDialog(p: ActionProps): ReactNode {
  const dt = useDutyT();
  const [delay, setDelay] = useState('');
  return (
    <CommandDialog
      {...common(p)}
      type="RecordDelivery"
      payload={() => ({ unitId: p.unitId, delayExplanation: optional(delay) })}
    >
      {(errors) => (
        <TextArea
          label={dt('reg.delayExplanation')}
          hint={dt('reg.delayHint')}
          name="delayExplanation"
          value={delay}
          onChange={setDelay}
          error={errors['delayExplanation']}
        />
      )}
    </CommandDialog>
  );
}

/** A meal offered, light or main, accepted or refused (E&W Code C 8.6). */
export function MealDialog(p: ActionProps): ReactNode {
  const dt = useDutyT();
  const [kind, setKind] = useState<'light' | 'main'>('main');
  const [accepted, setAccepted] = useState<'yes' | 'no'>('yes');
  return (
    <CommandDialog
      {...common(p)}
      type="OfferMeal"
      payload={() => ({ kind, accepted: accepted === 'yes' })}
    >
      {() => (
        <>
          <Choice
            legend={dt('qa.mealKind')}
            name="kind"
            value={kind}
            options={[
              { value: 'main', label: dt('qa.mealMain') },
              { value: 'light', label: dt('qa.mealLight') },
            ]}
            onChange={setKind}
          />
          <AcceptedChoice value={accepted} onChange={setAccepted} />
        </>
      )}
    </CommandDialog>
  );
}

function AcceptedChoice(props: {
  value: 'yes' | 'no';
  onChange: (v: 'yes' | 'no') => void;
}): ReactNode {
  const dt = useDutyT();
  return (
    <Choice
      legend={dt('qa.accepted')}
      name="accepted"
      value={props.value}
      options={[
        { value: 'yes', label: dt('qa.accepted') },
        { value: 'no', label: dt('qa.refused') },
      ]}
      onChange={props.onChange}
    />
  );
}

/** A drink offered, accepted or refused. */
export function DrinkDialog(p: ActionProps): ReactNode {
  const [accepted, setAccepted] = useState<'yes' | 'no'>('yes');
  return (
    <CommandDialog
      {...common(p)}
      type="OfferDrink"
      payload={() => ({ accepted: accepted === 'yes' })}
    >
      {() => <AcceptedChoice value={accepted} onChange={setAccepted} />}
    </CommandDialog>
  );
}

/** A request made by the detainee (call, doctor, lawyer, water). */
export function RequestDialog(p: ActionProps): ReactNode {
  const dt = useDutyT();
  const [request, setRequest] = useState('');
  return (
    <CommandDialog {...common(p)} type="RecordDetaineeRequest" payload={() => ({ request })}>
      {(errors) => (
        <TextArea
          label={dt('qa.requestText')}
          name="request"
          required
          value={request}
          onChange={setRequest}
          error={errors['request']}
        />
      )}
    </CommandDialog>
  );
}

const INCIDENTS = [
  'self_harm',
  'violence',
  'damage',
  'escape_attempt',
  'medical_emergency',
  'other',
] as const;

/** An incident in custody (domain.md §3.12). */
export function IncidentDialog(p: ActionProps): ReactNode {
  const dt = useDutyT();
  const [kind, setKind] = useState<(typeof INCIDENTS)[number]>('other');
  const [description, setDescription] = useState('');
  const [injuries, setInjuries] = useState(false);
  return (
    <CommandDialog
      {...common(p)}
      type="RecordIncident"
      payload={() => ({ kind, description, injuriesCaused: injuries })}
    >
      {(errors) => (
        <>
          <SelectField
            label={dt('qa.incidentKind')}
            name="kind"
            value={kind}
            options={INCIDENTS.map((k) => ({ value: k, label: dt(`incident.${k}`) }))}
            onChange={(e) => {
              setKind(e.target.value as (typeof INCIDENTS)[number]);
            }}
          />
          <TextArea
            label={dt('qa.description')}
            name="description"
            required
            value={description}
            onChange={setDescription}
            error={errors['description']}
          />
          <Toggle
            label={dt('qa.injuriesCaused')}
            name="injuriesCaused"
            checked={injuries}
            onChange={setInjuries}
          />
        </>
      )}
    </CommandDialog>
  );
}
