import { useState } from 'react';
import type { ReactNode } from 'react';
import { Button } from '../../../ui/index.ts';
import { useDutyT, type DutyKey } from '../i18n/use-duty-t.ts';
import { optional } from '../validation.ts';
import { CommandDialog } from './command-dialog.tsx';
import { TextArea, Toggle } from './fields.tsx';

const PRESETS: readonly DutyKey[] = [
  'check.preset.asleep',
  'check.preset.awake',
  'check.preset.distressed',
];

/**
 * The quick cell-check dialog (from the whiteboard's C key or the record's quick actions): the
 * actual time of the check, the condition and the rousing response (E&W Code C 9.3, Annex H).
 */
export function CellCheckDialog(props: {
  open: boolean;
  recordId: string;
  version: number;
  personName: string;
  timeZone: string;
  onClose: () => void;
  onChanged: () => void;
}): ReactNode {
  const dt = useDutyT();
  const [condition, setCondition] = useState('');
  const [roused, setRoused] = useState(false);
  const [response, setResponse] = useState('');
  const [concern, setConcern] = useState(false);
  return (
    <CommandDialog
      open={props.open}
      title={dt('check.title', { name: props.personName })}
      recordId={props.recordId}
      version={props.version}
      timeZone={props.timeZone}
      type="RecordCellCheck"
      submitLabel={dt('check.submit')}
      payload={() => ({ condition, roused, response: optional(response), concern })}
      onClose={props.onClose}
      onChanged={props.onChanged}
    >
      {(errors) => (
        <>
          <div className="presets">
            {PRESETS.map((key) => (
              <Button
                key={key}
                onClick={() => {
                  setCondition(dt(key));
                }}
              >
                {dt(key)}
              </Button>
            ))}
          </div>
          <TextArea
            label={dt('check.condition')}
            name="condition"
            value={condition}
            onChange={setCondition}
            error={errors['condition']}
            required
          />
          <Toggle label={dt('check.roused')} name="roused" checked={roused} onChange={setRoused} />
          {roused && (
            <TextArea
              label={dt('check.response')}
              name="response"
              value={response}
              onChange={setResponse}
              error={errors['response']}
            />
          )}
          <Toggle
            label={dt('check.concern')}
            name="concern"
            checked={concern}
            onChange={setConcern}
          />
        </>
      )}
    </CommandDialog>
  );
}
