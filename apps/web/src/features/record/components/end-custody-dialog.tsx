import { useState } from 'react';
import type { ReactNode } from 'react';
import { DESTINATION_KINDS, RELEASE_GROUNDS, type ReleaseGround } from '@custody/domain';
import { SelectField, TextField } from '../../../ui/index.ts';
import { useDutyT } from '../i18n/use-duty-t.ts';
import { namesToPeople, optional } from '../validation.ts';
import { CommandDialog } from './command-dialog.tsx';
import { Choice, TextArea, Toggle } from './fields.tsx';
import type { ActionProps } from './quick-action-forms.tsx';

type PropertyReturned = 'yes' | 'no' | 'none_held';

/**
 * Release with its checklist (domain.md §3.13): legal ground, the limit when a time limit forced
 * it (КПК ст. 211 ч. 3), property returned, a copy of the record handed over, the signature.
 */
export function ReleaseDialog(p: ActionProps): ReactNode {
  const dt = useDutyT();
  const [ground, setGround] = useState<ReleaseGround>('suspicion_not_confirmed');
  const [legalBasis, setLegalBasis] = useState('');
  const [timeLimit, setTimeLimit] = useState('');
  const [property, setProperty] = useState<PropertyReturned>('yes');
  const [copy, setCopy] = useState(false);
  const [signed, setSigned] = useState(true);
  const [reason, setReason] = useState('');
  return (
    <CommandDialog
      open
      title={p.title}
      recordId={p.recordId}
      version={p.version}
      timeZone={p.timeZone}
      onClose={p.onClose}
      onChanged={p.onChanged}
      type="ReleaseDetainee"
      submitLabel={dt('end.confirmRelease')}
      payload={() => ({
        ground,
        legalBasis,
        timeLimit: ground === 'time_limit_reached' ? optional(timeLimit) : undefined,
        propertyReturned: property,
        recordCopyHandedOver: copy,
        signature: signed ? { signed: true } : { signed: false, reason },
      })}
    >
      {(errors) => (
        <>
          <SelectField
            label={dt('end.ground')}
            name="ground"
            value={ground}
            options={RELEASE_GROUNDS.map((g) => ({ value: g, label: dt(`ground.${g}`) }))}
            onChange={(e) => {
              setGround(e.target.value as ReleaseGround);
            }}
          />
          <TextField
            label={dt('end.legalBasis')}
            name="legalBasis"
            required
            value={legalBasis}
            error={errors['legalBasis']}
            onValue={setLegalBasis}
          />
          {ground === 'time_limit_reached' && (
            <TextField
              label={dt('end.timeLimit')}
              name="timeLimit"
              required
              value={timeLimit}
              error={errors['timeLimit']}
              onValue={setTimeLimit}
            />
          )}
          <fieldset className="checklist">
            <legend>{dt('end.checklist')}</legend>
            <Choice
              legend={dt('end.property')}
              name="propertyReturned"
              value={property}
              options={(['yes', 'no', 'none_held'] as const).map((v) => ({
                value: v,
                label: dt(`end.property.${v}`),
              }))}
              onChange={setProperty}
            />
            <Toggle
              label={dt('end.copyHandedOver')}
              name="recordCopyHandedOver"
              checked={copy}
              onChange={setCopy}
            />
            <Toggle
              label={dt('common.signed')}
              name="signed"
              checked={signed}
              onChange={setSigned}
            />
            {!signed && (
              <TextArea
                label={dt('common.refusalReason')}
                name="reason"
                value={reason}
                onChange={setReason}
                error={errors['signature.reason']}
              />
            )}
          </fieldset>
        </>
      )}
    </CommandDialog>
  );
}

/** Transfer to ІТТ, СІЗО, court, hospital or another unit with escort and hand-over (§3.13). */
export function TransferDialog(p: ActionProps): ReactNode {
  const dt = useDutyT();
  const [kind, setKind] = useState<(typeof DESTINATION_KINDS)[number]>('itt');
  const [name, setName] = useState('');
  const [ground, setGround] = useState('');
  const [escort, setEscort] = useState('');
  const [handedTo, setHandedTo] = useState('');
  return (
    <CommandDialog
      open
      title={p.title}
      recordId={p.recordId}
      version={p.version}
      timeZone={p.timeZone}
      onClose={p.onClose}
      onChanged={p.onChanged}
      type="TransferDetainee"
      submitLabel={dt('end.confirmTransfer')}
      payload={() => ({
        destinationKind: kind,
        destinationName: name,
        ground,
        escort: namesToPeople(escort),
        handedOverTo: { name: handedTo },
      })}
    >
      {(errors) => (
        <>
          <SelectField
            label={dt('end.destinationKind')}
            name="destinationKind"
            value={kind}
            options={DESTINATION_KINDS.map((k) => ({ value: k, label: dt(`destination.${k}`) }))}
            onChange={(e) => {
              setKind(e.target.value as (typeof DESTINATION_KINDS)[number]);
            }}
          />
          <TextField
            label={dt('end.destinationName')}
            name="destinationName"
            required
            value={name}
            error={errors['destinationName']}
            onValue={setName}
          />
          <TextArea
            label={dt('end.transferGround')}
            name="ground"
            required
            value={ground}
            onChange={setGround}
            error={errors['ground']}
          />
          <TextField
            label={dt('end.escort')}
            name="escort"
            required
            value={escort}
            error={errors['escort']}
            onValue={setEscort}
          />
          <TextField
            label={dt('end.handedOverTo')}
            name="handedOverTo"
            required
            value={handedTo}
            error={errors['handedOverTo.name']}
            onValue={setHandedTo}
          />
        </>
      )}
    </CommandDialog>
  );
}
