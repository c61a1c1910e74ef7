import type { ReactNode } from 'react';
import { TextField } from '../../../ui/index.ts';
import { useDutyT } from '../i18n/use-duty-t.ts';
import { zoneName } from '../time.ts';

/** "When it happened", to the minute, defaulting to now: the officer states the real time (domain.md §3). */
export function OccurredAtField(props: {
  value: string;
  onChange: (value: string) => void;
  label?: string;
  /** The input's id, for an error summary's link. */
  id?: string | undefined;
  error?: string | undefined;
  /** The zone the value is in, named in the hint (the unit's); the device's when absent. */
  timeZone?: string | undefined;
}): ReactNode {
  const dt = useDutyT();
  return (
    <TextField
      label={props.label ?? dt('common.occurredAt')}
      hint={
        props.timeZone
          ? `${dt('common.occurredAtHint')} ${dt('common.timeZone', { zone: zoneName(props.timeZone) })}`
          : dt('common.occurredAtHint')
      }
      id={props.id}
      name="occurredAt"
      type="datetime-local"
      required
      value={props.value}
      error={props.error}
      onChange={(e) => {
        props.onChange(e.target.value);
      }}
    />
  );
}
