import type { ReactNode } from 'react';
import { useLocale } from '../../../i18n/index.ts';
import { useDutyT } from '../i18n/use-duty-t.ts';
import { payloadFields } from './payload-fields.ts';
import { valueLabelKey } from './value-labels.ts';
import './payload-list.css';

/**
 * An entry's payload as labelled lines in the reader's language (field and value names, instants
 * on the unit's clock, internal ids left out), for every reader of a timeline: the unit's staff
 * and, read-only, monitors and lawyers.
 */
export function PayloadList(props: {
  payload: unknown;
  /** The event type whose fields the payload holds: a correction's values are the corrected entry's. */
  subjectType: string;
  timeZone: string;
}): ReactNode {
  const dt = useDutyT();
  const { locale } = useLocale();
  const fields = payloadFields(props.payload, {
    locale,
    timeZone: props.timeZone,
    yes: dt('common.yes'),
    no: dt('common.no'),
    valueLabel: (key, value) => {
      const label = valueLabelKey(props.subjectType, key, value);
      return label ? dt(label) : undefined;
    },
  });
  return (
    <dl className="entry-payload">
      {fields.map((field, i) => (
        <div key={i}>
          <dt>{field.label}</dt>
          <dd>{field.value}</dd>
        </div>
      ))}
    </dl>
  );
}
