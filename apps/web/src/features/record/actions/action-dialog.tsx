import type { ReactNode } from 'react';
import { useDutyT } from '../i18n/use-duty-t.ts';
import type { RecordAction } from './action.ts';
import { CommandForm } from './command-form.tsx';
import type { FormContext } from './field-spec.ts';

/** The screen of one record action: its command form, titled with the person it is about. */
export function ActionDialog(props: {
  action: RecordAction;
  ctx: FormContext;
  version: number;
  personName: string;
  onClose: () => void;
}): ReactNode {
  const dt = useDutyT();
  const { action, ctx } = props;
  return (
    <CommandForm
      type={action.command}
      title={`${dt(action.label)}: ${props.personName}`}
      fields={action.fields}
      defaults={action.defaults?.(ctx) ?? {}}
      presets={action.presets}
      submitLabel={action.submitLabel ? dt(action.submitLabel) : undefined}
      ctx={ctx}
      version={props.version}
      onClose={props.onClose}
    />
  );
}
