import { useState } from 'react';
import type { SyntheticEvent, ReactNode } from 'react';
import type { CommandType, CommandPayload } from '@custody/domain';
import { ApiError } from '../../../api/client.ts';
import { useLocale, useT } from '../../../i18n/index.ts';
import { Button, Dialog, FormAlert, useToast } from '../../../ui/index.ts';
import { sendCommand } from '../api.ts';
import { useDutyT } from '../i18n/use-duty-t.ts';
import { describeRefusal } from '../refusal.ts';
import { fromLocalInput, toLocalInput } from '../time.ts';
import { validatePayload } from '../validation.ts';
import { OccurredAtField } from './occurred-at-field.tsx';

/** Field path → translated message, for the fields of a command form. */
export type FieldMessages = Readonly<Record<string, string>>;

/**
 * A modal that records one command: the time it happened (default now, to the minute, on the
 * unit's clock), the
 * fields given as children, inline validation with the domain's schema, and the server's refusal
 * as a translated sentence. A version conflict reloads the record (`onChanged`).
 */
export function CommandDialog<C extends CommandType>(props: {
  open: boolean;
  title: string;
  recordId: string;
  version: number;
  /** The unit's IANA zone: "when it happened" is read and shown in it, not in the device's. */
  timeZone: string;
  type: C;
  payload: () => CommandPayload<C>;
  submitLabel?: string;
  onClose: () => void;
  onChanged: () => void;
  children: (errors: FieldMessages) => ReactNode;
}): ReactNode {
  const t = useT();
  const { locale } = useLocale();
  const dt = useDutyT();
  const toast = useToast();
  const [when, setWhen] = useState(() => toLocalInput(new Date(), props.timeZone));
  const [errors, setErrors] = useState<FieldMessages>({});
  const [refusal, setRefusal] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    const occurredAt = fromLocalInput(when, props.timeZone);
    const payload = props.payload();
    const found: Record<string, string> = {};
    for (const [path, key] of Object.entries(validatePayload(props.type, payload))) {
      found[path] = t(key);
    }
    if (!occurredAt) found['occurredAt'] = t('form.required');
    setErrors(found);
    if (Object.keys(found).length > 0 || !occurredAt) {
      setRefusal(t('form.fixErrors'));
      return;
    }
    setBusy(true);
    setRefusal(undefined);
    try {
      await sendCommand(props.recordId, props.type, {
        occurredAt,
        expectedVersion: props.version,
        payload,
      });
      toast('success', dt('common.saved', { what: props.title }));
      props.onChanged();
      props.onClose();
    } catch (error) {
      setRefusal(describeRefusal(error, locale, dt, t));
      if (error instanceof ApiError && error.code === 'version_conflict') props.onChanged();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={props.open} title={props.title} onClose={props.onClose}>
      <form className="command-form" noValidate onSubmit={(e) => void submit(e)}>
        {refusal && <FormAlert>{refusal}</FormAlert>}
        {props.children(errors)}
        <OccurredAtField
          value={when}
          onChange={setWhen}
          error={errors['occurredAt']}
          timeZone={props.timeZone}
        />
        <div className="actions">
          <Button onClick={props.onClose}>{dt('common.cancel')}</Button>
          <Button type="submit" variant="primary" busy={busy}>
            {props.submitLabel ?? dt('common.save')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
